import type {ProgramContext, ProgramResult} from '../context.js';
import {imageProfile} from '../container/images.js';
import {Shell, type ShellIo} from '../container/shell.js';
import {endpointOf} from '../datapath/endpoints.js';
import {newNet} from '../datapath/network.js';
import {flagBool, flagString, flagStrings} from '../flags.js';
import {admit} from '../kube/admission.js';
import {podSpecDefaults, reconcile} from '../kube/controllers.js';
import {createObject, findObject, removeObject} from '../kube/objects.js';
import {containersOf, podPhase, preferredPod, workloadPods} from '../kube/pods.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {ClusterState, K8sObject} from '../state.js';
import {KubectlError, notFound, servedType, type Kube} from './common.js';
import {withoutDigest} from '../../../images/catalog.js';

/** `kubectl exec` and `kubectl run`: programs run inside pods through the container shell. */

const OLD_FORM = "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples";

/** The pod kubectl picks for `deploy/x`: ready ones first, then the oldest (like its ByLogging order). */
export function podFor(kube: Kube, target: string): K8sObject {
	const slash = target.indexOf('/');
	if (slash < 0) {
		const pod = findObject(kube.cluster, 'Pod', kube.namespace, target);
		if (!pod) throw new KubectlError(`Error from server (NotFound): pods "${target}" not found`);
		return pod;
	}
	const type = servedType(kube, target.slice(0, slash));
	const name = target.slice(slash + 1);
	const owner = findObject(kube.cluster, type.kind, kube.namespace, name);
	if (!owner) throw new KubectlError(notFound(type, name));
	if (type.kind === 'Pod') return owner;
	const pod = preferredPod(workloadPods(kube.cluster, owner));
	if (!pod) throw new KubectlError(`error: no pods found for ${type.singular} ${name}`);
	return pod;
}

/** Runs argv in a container of the pod; returns the program's exit status. */
export function execInPod(ctx: ProgramContext, cluster: ClusterState, pod: K8sObject, containerName: string | undefined, argv: readonly string[], io: ShellIo): number {
	const containers = containersOf(pod);
	const container = containerName === undefined ? containers[0] : containers.find((c) => c.name === containerName);
	if (!container) throw new KubectlError(`Error from server (BadRequest): container ${containerName ?? ''} is not valid for pod ${pod.metadata.name}`);
	if (podPhase(pod) !== 'Running') throw new KubectlError(`error: unable to upgrade connection: container not found ("${container.name}")`);
	const profile = imageProfile(container.image);
	if (!profile) throw new UnsupportedFeature(`commands in a container running ${withoutDigest(container.image)}`);
	const program = argv[0] ?? '';
	const name = program.split('/').pop() ?? program;
	if (profile.absent.has(name)) {
		throw new KubectlError(
			`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`,
		);
	}
	const shell = new Shell({net: newNet(ctx.state, ctx.env, ctx.clock), endpoint: endpointOf(cluster, pod), profile}, 'sh');
	return shell.runArgv(argv, io);
}

export function exec(kube: Kube, args: readonly string[]): ProgramResult {
	const command = kube.flags.afterDash;
	if (command === null) throw new KubectlError(args.length > 1 ? OLD_FORM : 'error: you must specify at least one command for the container');
	if (args.length === 0) throw new KubectlError("error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples");
	if (args.length > 1) throw new KubectlError(OLD_FORM);
	if (command.length === 0) throw new KubectlError('error: you must specify at least one command for the container');
	const pod = podFor(kube, args[0] ?? '');
	const io = kube.ctx.io;
	// The tutor's commands never have a terminal: kubectl warns and carries on without one.
	if (flagBool(kube.flags, 'tty')) io.stderr('Unable to use a TTY - input is not a terminal or the right kind of file\n');
	const containerName = flagString(kube.flags, 'container');
	const containers = containersOf(pod);
	if (containerName === undefined && containers.length > 1 && !flagBool(kube.flags, 'quiet')) {
		io.stderr(`Defaulted container "${containers[0]?.name ?? ''}" out of: ${containers.map((c) => c.name).join(', ')}\n`);
	}
	const stdin = flagBool(kube.flags, 'stdin') ? kube.ctx.stdin : '';
	const status = execInPod(kube.ctx, kube.cluster, pod, containerName, command, {out: io.stdout, err: io.stderr, stdin});
	if (status !== 0) io.stderr(`command terminated with exit code ${status}\n`);
	return {exitCode: status};
}

export function run(kube: Kube, args: readonly string[]): ProgramResult {
	const [name] = args;
	if (!name) throw new KubectlError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
	const image = flagString(kube.flags, 'image');
	if (!image) throw new KubectlError('error: required flag(s) "image" not set');
	if (flagString(kube.flags, 'overrides') !== undefined) throw new UnsupportedFeature('kubectl run --overrides');
	if (findObject(kube.cluster, 'Pod', kube.namespace, name)) throw new KubectlError(`Error from server (AlreadyExists): pods "${name}" already exists`);
	if (!findObject(kube.cluster, 'Namespace', undefined, kube.namespace)) throw new KubectlError(`Error from server (NotFound): namespaces "${kube.namespace}" not found`);
	const labelPairs = flagStrings(kube.flags, 'labels');
	const labels = labelPairs.length > 0 ? Object.fromEntries(labelPairs.map((p) => [p.split('=')[0] ?? p, p.split('=').slice(1).join('=')])) : {run: name};
	const command = kube.flags.afterDash ?? args.slice(1);
	const useCommand = flagBool(kube.flags, 'command');
	const container: Record<string, unknown> = {name, image, ...(command.length > 0 ? {[useCommand ? 'command' : 'args']: [...command]} : {})};
	const pod: K8sObject = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, namespace: kube.namespace, labels},
		spec: podSpecDefaults({containers: [container], restartPolicy: flagString(kube.flags, 'restart') ?? 'Always'}),
		status: {phase: 'Pending'},
	};
	const attach = flagBool(kube.flags, 'stdin') || flagBool(kube.flags, 'attach');
	if (!attach) {
		createObject(kube.cluster, kube.ctx.env, admit(kube.cluster, kube.ctx.env, pod));
		reconcile(kube.cluster, kube.ctx.env);
		kube.ctx.io.stdout(`pod/${name} created\n`);
		return {exitCode: 0};
	}
	if (command.length === 0) throw new UnsupportedFeature(`attaching to the default command of ${withoutDigest(image)}`);
	const created = createObject(kube.cluster, kube.ctx.env, admit(kube.cluster, kube.ctx.env, pod));
	reconcile(kube.cluster, kube.ctx.env);
	const started = findObject(kube.cluster, 'Pod', kube.namespace, name) ?? created;
	if (flagBool(kube.flags, 'tty')) kube.ctx.io.stderr('Unable to use a TTY - input is not a terminal or the right kind of file\n');
	if (podPhase(started) !== 'Running') throw new KubectlError('error: timed out waiting for the condition');
	kube.ctx.io.stderr("If you don't see a command prompt, try pressing enter.\n");
	const io = kube.ctx.io;
	const status = execInPod(kube.ctx, kube.cluster, started, undefined, command, {out: io.stdout, err: io.stderr, stdin: kube.ctx.stdin});
	if (flagBool(kube.flags, 'rm')) {
		removeObject(kube.cluster, started);
		io.stdout(`pod "${name}" deleted\n`);
	}
	if (status !== 0) io.stderr(`pod ${kube.namespace}/${name} terminated (Error)\n`);
	return {exitCode: status, keepPartial: !flagBool(kube.flags, 'rm')};
}
