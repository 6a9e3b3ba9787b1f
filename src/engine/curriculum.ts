import type {BackendKind} from '../../backends/backend.js';
import {CLUSTERS} from '../../core/lab.js';
import {baseStage, replayItems, type ReplayItem} from '../../engine/replay.js';
import type {LabStage, LabStateSpec, Lesson, LessonCommand} from '../../lessons/model.js';
import type {Position} from './positions.js';

/** How to bring the lab to a position: what to throw away, build, undo, then replay. */
export interface LabPlan {
	readonly target: Position;
	/** Simulator only: start from an empty lab (instant, and always exact). */
	readonly wipe: boolean;
	/** Build this stage with the lab plan first (the lab is fresh or missing). */
	readonly buildBase?: LabStage;
	/** Live reset: commands that remove what the lesson added, before the replay. */
	readonly undo: readonly LessonCommand[];
	/** Earlier steps' solutions, in order. */
	readonly items: readonly ReplayItem[];
}

export interface CatchUpContext {
	readonly backend: BackendKind;
	/** Where the lab is now (just before this step). */
	readonly lab: Position;
	/** No lab clusters exist: the base stage must be built first. */
	readonly labEmpty: boolean;
}

/** Commands the plan runs, for the confirm dialog and the progress bar. */
export function planSize(plan: LabPlan): number {
	return (plan.buildBase ? 1 : 0) + plan.undo.length + plan.items.length;
}

/**
 * Pure: the simulator's way to any position: a fresh lab, the base stage, every earlier
 * solution (instant, and exact even when the learner experimented).
 */
export function rebuildPlan(lessons: readonly Lesson[], target: Position): LabPlan {
	return {target, wipe: true, buildBase: baseStage(lessons), undo: [], items: replayItems(lessons, target, {simulator: true})};
}

/**
 * Pure: catch the lab up to just before `target`. The simulator rebuilds from scratch
 * (`rebuildPlan`); live clusters replay only what lies between the lab and the target.
 */
export function catchUpPlan(lessons: readonly Lesson[], target: Position, ctx: CatchUpContext): LabPlan {
	if (ctx.backend === 'sim') return rebuildPlan(lessons, target);
	return {
		target,
		wipe: false,
		buildBase: ctx.labEmpty ? baseStage(lessons) : undefined,
		undo: [],
		items: replayItems(lessons, target, {from: ctx.labEmpty ? undefined : ctx.lab, simulator: false}),
	};
}

/**
 * Pure: reset a lesson's lab state to its start. The simulator rebuilds (as for catch-up).
 * Live clusters first lose what differs from the lesson's declared start (see
 * `undoCommands`), then the earlier core lessons' solutions, which are idempotent, replay.
 */
export function resetPlan(
	lessons: readonly Lesson[],
	lesson: Lesson,
	ctx: {readonly backend: BackendKind; readonly observed?: LabStateSpec},
): LabPlan {
	const target = {lesson: lesson.id, step: 0};
	if (ctx.backend === 'sim') return rebuildPlan(lessons, target);
	const labEmpty = !ctx.observed || ctx.observed.stage === 'none';
	return {
		target,
		wipe: false,
		buildBase: labEmpty ? baseStage(lessons) : undefined,
		undo: ctx.observed ? undoCommands(lesson.starts, ctx.observed) : [],
		items: replayItems(lessons, target, {simulator: false}),
	};
}

const SERVICE = 'rebel-base';

/** A word as the shell reads it: bare when it is plainly safe, else single-quoted. */
function word(text: string): string {
	return /^[\w./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Pure: the kubectl commands that turn the observed workloads back into the declared ones:
 * policies the declaration does not list are deleted, annotations are removed or set to
 * the declared value, replicas are scaled. Policies the declaration lists but the lab lacks
 * are left to the replay (only their lesson knows their YAML).
 */
export function undoCommands(declared: LabStateSpec, observed: LabStateSpec): LessonCommand[] {
	if (!declared.workloads || !observed.workloads) return [];
	const commands: LessonCommand[] = [];
	const add = (target: LessonCommand['target'], command: string) => commands.push({target, command, line: 0});
	for (const cluster of CLUSTERS) {
		const want = declared.workloads[cluster];
		const have = observed.workloads[cluster];
		for (const policy of have.policies.filter((p) => !want.policies.includes(p))) {
			add(cluster, `kubectl delete ciliumnetworkpolicy ${word(policy)}`);
		}
		const removed = Object.keys(have.annotations).filter((key) => !(key in want.annotations));
		if (removed.length > 0) add(cluster, `kubectl annotate service ${SERVICE} ${removed.map((k) => word(`${k}-`)).join(' ')}`);
		const changed = Object.entries(want.annotations).filter(([key, value]) => have.annotations[key] !== value);
		if (changed.length > 0) {
			add(cluster, `kubectl annotate service ${SERVICE} ${changed.map(([k, v]) => word(`${k}=${v}`)).join(' ')} --overwrite`);
		}
		if (have.replicas !== want.replicas) add(cluster, `kubectl scale deployment ${SERVICE} --replicas=${want.replicas}`);
	}
	return commands;
}
