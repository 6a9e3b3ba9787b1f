import type {Backend} from '../backends/backend.js';
import {executePlan, type PlanResult} from '../lab/execute.js';
import {labPlan, stageIndex} from '../lab/plan.js';
import {diffLabState, observeLabState} from '../lessons/lab-state.js';
import type {LabStateSpec, Lesson, LessonCommand} from '../lessons/model.js';
import type {ProgressPosition} from '../state/progress.js';
import {runLessonCommand, type TaggedChunk} from './run-command.js';

/** One solution command to replay, and where it comes from. */
export interface ReplayItem {
	readonly lesson: string;
	readonly step: string;
	readonly command: LessonCommand;
}

/** Where catch-up should bring the lab: just before `step` (an index) of `lesson`. */
export type ReplayTarget = ProgressPosition;

/**
 * Pure: the core lessons that lead to `goal`, in order. For a core lesson, every core lesson
 * before it. An optional lesson hangs off the chain where its start state is reached: the
 * chain stops at the latest earlier core lesson whose end state equals its start (so catching
 * up to an advanced lesson never replays, say, the clean-up lesson).
 */
export function chainBefore(lessons: readonly Lesson[], goal: Lesson): Lesson[] {
	const before = lessons.filter((l) => !l.optional && l.order < goal.order).sort((a, b) => a.order - b.order);
	if (!goal.optional) return before;
	const anchor = [...before].reverse().find((l) => diffLabState(goal.starts, l.leaves).length === 0);
	return anchor ? before.filter((l) => l.order <= anchor.order) : before;
}

/**
 * Pure: the solutions to replay, in order, to bring the lab from a position (just before
 * `from.step` of `from.lesson`; default: a fresh lab before the first lesson) to just before
 * the target step. Optional lessons are not part of the chain unless they are the target or
 * the start; live-only steps are left out on the simulator, and live-only demonstrations (no
 * conditions) everywhere.
 */
export function replayItems(
	lessons: readonly Lesson[],
	target: ReplayTarget,
	options: {readonly from?: ReplayTarget; readonly simulator: boolean},
): ReplayItem[] {
	const ordered = [...lessons].sort((a, b) => a.order - b.order);
	const find = (id: string) => {
		const found = ordered.find((l) => l.id === id);
		if (!found) throw new Error(`no lesson "${id}"`);
		return found;
	};
	const goal = find(target.lesson);
	const start = options.from ? find(options.from.lesson) : undefined;
	const items: ReplayItem[] = [];
	const add = (lesson: Lesson, steps: Lesson['steps']) => {
		for (const step of steps) {
			// A live-only step without conditions is an optional demonstration (its commands' success
			// is the whole check): nothing later relies on it, so catch-up never replays it.
			if (step.liveOnly && (options.simulator || step.check.length === 0)) continue;
			for (const command of step.solution) items.push({lesson: lesson.id, step: step.id, command});
		}
	};
	if (start === goal && options.from) {
		add(goal, goal.steps.slice(options.from.step, target.step));
		return items;
	}
	if (start && options.from && start.order < goal.order) add(start, start.steps.slice(options.from.step));
	const after = start && start.order < goal.order ? start.order : -Infinity;
	for (const lesson of chainBefore(ordered, goal)) if (lesson.order > after) add(lesson, lesson.steps);
	add(goal, goal.steps.slice(0, target.step));
	return items;
}

/** The earliest core lesson's start stage: the lab state a fresh replay must be built to first. */
export function baseStage(lessons: readonly Lesson[]): Lesson['starts']['stage'] {
	const first = [...lessons].filter((l) => !l.optional).sort((a, b) => a.order - b.order)[0];
	return first?.starts.stage ?? 'none';
}

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
		readonly buildBase?: Lesson['starts']['stage'];
		readonly signal?: AbortSignal;
		readonly onEvent?: (event: ReplayEvent) => void;
	} = {},
): Promise<ReplayFailure | undefined> {
	const emit = options.onEvent ?? (() => {});
	if (options.buildBase && stageIndex(options.buildBase) > stageIndex('none')) {
		const result = await executePlan(labPlan(options.buildBase as Exclude<typeof options.buildBase, 'none'>), backend, {
			signal: options.signal,
		});
		emit({type: 'base', result});
		const failure = result.failures[0];
		if (!result.ok) {
			return {
				exitCode: failure?.exitCode ?? 1,
				message: failure ? `building the lab failed at \`${failure.command}\`` : 'building the lab was interrupted',
			};
		}
	}
	for (const [index, item] of items.entries()) {
		emit({type: 'command', index, total: items.length, item});
		const result = await runLessonCommand(backend, item.command, {
			signal: options.signal,
			onOutput: (chunk) => emit({type: 'output', item, chunk}),
		});
		if (result.exitCode !== 0) {
			return {item, exitCode: result.exitCode, message: `\`${item.command.command}\` exited with ${result.exitCode}`};
		}
	}
	return undefined;
}

/**
 * Pure: where a lab in the observed state stands in the curriculum — just after the latest
 * core lesson before `target` whose declared end state it matches. `undefined` when it matches
 * none (e.g. a fresh lab before the first lesson), so catch-up starts from scratch.
 */
export function resumePoint(catalog: readonly Lesson[], target: Lesson, observed: LabStateSpec): ReplayTarget | undefined {
	const candidates = chainBefore(catalog, target).reverse();
	const match = candidates.find((l) => diffLabState(l.leaves, observed).length === 0);
	return match ? {lesson: match.id, step: match.steps.length} : undefined;
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
	let position: ReplayTarget | undefined;
	let first = true;
	for (const lesson of [...lessons].sort((a, b) => a.order - b.order)) {
		let buildBase: Lesson['starts']['stage'] | undefined;
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
