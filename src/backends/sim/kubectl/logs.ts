import type {ProgramResult} from '../context.js';
import {flagBool, flagSet, flagString} from '../flags.js';
import {containerLog} from '../kube/container-logs.js';
import {findObject} from '../kube/objects.js';
import {containersOf, podPhase, workloadPods} from '../kube/pods.js';
import {UnsupportedFeature} from '../shell/host.js';
import {KubectlError, servedType, type Kube} from './common.js';
import {podFor} from './exec.js';

/**
 * `kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail N] [--timestamps]` over the lines the lab's
 * events produced (kube/container-logs.ts). Following, time windows, previous containers and
 * selectors are refused as unmodelled: the simulator's time does not run between commands.
 */

const USAGE = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

const UNMODELLED: readonly [flag: string, why: string][] = [
	['follow', 'kubectl logs -f (the simulator has no running processes to follow; leave out -f to read the log so far)'],
	['since', 'kubectl logs --since (the simulator does not model time windows; use --tail)'],
	['since-time', 'kubectl logs --since-time (the simulator does not model time windows; use --tail)'],
	['previous', 'kubectl logs --previous (no container in the lab has restarted)'],
	['all-containers', 'kubectl logs --all-containers'],
	['selector', 'kubectl logs -l'],
	['prefix', 'kubectl logs --prefix'],
	['limit-bytes', 'kubectl logs --limit-bytes'],
	['all-pods', 'kubectl logs --all-pods'],
];

/** For `deploy/x` with several pods kubectl says which one it reads (polymorphichelpers). */
function announcePick(kube: Kube, target: string, pod: string): void {
	const slash = target.indexOf('/');
	if (slash < 0) return;
	const type = servedType(kube, target.slice(0, slash));
	if (type.kind === 'Pod') return;
	const owner = findObject(kube.cluster, type.kind, kube.namespace, target.slice(slash + 1));
	const count = owner ? workloadPods(kube.cluster, owner).length : 0;
	if (count > 1) kube.ctx.io.stderr(`Found ${count} pods, using pod/${pod}\n`);
}

export function logs(kube: Kube, args: readonly string[]): ProgramResult {
	for (const [flag, why] of UNMODELLED) {
		if (flagSet(kube.flags, flag) && (flag !== 'follow' || flagBool(kube.flags, flag))) throw new UnsupportedFeature(why);
	}
	if (args.length === 0) throw new KubectlError(USAGE);
	if (args.length > 2) throw new KubectlError(USAGE);
	const target = args[0] ?? '';
	const pod = podFor(kube, target);
	const containers = containersOf(pod);
	// `kubectl logs POD CONTAINER` is the old spelling of -c.
	const named = flagString(kube.flags, 'container') ?? args[1];
	const container = named === undefined ? containers[0] : containers.find((c) => c.name === named);
	if (!container) throw new KubectlError(`error: container ${named ?? ''} is not valid for pod ${pod.metadata.name}`);
	const tailText = flagString(kube.flags, 'tail') ?? '-1';
	const tail = Number(tailText);
	announcePick(kube, target, pod.metadata.name);
	if (named === undefined && containers.length > 1) {
		kube.ctx.io.stderr(`Defaulted container "${container.name}" out of: ${containers.map((c) => c.name).join(', ')}\n`);
	}
	if (podPhase(pod) !== 'Running') {
		throw new KubectlError(`Error from server (BadRequest): container "${container.name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
	}
	const lines = containerLog(kube.ctx.state, kube.cluster, pod, container.name);
	const shown = tail < 0 ? lines : tail === 0 ? [] : lines.slice(-tail);
	const stamps = flagBool(kube.flags, 'timestamps');
	kube.ctx.io.stdout(shown.map((l) => `${stamps ? `${l.time} ` : ''}${l.text}\n`).join(''));
	return {exitCode: 0};
}
