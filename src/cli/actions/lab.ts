import type {Backend} from '../../backends/backend.js';
import type {BackendChoice} from '../../backends/choices.js';
import {classifyFailure} from '../../backends/kind/failure-hints.js';
import {openLab} from '../../app/open-lab.js';
import {TutorError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {executePlan, type PlanFailure, type PlanResult} from '../../lab/execute.js';
import {formatPlan, planEventLine} from '../../lab/format.js';
import {labPlan, parallelGroups} from '../../lab/plan.js';
import {ttyProgress} from '../../lab/progress.js';
import {observeLabState} from '../../lessons/lab-state.js';
import type {LabStage} from '../../lessons/model.js';
import type {CliContext} from '../context.js';
import {openBackend} from '../open-backend.js';

export type BuildStage = Exclude<LabStage, 'none'>;

/** Runs the plan on a backend: a live task list on a terminal, one plain line per task event otherwise. */
export async function runUp(backend: Backend, until: BuildStage, ctx: CliContext): Promise<void> {
	const tasks = labPlan(until);
	const started = new Map<string, number>();
	const tty = ctx.isTTY ? ttyProgress(parallelGroups(tasks).flat(), ctx.stdout, process.stdout.columns || 100) : undefined;
	let result: PlanResult;
	try {
		result = await executePlan(tasks, backend, {
			signal: ctx.signal,
			onEvent: (event) => {
				if (tty) return tty.onEvent(event);
				if (event.type === 'task-start') started.set(event.task.id, Date.now());
				const line = planEventLine(event, (id) => Date.now() - (started.get(id) ?? Date.now()));
				if (line) ctx.stdout(`${line}\n`);
			},
		});
	} finally {
		tty?.stop();
	}
	if (ctx.signal.aborted) throw new TutorError('interrupted; run `up` again to resume where it stopped', EXIT.interrupted);
	if (!result.ok) {
		for (const failure of result.failures) ctx.stderr(describeFailure(failure, Boolean(tty)));
		throw new TutorError(
			`building the lab failed at ${result.failures.map((f) => f.task).join(', ')}`,
			EXIT.failed,
			'fix the cause above, then run `up` again: finished tasks are skipped',
		);
	}
	ctx.stdout(`lab ready (${backend.label.toLowerCase()}): ${until === 'app' ? 'clusters, Cilium, mesh and app' : `up to ${until}`}\n`);
}

/** What failed, with the known causes the output shows (Docker down, port taken, rate limit, …) and their fixes. */
export function describeFailure(failure: PlanFailure, withTail: boolean): string {
	const lines = withTail ? [`✘ ${failure.task}: \`${failure.command}\` exited with ${failure.exitCode}`, failure.outputTail.replace(/^/gm, '    ')] : [];
	for (const hint of classifyFailure(failure.outputTail)) lines.push(`  cause: ${hint.title}`, `  fix:   ${hint.fix}`);
	return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function upAction(ctx: CliContext, options: {backend: BackendChoice; until: BuildStage; dryRun?: boolean}): Promise<void> {
	if (options.dryRun) {
		const groups = parallelGroups(labPlan(options.until));
		if (options.backend === 'sim') {
			ctx.stdout(formatPlan(groups));
			return;
		}
		const {liveCommandRenderer, livePlanHeader} = await import('../../backends/kind/dry-run.js');
		ctx.stdout(livePlanHeader(ctx.paths) + formatPlan(groups, {renderCommand: liveCommandRenderer(ctx.paths, ctx)}));
		return;
	}
	await runUp(await openBackend(options.backend, ctx), options.until, ctx);
}

export async function downAction(ctx: CliContext, options: {backend: BackendChoice}): Promise<void> {
	const lab = await openLab(ctx, options.backend, {announce: true});
	await lab.down();
}

export async function statusAction(ctx: CliContext, options: {backend: BackendChoice; json?: boolean}): Promise<void> {
	const backend = await openBackend(options.backend, ctx);
	const state = await observeLabState(backend.observer);
	if (options.json) {
		ctx.stdout(`${JSON.stringify({schema: 1, backend: backend.kind, state})}\n`);
		return;
	}
	ctx.stdout(`backend: ${backend.label}\nstage:   ${state.stage}\nencryption: ${state.encryption ? 'WireGuard' : 'off'}\n`);
	for (const [cluster, w] of Object.entries(state.workloads ?? {})) {
		const annotations = Object.entries(w.annotations).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
		ctx.stdout(`${cluster}: rebel-base replicas ${w.replicas}; annotations: ${annotations}; policies: ${w.policies.join(', ') || 'none'}\n`);
	}
}
