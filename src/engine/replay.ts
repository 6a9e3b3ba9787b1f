import type {Backend} from '../backends/backend.js';
import {executePlan, type PlanResult} from '../lab/execute.js';
import {labPlan, stageIndex} from '../lab/plan.js';
import {observeLabState} from '../lessons/lab-state.js';
import type {LabStage, LabStateSpec, Lesson, LessonCommand} from '../lessons/model.js';
import type {TaggedChunk} from './run-command.js';
import {
	baseStage,
	planJump,
	planSize,
	replayItems,
	resetPlan,
	resumePoint,
	type JumpDecision,
	type LabPlan,
	type Position,
	type ReplayItem,
} from './curriculum.js';
import {failedCommandText, runCommands} from './step-runner.js';

/**
 * Executes the plans `curriculum.ts` makes: building the base stage, undoing, replaying
 * solutions. Commands run through the step runner's command part (`runCommands`), so a replay
 * stops at the first failing command exactly as a step does.
 */

export type ReplayEvent =
	| {readonly type: 'base'; readonly result: PlanResult}
	| {readonly type: 'command'; readonly index: number; readonly total: number; readonly item: ReplayItem}
	| {readonly type: 'output'; readonly item: ReplayItem; readonly chunk: TaggedChunk};

export interface ReplayFailure {
	readonly item?: ReplayItem;
	readonly exitCode: number;
	readonly message: string;
}

/**
 * Builds the base stage with the lab plan when the lab is fresh, then replays the items.
 * Stops at the first failing command.
 */
export async function replay(
	backend: Backend,
	items: readonly ReplayItem[],
	options: {
		readonly buildBase?: LabStage;
		readonly signal?: AbortSignal;
		readonly onEvent?: (event: ReplayEvent) => void;
	} = {},
): Promise<ReplayFailure | undefined> {
	const emit = options.onEvent ?? (() => {});
	if (options.buildBase && stageIndex(options.buildBase) > stageIndex('none')) {
		const result = await executePlan(labPlan(options.buildBase as Exclude<LabStage, 'none'>), backend, {signal: options.signal});
		emit({type: 'base', result});
		const failure = result.failures[0];
		if (!result.ok) {
			return {
				exitCode: failure?.exitCode ?? 1,
				message: failure ? `building the lab failed at \`${failure.command}\`` : 'building the lab was interrupted',
			};
		}
	}
	const {stopped, ran} = await runCommands(
		items.map((i) => i.command),
		{
			backend,
			signal: options.signal,
			onEvent: (event) => {
				const item = items[event.type === 'command-start' || event.type === 'output' ? event.index : -1];
				if (!item) return;
				if (event.type === 'command-start') emit({type: 'command', index: event.index, total: items.length, item});
				else if (event.type === 'output') emit({type: 'output', item, chunk: event.chunk});
			},
		},
	);
	if (!stopped) return undefined;
	const item = items[ran.length - 1];
	return {item, exitCode: stopped.exitCode, message: failedCommandText(stopped)};
}

/** Progress of a lab plan: what a progress bar and an output pane need. */
export type LabPlanEvent =
	/** `done` of `total` (`planSize`) commands finished; `current` runs now. */
	| {readonly type: 'progress'; readonly done: number; readonly total: number; readonly current?: string}
	/** A command starts: its output follows. */
	| {readonly type: 'command'; readonly command: LessonCommand}
	| {readonly type: 'output'; readonly command: LessonCommand; readonly chunk: TaggedChunk}
	/** The command's output ended. */
	| {readonly type: 'command-end'; readonly command: LessonCommand};

/** How a lab plan ended. `failed` carries a sentence for the learner. */
export type LabPlanOutcome =
	| {readonly status: 'done'; readonly labAt: Position}
	| {readonly status: 'failed'; readonly message: string}
	| {readonly status: 'cancelled'};

/**
 * Runs a catch-up, rewind or reset plan: wipe (simulator), undo commands (a failure there is
 * fine: removing something already gone), the base stage, then the solutions. Reports
 * progress counted exactly as `planSize` counts the plan.
 */
export async function runLabPlan(
	plan: LabPlan,
	backend: Backend,
	options: {readonly wipe?: () => Promise<void>; readonly signal?: AbortSignal; readonly onEvent?: (event: LabPlanEvent) => void},
): Promise<LabPlanOutcome> {
	const emit = options.onEvent ?? (() => {});
	const {signal} = options;
	const total = planSize(plan);
	const progress = (done: number, current?: string) => emit({type: 'progress', done, total, current});
	progress(0);
	try {
		if (plan.wipe) await options.wipe?.();
		let done = 0;
		let current: LessonCommand | undefined;
		const end = () => {
			if (current) emit({type: 'command-end', command: current});
			current = undefined;
		};
		for (const command of plan.undo) {
			progress(done, command.command);
			emit({type: 'command', command});
			const {stopped} = await runCommands([command], {
				backend,
				signal,
				onEvent: (event) => event.type === 'output' && emit({type: 'output', command, chunk: event.chunk}),
			});
			emit({type: 'command-end', command});
			if (stopped?.cancelled) return {status: 'cancelled'};
			done++;
		}
		if (plan.buildBase) progress(done, `building the lab (${plan.buildBase})`);
		const failure = await replay(backend, plan.items, {
			buildBase: plan.buildBase,
			signal,
			onEvent: (event) => {
				if (event.type === 'command') {
					end();
					progress(done + event.index, event.item.command.command);
					current = event.item.command;
					emit({type: 'command', command: current});
				} else if (event.type === 'output' && current) {
					emit({type: 'output', command: current, chunk: event.chunk});
				}
			},
		});
		end();
		if (signal?.aborted) return {status: 'cancelled'};
		if (failure) return {status: 'failed', message: failure.message};
		progress(total);
		return {status: 'done', labAt: plan.target};
	} catch (error) {
		if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return {status: 'cancelled'};
		return {status: 'failed', message: error instanceof Error ? error.message : String(error)};
	}
}

/**
 * What opening `target` takes (`planJump`), after asking live clusters whether they exist
 * (missing ones need the base stage built first). The simulator needs no look.
 */
export async function decideJump(lessons: readonly Lesson[], target: Position, backend: Backend, lab: Position | undefined): Promise<JumpDecision> {
	const labEmpty = backend.kind === 'kind' && (await backend.observer.clusters().catch(() => [])).length === 0;
	return planJump(lessons, target, {backend: backend.kind, lab, labEmpty});
}

/**
 * The plan that resets `lesson` to its start (`resetPlan`). Live clusters are observed first
 * so the plan undoes exactly what differs; the simulator rebuilds and needs no look.
 */
export async function planLessonReset(
	lessons: readonly Lesson[],
	lesson: Lesson,
	backend: Backend,
	observe: (backend: Backend) => Promise<LabStateSpec> = (b) => observeLabState(b.observer),
	step = 0,
): Promise<LabPlan> {
	const observed = backend.kind === 'kind' ? await observe(backend) : undefined;
	return resetPlan(lessons, lesson, {backend: backend.kind, observed}, step);
}

/**
 * Walks lessons in curriculum order: before the first one the lab is observed and catch-up
 * starts after the latest lesson whose end state it matches (or from scratch, building the
 * first lesson's base stage); later lessons continue from where the previous one left. Then
 * `visit` runs the lesson. Stops at the first failed catch-up and returns it.
 */
export async function walkLessons(
	catalog: readonly Lesson[],
	lessons: readonly Lesson[],
	backend: Backend,
	options: {readonly signal?: AbortSignal; readonly visit: (lesson: Lesson) => Promise<void>},
): Promise<{readonly lesson: Lesson; readonly failure: ReplayFailure} | undefined> {
	let position: Position | undefined;
	let first = true;
	for (const lesson of [...lessons].sort((a, b) => a.order - b.order)) {
		let buildBase: LabStage | undefined;
		if (first) {
			position = resumePoint(catalog, lesson, await observeLabState(backend.observer));
			if (!position) buildBase = baseStage(catalog);
			first = false;
		}
		const items = replayItems(catalog, {lesson: lesson.id, step: 0}, {from: position, simulator: backend.kind === 'sim'});
		const failure = await replay(backend, items, {buildBase, signal: options.signal});
		if (failure) return {lesson, failure};
		await options.visit(lesson);
		if (!lesson.optional) position = {lesson: lesson.id, step: lesson.steps.length};
	}
	return undefined;
}
