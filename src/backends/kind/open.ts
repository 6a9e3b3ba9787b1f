import {rm} from 'node:fs/promises';
import {EnvironmentError, TutorError} from '../../core/errors.js';
import {linePrefixer} from '../../core/text.js';
import type {Backend} from '../backend.js';
import {probeLiveEnvironment, type LiveEnvironment} from '../select.js';
import {createKindBackend} from './backend.js';
import {classifyFailure} from './failure-hints.js';
import {createLiveObserver} from './observer.js';
import {ownedClusters, ownershipStore, planDeletion} from './ownership.js';
import {parseKindClusters} from './parse/kind-clusters.js';
import {capture, createRunner, type Runner} from './runner.js';
import type {StatePaths} from '../../state/paths.js';

/** What opening live clusters needs from its host (the CLI or the TUI): where things are, and where to report. */
export interface KindHost {
	/** Where the tool is installed (manifests/, kind-configs/). */
	readonly root: string;
	readonly cwd: string;
	readonly env: NodeJS.ProcessEnv;
	readonly paths: StatePaths;
	/** Aborted on Ctrl-C; long commands pass it down so children are killed. */
	readonly signal: AbortSignal;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	/** The archive `up --images` was given, which the lab's commands may load. */
	readonly imageArchive?: string;
}

/** Pure: why the live backend cannot open here, if it cannot. */
export function liveEnvironmentError(env: LiveEnvironment): EnvironmentError | undefined {
	const missing = [env.docker, env.kind].filter((part) => !part.ok).map((part) => part.detail);
	if (missing.length === 0) return undefined;
	return new EnvironmentError(
		`live kind clusters need a running Docker engine and kind: ${missing.join('; ')}`,
		'run `clustermesh-tutor doctor` for the exact fixes, or use `--backend sim` (the simulator needs no Docker)',
	);
}

function runnerFor(ctx: KindHost): Runner {
	return createRunner({paths: ctx.paths, cwd: ctx.cwd, root: ctx.root, ownership: ownershipStore(ctx.paths.ownership), env: ctx.env, imageArchive: ctx.imageArchive});
}

/** The live backend, after checking that Docker and kind are usable (EnvironmentError, exit 4, otherwise). */
export async function openKindBackend(ctx: KindHost, probed?: LiveEnvironment): Promise<Backend> {
	const error = liveEnvironmentError(probed ?? (await probeLiveEnvironment(undefined, ctx.env)));
	if (error) throw error;
	const runner = runnerFor(ctx);
	return createKindBackend({runner, observer: createLiveObserver({paths: ctx.paths, runner})});
}

/**
 * `down` for live clusters: deletes only the clusters the ownership record lists, then the
 * tool's kubeconfigs and the record. A lab-named cluster the tool did not create is left
 * alone, and said so. `~/.kube/config` is never read or written.
 */
export async function downLiveLab(ctx: KindHost): Promise<void> {
	const ownership = ownershipStore(ctx.paths.ownership);
	const runner = runnerFor(ctx);
	const listed = await capture(runner, {command: 'kind get clusters', target: 'lab', signal: ctx.signal, timeoutMs: 60_000});
	if (listed.exitCode !== 0) {
		const hint = classifyFailure(listed.stderr)[0];
		throw new EnvironmentError(`cannot list the kind clusters: ${hint?.title ?? listed.stderr.trim()}`, hint?.fix);
	}
	const plan = planDeletion(parseKindClusters(listed.stdout), ownedClusters(await ownership.read()));
	for (const cluster of plan.foreign) {
		ctx.stderr(`left alone: kind cluster ${cluster} exists but was not created by clustermesh-tutor (delete it yourself if it is yours)\n`);
	}
	if (plan.delete.length === 0) {
		ctx.stdout('no lab cluster created by clustermesh-tutor to delete\n');
		return;
	}
	const failed: string[] = [];
	const prefixer = linePrefixer(ctx.stdout);
	await Promise.all(
		plan.delete.map(async (cluster) => {
			const result = await runner.run({
				command: `kind delete cluster --name ${cluster} --kubeconfig ${ctx.paths.kubeconfig(cluster)}`,
				target: cluster,
				signal: ctx.signal,
				timeoutMs: 5 * 60_000,
				onOutput: (chunk) => prefixer.push(`[${cluster}] `, chunk.text),
			});
			if (result.exitCode !== 0) {
				failed.push(cluster);
				return;
			}
			await ownership.forget(cluster);
			await rm(ctx.paths.kubeconfig(cluster), {force: true});
		}),
	);
	prefixer.flush();
	if (failed.length > 0) {
		throw new TutorError(`could not delete ${failed.join(' and ')}`, undefined, 'see the output above, then run `down` again');
	}
	await rm(ctx.paths.labKubeconfig, {force: true});
	// The images re-saved for `kind load` (left behind when `up` stopped early); the prepared archive stays.
	await rm(ctx.paths.clusterImageArchive, {force: true});
	await ownership.remove();
	ctx.stdout(`deleted the lab clusters ${plan.delete.join(' and ')} and the tool's kubeconfigs\n`);
}
