import type {BackendKind} from '../core/backend-kind.js';
import {CLUSTERS} from '../core/lab.js';
import {plural} from '../core/text.js';
import {diffLabState} from '../lessons/lab-state.js';
import type {LabStage, LabStateSpec, Lesson, LessonCommand, Step} from '../lessons/model.js';
import {lessonProgress, type Progress, type ProgressPosition} from '../state/progress.js';
import {mayChangeLab} from './command-effect.js';

/**
 * The curriculum as the engine sees it: lesson order, positions, the chain of lessons that
 * leads to a position, and the plans that bring the lab there (catch-up, rewind, reset) with
 * the counts shown for them. Everything here is a pure function over lessons; `replay.ts`
 * executes the plans. Drivers (the TUI, `verify`, `lessons test`) ask these functions instead
 * of deciding themselves.
 */

/**
 * A place in the curriculum: a lesson id and a step index within it (`steps.length`: after its
 * last step). Progress stores step ids instead (see `storedPosition` and `positionOf`).
 */
export interface Position {
	readonly lesson: string;
	readonly step: number;
}

/** Pure: a position as progress stores it: the id of the step it is just before (none at the lesson's end). */
export function storedPosition(lessons: readonly Lesson[], at: Position): ProgressPosition {
	const id = lessons.find((l) => l.id === at.lesson)?.steps[at.step]?.id;
	return id === undefined ? {lesson: at.lesson} : {lesson: at.lesson, step: id};
}

/**
 * Pure: a stored position in today's lessons. Undefined for a lesson that no longer exists; a
 * step id a lesson no longer has opens the lesson at its start.
 */
export function positionOf(lessons: readonly Lesson[], at: ProgressPosition): Position | undefined {
	const lesson = lessons.find((l) => l.id === at.lesson);
	if (!lesson) return undefined;
	if (at.step === undefined) return {lesson: lesson.id, step: lesson.steps.length};
	return {lesson: lesson.id, step: Math.max(0, lesson.steps.findIndex((s) => s.id === at.step))};
}

// ── which lessons this lab runs ─────────────────────────────────────────────

/**
 * Where the lessons run, as far as the curriculum cares: on attached clusters (the learner's
 * own, confined to one namespace) the lessons that need the tutorial's own lab (building,
 * meshing, kube-system, clean-up) neither run nor replay: their solutions would create,
 * mesh or delete clusters.
 */
export interface LabScope {
	readonly attached: boolean;
}

/** Pure: why `lesson` does not run on this lab, as the learner is told; undefined when it runs. */
export function notRunnable(lesson: Lesson, scope: LabScope): string | undefined {
	return scope.attached && lesson.ownLab !== undefined ? `needs the tutorial's own lab: ${lesson.ownLab}` : undefined;
}

/**
 * Pure: the lessons this lab runs. Drivers give the engine this list for order, next and
 * previous lessons, chains and plans, so a lesson that does not run is never opened next,
 * gone back to, or replayed by catch-up.
 */
export function runnableLessons(lessons: readonly Lesson[], scope: LabScope): Lesson[] {
	return lessons.filter((lesson) => notRunnable(lesson, scope) === undefined);
}

// ── order and positions ─────────────────────────────────────────────────────

/** Pure: lessons in curriculum order (by lesson number). */
export function inOrder(lessons: readonly Lesson[]): Lesson[] {
	return [...lessons].sort((a, b) => a.order - b.order);
}

function orderOf(lessons: readonly Lesson[], id: string): number {
	return lessons.find((l) => l.id === id)?.order ?? -Infinity;
}

/** Curriculum order of two positions: negative when `a` comes first. */
export function comparePositions(lessons: readonly Lesson[], a: Position, b: Position): number {
	return orderOf(lessons, a.lesson) - orderOf(lessons, b.lesson) || a.step - b.step;
}

/** The step after `at` in the same lesson, or undefined on its last step. */
export function nextStep(lessons: readonly Lesson[], at: Position): Position | undefined {
	const lesson = lessons.find((l) => l.id === at.lesson);
	return lesson && at.step + 1 < lesson.steps.length ? {lesson: at.lesson, step: at.step + 1} : undefined;
}

/** The lesson after `id` in curriculum order (optional ones included). */
export function nextLesson(lessons: readonly Lesson[], id: string): Lesson | undefined {
	const ordered = inOrder(lessons);
	const i = ordered.findIndex((l) => l.id === id);
	return i >= 0 ? ordered[i + 1] : undefined;
}

/** The lesson before `id` in curriculum order. */
export function previousLesson(lessons: readonly Lesson[], id: string): Lesson | undefined {
	const ordered = inOrder(lessons);
	const i = ordered.findIndex((l) => l.id === id);
	return i > 0 ? ordered[i - 1] : undefined;
}

/**
 * Where a lesson stands in the course, as the learner is told: core lessons by their number of
 * the last core lesson ("Lesson 4/13"); advanced lessons (optional, for live clusters) counted
 * apart ("Advanced 1 of 2"), never as "Lesson 20/13".
 */
export type LessonPlace =
	| {readonly kind: 'core'; readonly number: number; readonly last: number}
	| {readonly kind: 'advanced'; readonly number: number; readonly of: number};

/** Pure: see `LessonPlace`. */
export function lessonPlace(lessons: readonly Lesson[], lesson: Lesson): LessonPlace {
	const ordered = inOrder(lessons);
	if (lesson.optional) {
		const advanced = ordered.filter((l) => l.optional);
		return {kind: 'advanced', number: advanced.findIndex((l) => l.id === lesson.id) + 1, of: advanced.length};
	}
	return {kind: 'core', number: lesson.order, last: Math.max(lesson.order, ...ordered.filter((l) => !l.optional).map((l) => l.order))};
}

/** How a `LessonPlace` reads: "Lesson 4/13", "Advanced 1 of 2". */
export function describePlace(place: LessonPlace): string {
	return place.kind === 'core' ? `Lesson ${place.number}/${place.last}` : `Advanced ${place.number} of ${place.of}`;
}

/** Where the lab is assumed to be when progress never recorded it: before the first core lesson. */
export function startOfCurriculum(lessons: readonly Lesson[]): Position | undefined {
	const ordered = inOrder(lessons);
	const first = ordered.find((l) => !l.optional) ?? ordered[0];
	return first ? {lesson: first.id, step: 0} : undefined;
}

/**
 * Where a step screen goes after `at` is done: its lesson's next step, the next lesson's intro,
 * the course-complete screen after the last core lesson (advanced lessons are offered there,
 * never opened next: they need live clusters, and the last core lesson deletes the lab), or
 * the end (after an advanced lesson).
 */
export type Following =
	| {readonly kind: 'step'; readonly position: Position}
	| {readonly kind: 'lesson'; readonly lesson: Lesson}
	| {readonly kind: 'course-complete'}
	| {readonly kind: 'end'};

/** Pure: what follows the step at `at` (see `Following`). */
export function following(lessons: readonly Lesson[], at: Position): Following {
	const step = nextStep(lessons, at);
	if (step) return {kind: 'step', position: step};
	const current = lessons.find((l) => l.id === at.lesson);
	const lesson = nextLesson(lessons, at.lesson);
	if (current && !current.optional && (!lesson || lesson.optional)) return {kind: 'course-complete'};
	if (lesson && current?.optional && !lesson.optional) return {kind: 'end'};
	return lesson ? {kind: 'lesson', lesson} : {kind: 'end'};
}

/**
 * Pure: going back from a step or an intro: the previous step, the lesson's intro, then the
 * previous lesson's last step; undefined before the first lesson.
 */
export function goingBack(
	lessons: readonly Lesson[],
	at: Position,
	screen: 'intro' | 'step',
): {readonly position: Position; readonly screen: 'intro' | 'step'} | undefined {
	if (screen === 'step') return at.step > 0 ? {position: {lesson: at.lesson, step: at.step - 1}, screen} : {position: {...at, step: 0}, screen: 'intro'};
	const before = previousLesson(lessons, at.lesson);
	return before && before.steps.length > 0 ? {position: {lesson: before.id, step: before.steps.length - 1}, screen: 'step'} : undefined;
}

/**
 * Pure: where a lesson opens for a learner: its intro when never started, else its first open
 * step (a pass the lab was since rebuilt before counts as open, see `stepStanding`), or its last.
 */
export function resumeIn(lessons: readonly Lesson[], lesson: Lesson, progress: Progress): {readonly position: Position; readonly screen: 'intro' | 'step'} {
	if (!progress.lessons[lesson.id]) return {position: {lesson: lesson.id, step: 0}, screen: 'intro'};
	const open = lesson.steps.findIndex((_, i) => !isSettled(stepStanding(lessons, progress, {lesson: lesson.id, step: i})));
	return {position: {lesson: lesson.id, step: open >= 0 ? open : Math.max(0, lesson.steps.length - 1)}, screen: 'step'};
}

/** Pure: where the lab stands: as progress recorded it, else before the first core lesson. */
export function labPosition(lessons: readonly Lesson[], progress: Progress): Position | undefined {
	return (progress.lab && positionOf(lessons, progress.lab)) ?? startOfCurriculum(lessons);
}

// ── what a step's recorded result says now ─────────────────────────────────

/**
 * Pure: a pass of this step says something about the lab: its check judges the lab, or its
 * commands change it. A question's answer or a read-only command's run stays true whatever
 * happens to the lab later.
 */
export function passNeedsLab(step: Step): boolean {
	if (step.quiz) return false;
	return step.check.length > 0 || [...step.commands, ...step.solution].some((c) => mayChangeLab(c.command));
}

/**
 * Where a step stands for the learner:
 * - `passed`: its check passed and the lab still holds what it did;
 * - `rewound`: it passed, but the lab has since been rebuilt or reset to before it (a jump back
 *   that rebuilt the lab, `r`, `R`): the pass stays in the learner's record (the course summary
 *   counts it) but the lab is not in that state, so the step is to be run again, not shown ✔.
 *   Catching the lab up past it again (a catch-up, replaying its solution) makes it `passed`;
 * - `skipped`: the learner skipped it; `todo`: none of these.
 */
export type StepStanding = 'passed' | 'rewound' | 'skipped' | 'todo';

/**
 * Pure: see `StepStanding`. The lab position progress records is the judge: a pass at or after
 * it is `rewound` (the lab stands just before that step or earlier). Progress that never
 * recorded the lab (older files) keeps its passes.
 */
export function stepStanding(lessons: readonly Lesson[], progress: Progress, at: Position): StepStanding {
	const lesson = lessons.find((l) => l.id === at.lesson);
	const step = lesson?.steps[at.step];
	if (!step) return 'todo';
	const record = lessonProgress(progress, at.lesson);
	if (record.passed.includes(step.id)) {
		const lab = progress.lab && positionOf(lessons, progress.lab);
		return lab && passNeedsLab(step) && comparePositions(lessons, lab, at) <= 0 ? 'rewound' : 'passed';
	}
	return record.skipped.includes(step.id) ? 'skipped' : 'todo';
}

/** How the lab's position reads in a sentence: "the start of lesson 8", "just before step 3 of lesson 8". */
function describeLabAt(lessons: readonly Lesson[], lab: Position): string {
	const lesson = lessons.find((l) => l.id === lab.lesson);
	if (!lesson) return lab.lesson;
	if (lab.step === 0) return `the start of lesson ${lesson.order}`;
	return lab.step >= lesson.steps.length ? `the end of lesson ${lesson.order}` : `just before step ${lab.step + 1} of lesson ${lesson.order}`;
}

/** What the learner is told on a `rewound` step: where the lab now stands, and that the pass is kept. */
export function describeRewound(lessons: readonly Lesson[], progress: Progress, at: Position): string {
	const lab = labPosition(lessons, progress);
	// Only steps that change the lab count between them: past a reading step the lab is just before this one.
	const between = lab && comparePositions(lessons, lab, at) < 0 ? replayItems(lessons, at, {from: lab, simulator: false}).some((item) => mayChangeLab(item.command.command)) : false;
	const where = lab && between ? `back to ${describeLabAt(lessons, lab)}` : 'to just before it';
	return `You passed this step, then the lab was rebuilt ${where}: it no longer holds what this step did. Your pass stays in your record.`;
}

/** Pure: the learner may move on from a step with this standing without being asked (it passed, or was skipped). */
export function isSettled(standing: StepStanding): boolean {
	return standing === 'passed' || standing === 'skipped';
}

/**
 * How a lesson stands in the lesson list: `done` (completed, or every step passed or skipped),
 * `rewound` (some pass of it the lab was since rebuilt before: to run again), `started`, `new`.
 */
export type LessonStanding = 'done' | 'rewound' | 'started' | 'new';

/** Pure: see `LessonStanding`. */
export function lessonStanding(lessons: readonly Lesson[], progress: Progress, lesson: Lesson): LessonStanding {
	const record = progress.lessons[lesson.id];
	if (!record) return 'new';
	const standings = lesson.steps.map((_, step) => stepStanding(lessons, progress, {lesson: lesson.id, step}));
	if (standings.includes('rewound')) return 'rewound';
	if (record.completedAt || (standings.length > 0 && standings.every(isSettled))) return 'done';
	return record.passed.length + record.skipped.length + Object.keys(record.hints).length + record.solutions.length > 0 ? 'started' : 'new';
}

/**
 * Pure: an earlier step of `at`'s lesson that was skipped while the lab was left as it was
 * ("skip only"): the lab still stands at or before it, so a later check may miss its change.
 */
export function skippedBehind(lessons: readonly Lesson[], progress: Progress, at: Position): {readonly index: number; readonly title: string} | undefined {
	const lesson = lessons.find((l) => l.id === at.lesson);
	const lab = labPosition(lessons, progress);
	if (!lesson || !lab) return undefined;
	const skipped = progress.lessons[lesson.id]?.skipped ?? [];
	// Only a step whose solution changes the lab leaves it behind: a skipped question or read-only step does not.
	const index = lesson.steps.findIndex(
		(s, i) => i < at.step && skipped.includes(s.id) && s.solution.some((c) => mayChangeLab(c.command)) && comparePositions(lessons, lab, {lesson: lesson.id, step: i}) <= 0,
	);
	const step = lesson.steps[index];
	return step ? {index, title: step.title} : undefined;
}

/**
 * Pure: the lesson never needs or changes the lab (it starts and leaves it empty, and no step's
 * solution changes it), as lesson 0's concepts and questions: resetting it only clears its results.
 */
export function buildsNothing(lesson: Lesson): boolean {
	return lesson.starts.stage === 'none' && lesson.leaves.stage === 'none' && !lesson.steps.some((s) => s.solution.some((c) => mayChangeLab(c.command)));
}

/** A later step whose solution already changed the lab (see `labMovedOn`). */
export interface MovedOnBy {
	readonly position: Position;
	readonly title: string;
}

/**
 * Pure: the lab has moved on past the step at `at`: a later step's solution that may change
 * the lab (see `mayChangeLab`) already ran, as when the learner went back with p after
 * scaling a deployment down. The step's check may then fail for a reason that is not the
 * learner's; `r` rewinds the lab to before the step. Names the first such later step, or
 * undefined when the lab is at most just after this step (or only read-only steps lie between).
 */
export function labMovedOn(lessons: readonly Lesson[], progress: Progress, at: Position): MovedOnBy | undefined {
	const lab = labPosition(lessons, progress);
	const after = {lesson: at.lesson, step: at.step + 1};
	if (!lab || !lessons.some((l) => l.id === at.lesson) || comparePositions(lessons, lab, after) <= 0) return undefined;
	const change = replayItems(lessons, lab, {from: after, simulator: false}).find((item) => mayChangeLab(item.command.command));
	const lesson = change && lessons.find((l) => l.id === change.lesson);
	const index = lesson?.steps.findIndex((s) => s.id === change?.step) ?? -1;
	const step = lesson?.steps[index];
	return lesson && step ? {position: {lesson: lesson.id, step: index}, title: step.title} : undefined;
}

/**
 * What the learner is told when the lab has moved on past the step on screen (before its
 * check runs, and with a failing verdict): which later step changed it, and how to get back.
 */
export function describeLabMovedOn(lessons: readonly Lesson[], by: MovedOnBy): string {
	const lesson = lessons.find((l) => l.id === by.position.lesson);
	const where = lesson ? ` (lesson ${lesson.order}, step ${by.position.step + 1})` : '';
	return `The lab has moved on past this step: “${by.title}”${where} already changed it, so this check may fail. r rewinds the lab to just before this step.`;
}

/** How a position reads in a message: "lesson 4, Global services" or "lesson 4, step 2". */
export function describePosition(lessons: readonly Lesson[], at: Position): string {
	const lesson = lessons.find((l) => l.id === at.lesson);
	if (!lesson) return at.lesson;
	return at.step === 0 || !lesson.steps[at.step] ? `lesson ${lesson.order}, ${lesson.title}` : `lesson ${lesson.order}, step ${at.step + 1}`;
}

// ── the chain and its solutions ────────────────────────────────────────────

/** One solution command to replay, and where it comes from. */
export interface ReplayItem {
	readonly lesson: string;
	readonly step: string;
	readonly command: LessonCommand;
}

/**
 * Pure: the core lessons that lead to `goal`, in order. For a core lesson, every core lesson
 * before it. An optional lesson hangs off the chain where its start state is reached: the
 * chain stops at the latest earlier core lesson whose end state equals its start (so catching
 * up to an advanced lesson never replays, say, the clean-up lesson).
 */
export function chainBefore(lessons: readonly Lesson[], goal: Lesson): Lesson[] {
	const before = inOrder(lessons).filter((l) => !l.optional && l.order < goal.order);
	if (!goal.optional) return before;
	const anchor = [...before].reverse().find((l) => diffLabState(goal.starts, l.leaves).length === 0);
	return anchor ? before.filter((l) => l.order <= anchor.order) : before;
}

/**
 * Pure: the solutions to replay, in order, to bring the lab from a position (just before
 * `from.step` of `from.lesson`; default: a fresh lab before the first lesson) to just before
 * the target step. Optional lessons are not part of the chain unless they are the target or
 * the start; live-only steps are left out on the simulator.
 */
export function replayItems(
	lessons: readonly Lesson[],
	target: Position,
	options: {readonly from?: Position; readonly simulator: boolean},
): ReplayItem[] {
	const ordered = inOrder(lessons);
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
export function baseStage(lessons: readonly Lesson[]): LabStage {
	const first = inOrder(lessons).find((l) => !l.optional);
	return first?.starts.stage ?? 'none';
}

/**
 * Pure: where a lab in the observed state stands in the curriculum — just after the latest
 * core lesson before `target` whose declared end state it matches. `undefined` when it matches
 * none (e.g. a fresh lab before the first lesson), so catch-up starts from scratch.
 */
export function resumePoint(catalog: readonly Lesson[], target: Lesson, observed: LabStateSpec): Position | undefined {
	const candidates = chainBefore(catalog, target).reverse();
	const match = candidates.find((l) => diffLabState(l.leaves, observed).length === 0);
	return match ? {lesson: match.id, step: match.steps.length} : undefined;
}

// ── lab plans ───────────────────────────────────────────────────────────────

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

/**
 * Commands the plan runs, for the progress bar: the counts `describePlan` names (undo and
 * solution commands) add up to it. Building the base stage is a phase before the solutions,
 * not a command the dialog counts, so the bar stays at the undo count while it runs.
 */
export function planSize(plan: LabPlan): number {
	return plan.undo.length + plan.items.length;
}

/** Each lab stage in a learner's words: what the lab has once it is built that far. */
const STAGE_WORDS: Readonly<Record<LabStage, string>> = {
	none: 'nothing',
	clusters: 'its two clusters',
	cilium: 'its clusters and Cilium',
	mesh: 'its clusters meshed',
	app: 'its clusters meshed and the app deployed',
};

/**
 * Pure: what a plan does, in one clause for a dialog, counted from the plan itself
 * ("the lab is rebuilt with its clusters meshed, then 3 solution commands replay").
 */
export function describePlan(plan: LabPlan): string {
	const parts: string[] = [];
	if (plan.undo.length > 0) parts.push(`${plural(plan.undo.length, 'command')} undo what the lesson changed`);
	if (plan.buildBase === 'none') {
		// Emptied and left so, or emptied only to be rebuilt from nothing by the replay.
		if (plan.wipe && plan.items.length === 0) parts.push('the lab is emptied');
		else if (plan.wipe) return `the lab is rebuilt from scratch: ${plural(plan.items.length, 'solution command')} replay`;
	} else if (plan.buildBase) {
		parts.push(`the lab is ${plan.wipe ? 'rebuilt' : 'built'} with ${STAGE_WORDS[plan.buildBase]}`);
	}
	if (plan.items.length > 0 || parts.length === 0) parts.push(`${plural(plan.items.length, 'solution command')} replay`);
	return parts.join(', then ');
}

/** Pure: the plan leaves the lab empty (a rebuild to before anything is built, nothing replayed). */
export function emptiesLab(plan: LabPlan): boolean {
	return plan.wipe && plan.buildBase === 'none' && plan.undo.length === 0 && plan.items.length === 0;
}

/**
 * Pure: the simulator's way to any position: a fresh lab, the base stage, every earlier
 * solution (seconds, and exact even when the learner experimented).
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
 * Pure: reset a lesson's lab state to its start, or to just before one of its steps (`step`:
 * the lab as it was before that step). The simulator rebuilds (as for catch-up). Live clusters
 * first lose what differs from the lesson's declared start (see `undoCommands`), then the
 * solutions before the target, which are idempotent, replay.
 */
export function resetPlan(
	lessons: readonly Lesson[],
	lesson: Lesson,
	ctx: {readonly backend: BackendKind; readonly observed?: LabStateSpec},
	step = 0,
): LabPlan {
	const target = {lesson: lesson.id, step};
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

// ── decisions drivers ask for ───────────────────────────────────────────────

/**
 * What opening `target` takes, given where the lab stands:
 * - `open`: open it as is. `labAhead` says the lab is further along (live clusters cannot be
 *   rewound by replaying, so the learner is told that a reset brings the lesson's start back);
 * - `catch-up`: run `plan` first (ask the learner). `rewind` when the lab is ahead and the
 *   simulator rebuilds it at the target. The count to show is `planSize(plan)`.
 */
export type JumpDecision =
	| {readonly kind: 'open'; readonly labAhead: boolean}
	| {readonly kind: 'catch-up'; readonly plan: LabPlan; readonly rewind: boolean};

/** Pure: what opening `target` takes (see `JumpDecision`). `ctx.lab` undefined: the lab is wherever it is. */
export function planJump(lessons: readonly Lesson[], target: Position, ctx: {readonly backend: BackendKind; readonly lab?: Position; readonly labEmpty: boolean}): JumpDecision {
	const {lab, backend} = ctx;
	if (!lab) return {kind: 'open', labAhead: false};
	const order = comparePositions(lessons, lab, target);
	const simulator = backend === 'sim';
	if (order < 0 && replayItems(lessons, target, {from: lab, simulator}).length > 0) {
		return {kind: 'catch-up', plan: catchUpPlan(lessons, target, {backend, lab, labEmpty: ctx.labEmpty}), rewind: false};
	}
	if (order > 0 && simulator) return {kind: 'catch-up', plan: rebuildPlan(lessons, target), rewind: true};
	return {kind: 'open', labAhead: order > 0};
}

/**
 * Pure: skipping the step at `at` with the lab caught up: the plan that replays what lies
 * between the lab and the next step (the skipped step's solution, at least), or undefined
 * when the lab is already past it.
 */
export function skipPlan(lessons: readonly Lesson[], at: Position, ctx: {readonly lab?: Position; readonly backend: BackendKind}): LabPlan | undefined {
	const after = {lesson: at.lesson, step: at.step + 1};
	const {lab} = ctx;
	if (lab && comparePositions(lessons, lab, after) >= 0) return undefined;
	const from = lab && comparePositions(lessons, lab, at) > 0 ? lab : at;
	return {target: after, wipe: false, undo: [], items: replayItems(lessons, after, {from, simulator: ctx.backend === 'sim'})};
}
