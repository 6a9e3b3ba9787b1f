import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {attachedNames, attachPaths, type Attachment} from '../../attach/attachment.js';
import {resolveClusterNames, resolveManifestClusterNames} from '../../attach/cluster-names.js';
import {loadManifestIndex} from '../../attach/manifest-index.js';
import {EXIT} from '../../core/exit-codes.js';
import {CLUSTERS} from '../../core/lab.js';
import {checkAttachedCommand, type ManifestObject} from '../../gate/attach-policy.js';
import {formatRefusal} from '../../gate/verdict.js';
import type {StatePaths} from '../../state/paths.js';
import {writeFileVerified} from '../../state/verified-write.js';
import {commandHome} from '../kind/command-env.js';
import {spawnLabCommand, type Runner} from '../kind/runner.js';
import {ensureToolShim, toolShimScript} from '../kind/tool-shim.js';

/**
 * The runner for attached clusters: each lesson command has its cluster names resolved to the
 * attached clusters' Cilium names, passes the attach-mode gate, and runs with the tool's own
 * copied kubeconfig (its contexts' namespace is the lab namespace) in a folder holding the
 * tutorial's manifests with their cluster names resolved the same way.
 */

export interface AttachedRunnerOptions {
	readonly paths: StatePaths;
	readonly attachment: Attachment;
	/** The tool's install folder (its manifests are rendered from there). */
	readonly root: string;
	readonly env?: NodeJS.ProcessEnv;
	readonly timeoutMs?: number;
	readonly graceMs?: number;
}

/** Writes `<attached>/root/manifests/…`: the tutorial's manifests, cluster names resolved. */
export async function renderManifests(root: string, into: string, attachment: Attachment): Promise<Map<string, ManifestObject[]>> {
	const index = await loadManifestIndex(root);
	const names = attachedNames(attachment);
	for (const file of index.keys()) {
		const target = path.join(into, file);
		await mkdir(path.dirname(target), {recursive: true});
		await writeFileVerified(target, resolveManifestClusterNames(await readFile(path.join(root, file), 'utf8'), names), {durable: false});
	}
	return index;
}

export async function createAttachedRunner(options: AttachedRunnerOptions): Promise<Runner> {
	const {paths, attachment} = options;
	const own = attachPaths(paths.home);
	const cwd = path.join(own.dir, 'root');
	const manifests = await renderManifests(options.root, cwd, attachment);
	const names = attachedNames(attachment);
	const contexts = {koornacht: attachment.clusters.koornacht.context, tion: attachment.clusters.tion.context};
	const home = commandHome(paths);
	const shimDir = path.join(paths.home, 'bin');
	return {
		async run(request) {
			const line = resolveClusterNames(request.command, names);
			const kubeconfig = request.target === 'lab' ? own.labKubeconfig : own.kubeconfig(request.target);
			const verdict = checkAttachedCommand(line, {target: request.target, owned: CLUSTERS, kubeconfig, contexts, namespace: attachment.namespace, manifests});
			if (!verdict.ok) {
				request.onOutput({stream: 'stderr', text: formatRefusal(verdict)});
				return {exitCode: EXIT.refused, cancelled: false};
			}
			await mkdir(home, {recursive: true, mode: 0o700});
			await ensureToolShim(shimDir, toolShimScript(process.execPath, options.root));
			return spawnLabCommand(line, request, {...options, cwd, kubeconfig});
		},
	};
}
