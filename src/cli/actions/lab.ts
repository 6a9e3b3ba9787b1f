import type {Backend} from '../../backends/backend.js';
import type {BackendChoice} from '../../backends/choices.js';
import {classifyFailure} from '../../backends/kind/failure-hints.js';
import {openLab} from '../../app/open-lab.js';
import {TutorError, UsageError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {locateArchive, type LocatedArchive} from '../../images/locate.js';
import {writeJsonAtomic} from '../../state/json-file.js';
import {executePlan, type PlanFailure, type PlanResult} from '../../lab/execute.js';
import {formatPlan, planEventLine} from '../../lab/format.js';
import {labPlan, parallelGroups} from '../../lab/plan.js';
import {applyPlanEvent, initialProgress, ttyProgress} from '../../lab/progress.js';
import {formatTimings, upTimings} from '../../lab/timings.js';
import {observeLabState} from '../../lessons/lab-state.js';
import {attachPaths, readAttachment, type Attachment} from '../../attach/attachment.js';
import {ObservationError} from '../../backends/observations.js';
import {CLUSTERS, type ClusterName} from '../../core/lab.js';
import type {LabStage} from '../../lessons/model.js';
import type {CliContext} from '../context.js';
import {openCliLab} from '../open-backend.js';

export type BuildStage = Exclude<LabStage, 'none'>;

/**
 * Runs the plan on a backend: a live task list on a terminal, one plain line per task event
 * otherwise; then each task's duration and the total, also kept in the state folder.
 */
export async function runUp(backend: Backend, until: BuildStage, ctx: CliContext, options: {imageArchive?: string; clusterImages?: readonly string[]} = {}): Promise<void> {
	const tasks = labPlan(until, options.imageArchive ? {...options, clusterImageArchive: ctx.paths.clusterImageArchive} : {});
	const ordered = parallelGroups(tasks).flat();
	const startedAt = Date.now();
	let progress = initialProgress(ordered);
	const tty = ctx.isTTY ? ttyProgress(ordered, ctx.stdout, process.stdout.columns || 100) : undefined;
	let result: PlanResult;
	try {
		result = await executePlan(tasks, backend, {
			signal: ctx.signal,
			onEvent: (event) => {
				progress = applyPlanEvent(progress, event, Date.now());
				if (tty) return tty.onEvent(event);
				const line = planEventLine(event, (id) => {
					const t = progress.find((p) => p.id === id);
					return t?.startedAt === undefined ? 0 : (t.endedAt ?? Date.now()) - t.startedAt;
				});
				if (line) ctx.stdout(`${line}\n`);
			},
		});
	} finally {
		tty?.stop();
	}
	const timings = upTimings(progress, {startedAt, endedAt: Date.now(), ok: result.ok, imageArchive: options.imageArchive});
	ctx.stdout(formatTimings(timings));
	await writeJsonAtomic(ctx.paths.timings, timings, {durable: false}).catch((error: Error) =>
		ctx.stderr(`clustermesh-tutor: could not keep the durations in ${ctx.paths.timings}: ${error.message}\n`),
	);
	if (ctx.signal.aborted) throw new TutorError('interrupted; run `up` again to resume where it stopped', EXIT.interrupted);
	if (!result.ok) {
		for (const failure of result.failures) ctx.stderr(describeFailure(failure, Boolean(tty)));
		throw new TutorError(
			`building the lab failed at ${result.failures.map((f) => f.task).join(', ')}`,
			EXIT.failed,
			'fix the cause above, then run `up` again: finished tasks are skipped',
		);
	}
	// The nodes have their images now; the re-saved copy only served the loads.
	if (options.imageArchive && until !== 'clusters') await rm(ctx.paths.clusterImageArchive, {force: true});
	ctx.stdout(`lab ready (${backend.label.toLowerCase()}): ${until === 'app' ? 'clusters, Cilium, mesh and app' : `up to ${until}`}\n`);
}

/** What failed, with the known causes the output shows (Docker down, port taken, rate limit, …) and their fixes. */
export function describeFailure(failure: PlanFailure, withTail: boolean): string {
	const lines = withTail ? [`✘ ${failure.task}: \`${failure.command}\` exited with ${failure.exitCode}`, failure.outputTail.replace(/^/gm, '    ')] : [];
	if (failure.transient) {
		const tries = failure.attempts && failure.attempts > 1 ? ` (still failing after ${failure.attempts} attempts)` : '';
		lines.push(`  cause: ${failure.transient.title}${tries}`);
	}
	for (const hint of classifyFailure(failure.outputTail)) lines.push(`  cause: ${hint.title}`, `  fix:   ${hint.fix}`);
	return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Pure: what the plan needs from a located archive: the file, and which images go into the nodes. */
function archivePlanOptions(located: LocatedArchive, ctx: CliContext) {
	if (!located.archive || !located.manifest) return {};
	const clusterImages = located.manifest.images.filter((e) => e.role === 'cluster').map((e) => e.ref);
	return {imageArchive: located.archive, clusterImages, clusterImageArchive: ctx.paths.clusterImageArchive};
}

/** Pure: the line `up` and `up --dry-run` print about prepared images. */
export function imagesLine(located: LocatedArchive, live: boolean): string {
	if (!live) return '';
	if (located.archive) return `images: loading the prepared archive ${located.archive} (no registry traffic)\n`;
	if (located.problem) {
		return `images: the archive at ${located.looked} is not usable (${located.problem.problems[0] ?? 'incomplete'}); pulling from the registries instead. Fix: \`clustermesh-tutor prepare\` again\n`;
	}
	return `images: none prepared (looked for ${located.looked}); every node pulls from the registries. For a room with one Wi-Fi: \`clustermesh-tutor prepare\` first\n`;
}

export async function upAction(ctx: CliContext, options: {backend: BackendChoice; until: BuildStage; dryRun?: boolean; images?: string}): Promise<void> {
	const explicit = options.images ? path.resolve(ctx.cwd, options.images) : undefined;
	const located = await locateArchive(ctx.paths.imageArchive, explicit);
	if (explicit && !located.archive) {
		throw new UsageError(
			`--images ${options.images}: ${located.problem?.problems.join('; ') ?? 'not usable'}`,
			'point it at an archive written by `clustermesh-tutor prepare` (its .manifest.json beside it), or check it with `prepare --check FILE`',
		);
	}
	if (options.dryRun) {
		const live = options.backend !== 'sim';
		const groups = parallelGroups(labPlan(options.until, live ? archivePlanOptions(located, ctx) : {}));
		if (!live) {
			ctx.stdout(formatPlan(groups));
			return;
		}
		const {liveCommandRenderer, livePlanHeader} = await import('../../backends/kind/dry-run.js');
		ctx.stdout(livePlanHeader(ctx.paths) + imagesLine(located, true) + formatPlan(groups, {renderCommand: liveCommandRenderer(ctx.paths, ctx)}));
		return;
	}
	// The gate lets the lab's commands read the archive `--images` named, and only that one besides the tool's own.
	const {backend} = await openLab({...ctx, imageArchive: located.archive}, options.backend, {announce: true});
	const live = backend.kind !== 'sim';
	if (live) ctx.stdout(imagesLine(located, true));
	await runUp(backend, options.until, ctx, live ? archivePlanOptions(located, ctx) : {});
}

/** `down --dry-run`: reads the ownership record and, where kind answers, its cluster list; deletes nothing. */
async function downDryRun(ctx: CliContext, backend: BackendChoice): Promise<void> {
	if (backend === 'sim') {
		ctx.stdout(`Plan for \`down\` (nothing was deleted): the simulated lab's state ${ctx.paths.simState}\n`);
		return;
	}
	const [{askTool}, {ownedClusters, ownershipStore}, {parseKindClusters}, {formatDownPlan}] = await Promise.all([
		import('../../backends/kind/doctor/ask.js'),
		import('../../backends/kind/ownership.js'),
		import('../../backends/kind/parse/kind-clusters.js'),
		import('../../backends/kind/down-plan.js'),
	]);
	const owned = ownedClusters(await ownershipStore(ctx.paths.ownership).read());
	const answer = await askTool('kind', ['get', 'clusters'], {env: ctx.env, timeoutMs: 30_000});
	const listed = !answer.found
		? {unavailable: 'kind is not installed'}
		: answer.exitCode !== 0
			? {unavailable: (answer.stderr.trim().split('\n')[0] ?? '') || `kind exited with ${answer.exitCode}`}
			: {names: parseKindClusters(answer.stdout)};
	ctx.stdout(formatDownPlan({paths: ctx.paths, owned, listed}));
}

export async function downAction(ctx: CliContext, options: {backend: BackendChoice; dryRun?: boolean}): Promise<void> {
	if (options.dryRun) return downDryRun(ctx, options.backend);
	const lab = await openLab(ctx, options.backend, {announce: true});
	await lab.down();
}

export async function statusAction(ctx: CliContext, options: {backend: BackendChoice; json?: boolean}): Promise<void> {
	const {backend, kind} = await openCliLab(options.backend, ctx);
	// Attached clusters are the learner's: name their contexts and namespace, and never advise `up` for them.
	const attachment = kind === 'attached' ? await readAttachment(attachPaths(ctx.paths.home)) : undefined;
	const state = await observeLabState(backend.observer).catch((error: unknown) => {
		if (!attachment || !(error instanceof ObservationError)) throw error;
		throw new TutorError(`cannot observe the attached clusters: ${error.message}`, EXIT.failed, attachedReachFix(attachment));
	});
	if (options.json) {
		ctx.stdout(`${JSON.stringify({schema: 1, backend: kind, ...(attachment ? {attached: attachedSummary(attachment)} : {}), state})}\n`);
		return;
	}
	ctx.stdout(`backend: ${backend.label}\n${attachment ? `namespace: ${attachment.namespace}\n` : ''}stage:   ${state.stage}\nencryption: ${state.encryption ? 'WireGuard' : 'off'}\n`);
	for (const [cluster, w] of Object.entries(state.workloads ?? {})) {
		const annotations = Object.entries(w.annotations).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
		ctx.stdout(`${cluster}: rebel-base replicas ${w.replicas}; annotations: ${annotations}; policies: ${w.policies.join(', ') || 'none'}\n`);
	}
}

/** Which of the learner's clusters the lab is, for `status --json`: contexts, Cilium cluster names, the lab namespace. */
function attachedSummary(attachment: Attachment) {
	const cluster = (c: ClusterName) => ({context: attachment.clusters[c].context, clusterName: attachment.clusters[c].clusterName});
	return {namespace: attachment.namespace, clusters: {koornacht: cluster('koornacht'), tion: cluster('tion')}};
}

function attachedReachFix(attachment: Attachment): string {
	const contexts = CLUSTERS.map((c) => attachment.clusters[c].context);
	return `check that both clusters answer (\`kubectl --context ${contexts[0]} get ns\`, \`kubectl --context ${contexts[1]} get ns\`); \`clustermesh-tutor detach\` forgets them`;
}
