import type {Backend} from '../backends/backend.js';
import {executePlan, type PlanResult} from '../lab/execute.js';
import {labPlan, stageIndex} from '../lab/plan.js';
import type {Lesson, LessonCommand} from '../lessons/model.js';
import {runLessonCommand, type TaggedChunk} from './run-command.js';

/** One solution command to replay, and where it comes from. */
export interface ReplayItem {
	readonly lesson: string;
	readonly step: string;
	readonly command: LessonCommand;
}

/** Where catch-up should bring the lab: just before `step` (an index) of `lesson`. */
export interface ReplayTarget {
	readonly lesson: string;
	readonly step: number;
}

/**
 * Pure: the solutions to replay, in order, to bring the lab from a position (just before
 * `from.step` of `from.lesson`; default: a fresh lab before the first lesson) to just before
 * the target step. Optional lessons are not part of the chain unless they are the target or
 * the start; live-only steps are left out on the simulator.
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
			if (options.simulator && step.liveOnly) continue;
			for (const command of step.solution) items.push({lesson: lesson.id, step: step.id, command});
		}
	};
	if (start === goal && options.from) {
		add(goal, goal.steps.slice(options.from.step, target.step));
		return items;
	}
	if (start && options.from && start.order < goal.order) add(start, start.steps.slice(options.from.step));
	const after = start && start.order < goal.order ? start.order : -Infinity;
	for (const lesson of ordered) {
		if (!lesson.optional && lesson.order > after && lesson.order < goal.order) add(lesson, lesson.steps);
	}
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
