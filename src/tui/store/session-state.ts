import type {ConditionResult} from '../../checks/evaluate.js';
import {pickChoice, revealsAnswer} from '../../checks/quiz.js';
import type {BackendKind} from '../../core/backend-kind.js';
import {TARGETS, type Target} from '../../core/lab.js';
import {
	comparePositions,
	describeLabMovedOn,
	following,
	goingBack,
	isSettled,
	labMovedOn,
	lessonStanding,
	notRunnable,
	positionOf,
	runnableLessons,
	stepStanding,
	storedPosition,
	type LabPlan,
	type LessonStanding,
	type MovedOnBy,
	type Position,
	type StepStanding,
} from '../../engine/curriculum.js';
import type {LabPlanEvent, LabPlanOutcome} from '../../engine/replay.js';
import {isReadingStep, type IdleReason, type StepEvent, type StepOutcome, type Verdict} from '../../engine/step-runner.js';
import type {Lesson, Step} from '../../lessons/model.js';
import {
	clearLesson,
	clearStep,
	lessonProgress,
	markCompleted,
	markPassed,
	markSkipped,
	moveLab,
	moveTo,
	recordHint,
	recordSolution,
	type Progress,
} from '../../state/progress.js';
import {editLine, type EditKey, type LineEditor} from './line-editor.js';

/** Which screen fills the body. `boot` shows while lessons, backend and progress load; `finish` after the last core lesson. */
export type Screen = 'boot' | 'list' | 'intro' | 'step' | 'finish';

/** The scrollable panes of the step screen (the check panel when its verdict overflows); arrow keys scroll the focused one. */
export type Pane = 'content' | 'output' | 'check';

/** The backend in use, as the header shows it. */
export interface BackendInfo {
	readonly kind: BackendKind;
	readonly label: 'LIVE' | 'SIMULATION' | `ATTACHED ${string}`;
	/** Why this backend (the auto-selection reason, or the flag). */
	readonly reason: string;
	/** The learner's own attached clusters: lessons that need the tutorial's own lab do not run. */
	readonly attached?: boolean;
}

/** The step's command(s), or the one the learner typed. */
export type RunPhase =
	| {readonly status: 'idle'}
	| {
			readonly status: 'running';
			readonly command: string;
			readonly target: Target;
			/** 0-based index among the commands run by this Enter. */
			readonly index: number;
			readonly total: number;
			readonly typed: boolean;
			readonly startedAt: number;
	  }
	| {
			readonly status: 'finished';
			readonly command: string;
			readonly exitCode: number;
			readonly cancelled: boolean;
			readonly typed: boolean;
			readonly elapsedMs: number;
			/** `elapsedMs` is the simulator's: the time the command would have taken, not waited. */
			readonly simulated?: boolean;
	  };

/** The step's check, including the countdown while the mesh converges. */
export type CheckPhase =
	| {readonly status: 'idle'}
	| {readonly status: 'running'; readonly attempt: number}
	| {
			readonly status: 'retrying';
			readonly attempt: number;
			/** Clock times (the session clock): next attempt, and when retries stop. */
			readonly retryAt: number;
			readonly deadline: number;
			readonly results: readonly ConditionResult[];
	  }
	| {readonly status: 'done'; readonly verdict: Verdict}
	| {readonly status: 'cancelled'};

/** A longer lab operation with progress: catching up, resetting, preparing a fresh lab. */
export interface TaskPhase {
	readonly kind: 'catch-up' | 'reset' | 'prepare';
	readonly title: string;
	readonly status: 'running' | 'failed' | 'done' | 'cancelled';
	/** Commands finished, of `total` (`planSize`: the commands the dialog named; building the base stage runs at 0). */
	readonly done: number;
	readonly total: number;
	readonly current?: string;
	readonly message?: string;
}

/** Questions that need a yes before anything happens. */
export type Confirm =
	/** `question`: the step is a question: showing its answer, not a solution to run. */
	| {readonly type: 'solution'; readonly question?: boolean}
	/** `r` rewinds the step on screen (the lab as before it); `R` (or `r` on an intro) the whole lesson. */
	/** `labless`: the lesson builds nothing, so a reset only clears its results (see `buildsNothing`). */
	| {readonly type: 'reset'; readonly scope: 'step' | 'lesson'; readonly labless?: true}
	/** `ended`: what ran has ended while the question was open; it stays, asking plainly (a y or n meant for it must not land elsewhere). */
	| {readonly type: 'quit'; readonly ended?: true}
	/** `question`: the step asks for a prediction; skipping it changes no lab, and Enter stays. */
	/** `rewound`: the step passed before the lab was rebuilt: going on catches the lab up, the pass is kept. */
	| {readonly type: 'skip'; readonly question?: boolean; readonly rewound?: true}
	| {
			readonly type: 'catch-up';
			readonly target: Position;
			/** Where the target opens: its lesson's intro or the step. */
			readonly screen: 'intro' | 'step';
			/** What will run if the learner says yes (the dialog describes this very plan). */
			readonly plan: LabPlan;
			/** The lab is ahead of the target (the simulator can rewind it). */
			readonly rewind: boolean;
	  };

/**
 * What Enter answers in a confirm (the dialog marks it): yes for a harmless question, no where
 * saying yes would undo the learner's work (reset; a rewind, which may empty the lab), cancel
 * what runs (quit) or throw a prediction away (skipping a question). A stray Enter never
 * destroys anything; the explicit `y` does.
 */
export function confirmDefault(confirm: Confirm): 'yes' | 'no' {
	switch (confirm.type) {
		case 'reset':
		case 'quit':
			return 'no';
		case 'skip':
			return confirm.question ? 'no' : 'yes';
		case 'catch-up':
			return confirm.rewind ? 'no' : 'yes';
		case 'solution':
			return 'yes';
	}
}

export type Modal =
	| {readonly kind: 'help'}
	| {readonly kind: 'confirm'; readonly confirm: Confirm}
	| {readonly kind: 'prompt'; readonly editor: LineEditor; readonly target: Target};

export interface Notice {
	readonly tone: 'info' | 'success' | 'warn' | 'error';
	readonly text: string;
}

export interface SessionState {
	readonly screen: Screen;
	readonly pane: Pane;
	/** Every lesson, in curriculum order. */
	readonly lessons: readonly Lesson[];
	/** The lessons this lab runs (engine `runnableLessons`): what next, back and plans go through. */
	readonly runnable: readonly Lesson[];
	readonly backend?: BackendInfo;
	/** The lesson and step on screen (also the resume point). */
	readonly position: Position;
	/** Highlighted row of the lesson list. */
	readonly listCursor: number;
	/** The screen the lesson list returns to. */
	readonly listReturn: 'intro' | 'step';
	readonly progress: Progress;
	readonly run: RunPhase;
	readonly check: CheckPhase;
	readonly task?: TaskPhase;
	/** Quiz choices picked so far (indexes). */
	readonly quizPicks: readonly number[];
	/** Wrong answers given to this question so far (the answer shows after a few, see `revealsAnswer`). */
	readonly quizWrongTries: number;
	readonly modal?: Modal;
	/** One line under the header: refusals, results of actions, the backend choice at start. */
	readonly notice?: Notice;
	/** Content and check: lines from the top. Output: lines up from the newest (0 follows new output). */
	readonly scroll: {readonly content: number; readonly output: number; readonly check: number};
	/**
	 * How the session ends, once it does: `quit` (q, exit code 0) or `interrupted` (Ctrl-C with
	 * nothing running, or SIGINT: exit code 130, as the README's table and shells expect).
	 */
	readonly exiting: false | 'quit' | 'interrupted';
	/** A start-up failure (e.g. lessons that do not load); shown instead of the lessons. */
	readonly fatal?: string;
}

export type Action =
	| {readonly type: 'booted'; readonly lessons: readonly Lesson[]; readonly backend?: BackendInfo; readonly progress: Progress}
	| {readonly type: 'boot-failed'; readonly message: string}
	| {readonly type: 'open'; readonly position: Position; readonly screen: 'intro' | 'step'}
	/** On from a finished step: the next step, the next lesson's intro (completing this one), or the end. */
	| {readonly type: 'advance'}
	/** Back: the previous step, the lesson intro, the previous lesson's last step. */
	| {readonly type: 'back'}
	| {readonly type: 'show-list'}
	| {readonly type: 'list-move'; readonly delta: number}
	| {readonly type: 'close-list'}
	/** Tab: focus the next of the panes on screen, in their order. */
	| {readonly type: 'toggle-pane'; readonly panes: readonly Pane[]}
	| {readonly type: 'scroll'; readonly pane: Pane; readonly delta: number; readonly max: number}
	| {readonly type: 'modal'; readonly modal?: Modal}
	| {readonly type: 'notice'; readonly notice?: Notice}
	| {readonly type: 'edit'; readonly key: EditKey}
	/** Tab in the command line: the next target (cluster, both, lab-wide). */
	| {readonly type: 'cycle-target'}
	| {readonly type: 'quiz-toggle'; readonly index: number}
	/** What the step runner reported (`at`: wall time, for elapsed-time displays). */
	| {readonly type: 'step'; readonly event: StepEvent; readonly at: number}
	/** How the step runner's run ended: what the notice line says about it. */
	| {readonly type: 'step-outcome'; readonly outcome: StepOutcome}
	| {readonly type: 'read'}
	/** `h`: the next hint, if the ladder has one. */
	| {readonly type: 'hint'}
	/** `s`: ask before revealing the solution (revealing is recorded). */
	| {readonly type: 'ask-solution'}
	| {readonly type: 'solution'}
	| {readonly type: 'skip'}
	| {readonly type: 'reset-lesson'}
	/** The lab is back to just before the step on screen: its results are forgotten. */
	| {readonly type: 'rewind-step'}
	| {readonly type: 'task-start'; readonly task: TaskPhase}
	/** What a running lab plan reported. */
	| {readonly type: 'task'; readonly event: LabPlanEvent}
	| {readonly type: 'task-end'; readonly outcome: LabPlanOutcome}
	| {readonly type: 'exit'; readonly how: 'quit' | 'interrupted'};

/** The state before anything has loaded. */
export function initialState(progress: Progress): SessionState {
	return {
		screen: 'boot',
		pane: 'content',
		lessons: [],
		runnable: [],
		position: {lesson: '', step: 0},
		listCursor: 0,
		listReturn: 'intro',
		progress,
		run: {status: 'idle'},
		check: {status: 'idle'},
		quizPicks: [],
		quizWrongTries: 0,
		scroll: {content: 0, output: 0, check: 0},
		exiting: false,
	};
}

// ── selectors ─────────────────────────────────────────────────────────────────

function lessonById(state: SessionState, id: string): Lesson | undefined {
	return state.lessons.find((l) => l.id === id);
}

export function currentLesson(state: SessionState): Lesson | undefined {
	return lessonById(state, state.position.lesson);
}

export function currentStep(state: SessionState): Step | undefined {
	return currentLesson(state)?.steps[state.position.step];
}

/** A command, check or lab task is in flight (Ctrl-C cancels it; navigation waits). */
export function isBusy(state: SessionState): boolean {
	return (
		state.run.status === 'running' ||
		state.check.status === 'running' ||
		state.check.status === 'retrying' ||
		state.task?.status === 'running'
	);
}

/** A step's mark on screen: passed (✔), passed before the lab was rebuilt (↺), skipped, to do (engine `stepStanding`). */
export type StepMark = StepStanding;

export type Marked = Pick<SessionState, 'lessons' | 'progress'>;

/** The mark of the step at `at` (list of steps, title, check panel all read this one). */
export function stepMark(state: Marked, at: Position): StepMark {
	return stepStanding(state.lessons, state.progress, at);
}

/** Why a lesson does not run on this lab (engine `notRunnable`), for the list and for opening it; undefined when it runs. */
export function lessonUnavailable(state: SessionState, lesson: Lesson): string | undefined {
	return notRunnable(lesson, {attached: state.backend?.attached === true});
}

/** The lesson list's mark: done (✔), to run again since the lab was rebuilt (↺), started (◐) or not started (·). */
export function lessonMark(state: Marked, lesson: Lesson): LessonStanding {
	return lessonStanding(state.lessons, state.progress, lesson);
}

export function hintsShown(state: SessionState): number {
	const step = currentStep(state);
	return step ? (lessonProgress(state.progress, state.position.lesson).hints[step.id] ?? 0) : 0;
}

export function solutionShown(state: SessionState): boolean {
	const step = currentStep(state);
	return step ? lessonProgress(state.progress, state.position.lesson).solutions.includes(step.id) : false;
}

/**
 * The later step that already changed the lab past the step on screen, for a step whose
 * check judges the lab (engine `labMovedOn`); the check panel and the notice say it.
 */
export function labMovedOnStep(state: SessionState): MovedOnBy | undefined {
	const step = currentStep(state);
	return step && step.check.length > 0 ? labMovedOn(state.runnable, state.progress, state.position) : undefined;
}

/** Whether the question's right answer and explanation are shown (see `revealsAnswer`). */
export function quizRevealed(state: SessionState): boolean {
	const step = currentStep(state);
	if (!step?.quiz) return false;
	const passed = stepMark(state, state.position) === 'passed';
	return revealsAnswer({passed, wrongTries: state.quizWrongTries, solutionShown: solutionShown(state)});
}

/** Whether `n` may move on without asking: the step passed (and the lab still holds it), was skipped, or asks nothing. */
export function canAdvance(state: SessionState): boolean {
	const step = currentStep(state);
	if (!step) return false;
	return isSettled(stepMark(state, state.position)) || isReadingStep(step);
}

// ── reducer ───────────────────────────────────────────────────────────────────

const stepLocal = {
	run: {status: 'idle'} as RunPhase,
	check: {status: 'idle'} as CheckPhase,
	quizPicks: [] as readonly number[],
	quizWrongTries: 0,
	scroll: {content: 0, output: 0, check: 0},
	pane: 'content' as Pane,
};

function advanceLab(progress: Progress, lessons: readonly Lesson[], to: Position, now: Date): Progress {
	const lab = progress.lab && positionOf(lessons, progress.lab);
	if (lab && comparePositions(lessons, lab, to) >= 0) return progress;
	return moveLab(progress, storedPosition(lessons, to), now);
}

/** Marks the current step passed; the lab is now (at least) just before the next step. */
function passStep(state: SessionState, now: Date): Progress {
	const step = currentStep(state);
	if (!step) return state.progress;
	const {lesson} = state.position;
	const progress = markPassed(state.progress, lesson, step.id, now);
	return advanceLab(progress, state.lessons, {lesson, step: state.position.step + 1}, now);
}

/** Pure: the session after one step-runner event (see `StepEvent` for their order). */
function reduceStepEvent(state: SessionState, event: StepEvent, at: number, now: Date): SessionState {
	switch (event.type) {
		case 'command-start':
			return {
				...state,
				run: {
					status: 'running',
					command: event.command.command,
					target: event.command.target,
					index: event.index,
					total: event.total,
					typed: event.typed,
					startedAt: at,
				},
				check: event.index === 0 ? {status: 'idle'} : state.check,
				// The learner just ran something: arrow keys now scroll its output.
				pane: 'output',
				task: undefined,
				notice: undefined,
				scroll: {...state.scroll, output: 0, check: event.index === 0 ? 0 : state.scroll.check},
			};
		case 'output':
			return state;
		case 'command-end': {
			if (state.run.status !== 'running') return state;
			const {command, typed, startedAt} = state.run;
			return {
				...state,
				run: {
					status: 'finished',
					command,
					typed,
					exitCode: event.exitCode,
					cancelled: event.cancelled,
					...(event.simulatedMs === undefined ? {elapsedMs: at - startedAt} : {elapsedMs: event.simulatedMs, simulated: true}),
				},
			};
		}
		case 'check-attempt':
			// A check the learner started (`c`) replaces the old notice, as a command does; the check panel speaks now,
			// and a new verdict is read from its start.
			return event.attempt === 1
				? {...state, check: {status: 'running', attempt: 1}, notice: undefined, scroll: {...state.scroll, check: 0}}
				: {...state, check: {status: 'running', attempt: event.attempt}};
		case 'check-retry': {
			const {progress} = event;
			return {
				...state,
				check: {status: 'retrying', attempt: progress.attempt, retryAt: progress.retryAt, deadline: progress.deadline, results: progress.results},
			};
		}
		case 'verdict': {
			const {verdict} = event;
			const wrong = verdict.source === 'quiz' && !verdict.pass;
			const judged = {
				...state,
				progress: verdict.pass ? passStep(state, now) : state.progress,
				check: {status: 'done', verdict} as const,
				quizWrongTries: state.quizWrongTries + (wrong ? 1 : 0),
				// A pass answers whatever the notice line asked for ("pick an answer first", "the lab has moved on").
				notice: verdict.pass ? undefined : state.notice,
			};
			// The first rung of the hint ladder comes with the first failure; more on `h`. A wrong
			// answer to a question brings the next rung each time, before another try.
			const step = currentStep(state);
			if (verdict.pass || !step || step.hints.length === 0) return judged;
			const shown = hintsShown(state);
			if (shown > 0 && !(wrong && shown < step.hints.length)) return judged;
			return {...judged, progress: recordHint(judged.progress, state.position.lesson, step.id, shown + 1, now)};
		}
	}
}

/** What the learner is told when Enter, `c` or `t` had nothing to do. */
export const IDLE_NOTICES: Readonly<Record<IdleReason, string>> = {
	reading: 'Nothing to run here: press n to continue.',
	'no-check': 'This step has no check of its own: it passes when its command succeeds (Enter).',
	question: 'This step is a question: pick an answer with its number, then Enter.',
	'no-answer': 'Pick an answer with its number first.',
};

const say = (tone: Notice['tone'], text: string): Notice => ({tone, text});

/** Pure: what the notice line says once a step run ended (a verdict speaks for itself). */
function reduceStepOutcome(state: SessionState, outcome: StepOutcome): SessionState {
	switch (outcome.status) {
		case 'skipped':
			return {...state, notice: say('warn', `This step needs live clusters (${outcome.reason}). Press n to skip it.`)};
		case 'idle':
			return {...state, notice: say('info', IDLE_NOTICES[outcome.why])};
		case 'cancelled':
			if (outcome.ran.at(-1)?.cancelled) return {...state, notice: say('warn', 'Cancelled. Enter runs the step again.')};
			return {...state, check: {status: 'cancelled'}, notice: say('warn', 'Check cancelled. c runs it again.')};
		case 'judged':
			if (!outcome.unsupported) return state;
			return {...state, notice: say('warn', 'The simulator does not model that command (it needs live clusters): n skips the step.')};
	}
}

/**
 * Pure transitions of the session. Progress changes happen here too (with `now` for their
 * timestamps), so the store persists exactly what the learner sees.
 */
export function reduce(state: SessionState, action: Action, now: Date = new Date()): SessionState {
	const next = reduceAction(state, action, now);
	// "Quit while something runs?" becomes a plain "Quit?" once nothing runs: it stays open, so
	// the y or n the learner is about to press still answers it (closing it would send that key elsewhere).
	const quit = next.modal?.kind === 'confirm' && next.modal.confirm.type === 'quit' && !next.modal.confirm.ended;
	return quit && !isBusy(next) ? {...next, modal: {kind: 'confirm', confirm: {type: 'quit', ended: true}}} : next;
}

function reduceAction(state: SessionState, action: Action, now: Date): SessionState {
	switch (action.type) {
		case 'booted': {
			const {lessons, progress} = action;
			const runnable = runnableLessons(lessons, {attached: action.backend?.attached === true});
			// Resume exactly where the learner was: the same step (by id) and the same screen.
			const saved = progress.current && positionOf(runnable, progress.current);
			const first = runnable.find((l) => !l.optional) ?? runnable[0];
			const lesson = runnable.find((l) => l.id === saved?.lesson) ?? first;
			if (!lesson) return {...state, lessons, runnable, backend: action.backend, progress, screen: 'list', fatal: 'no lessons found'};
			const step = saved ? Math.min(saved.step, Math.max(0, lesson.steps.length - 1)) : 0;
			const screen = saved ? (progress.current?.screen ?? 'step') : 'intro';
			return {
				...state,
				...stepLocal,
				lessons,
				runnable,
				backend: action.backend,
				progress,
				position: {lesson: lesson.id, step},
				listCursor: Math.max(0, lessons.indexOf(lesson)),
				screen,
			};
		}
		case 'boot-failed':
			return {...state, fatal: action.message, screen: 'boot'};
		case 'open': {
			const {position} = action;
			return {
				...state,
				...stepLocal,
				screen: action.screen,
				position,
				notice: undefined,
				task: state.task?.status === 'running' ? state.task : undefined,
				listCursor: Math.max(0, state.lessons.findIndex((l) => l.id === position.lesson)),
				modal: undefined,
				progress: moveTo(state.progress, {...storedPosition(state.lessons, position), screen: action.screen}, now),
			};
		}
		case 'advance': {
			const then = following(state.runnable, state.position);
			if (then.kind === 'step') return reduce(state, {type: 'open', position: then.position, screen: 'step'}, now);
			const done = {...state, progress: markCompleted(state.progress, state.position.lesson, now)};
			const title = currentLesson(state)?.title ?? '';
			if (then.kind === 'course-complete') return {...done, ...stepLocal, screen: 'finish', notice: undefined, modal: undefined};
			if (then.kind === 'end') return {...reduce(done, {type: 'show-list'}, now), notice: say('success', 'You finished this advanced lesson. Well flown!')};
			const next = reduce(done, {type: 'open', position: {lesson: then.lesson.id, step: 0}, screen: 'intro'}, now);
			return {...next, notice: say('success', `Lesson complete: ${title}. Next up: ${then.lesson.title}.`)};
		}
		case 'back': {
			// From the course-complete screen: the last step, where the learner left it.
			if (state.screen === 'finish') return reduce(state, {type: 'open', position: state.position, screen: 'step'}, now);
			if (state.screen !== 'step' && state.screen !== 'intro') return state;
			const back = goingBack(state.runnable, state.position, state.screen);
			if (!back) return {...state, notice: say('info', 'This is the first lesson.')};
			const opened = reduce(state, {type: 'open', ...back}, now);
			// Back on a step a later step already changed the lab for: say so before its check runs.
			const movedOn = opened.screen === 'step' ? labMovedOnStep(opened) : undefined;
			return movedOn ? {...opened, notice: say('warn', describeLabMovedOn(opened.runnable, movedOn))} : opened;
		}
		case 'show-list':
			if (state.screen === 'boot') return state;
			return {
				...state,
				screen: 'list',
				listReturn: state.screen === 'step' || state.screen === 'finish' ? 'step' : 'intro',
				modal: undefined,
				listCursor: Math.max(0, state.lessons.findIndex((l) => l.id === state.position.lesson)),
			};
		case 'list-move': {
			const last = state.lessons.length - 1;
			return {...state, listCursor: Math.min(last, Math.max(0, state.listCursor + action.delta))};
		}
		case 'close-list':
			return state.screen === 'list' ? {...state, screen: state.listReturn} : state;
		case 'toggle-pane': {
			// From a pane no longer on screen, Tab starts over at the first.
			const next = action.panes[(action.panes.indexOf(state.pane) + 1) % action.panes.length];
			return next && next !== state.pane ? {...state, pane: next} : state;
		}
		case 'scroll': {
			// From where the pane shows now (an offset set before the pane shrank is drawn clamped).
			const max = Math.max(0, action.max);
			const value = Math.min(max, Math.max(0, Math.min(state.scroll[action.pane], max) + action.delta));
			return value === state.scroll[action.pane] ? state : {...state, scroll: {...state.scroll, [action.pane]: value}};
		}
		case 'modal':
			return state.modal === action.modal ? state : {...state, modal: action.modal};
		case 'notice':
			return {...state, notice: action.notice};
		case 'edit':
			return state.modal?.kind === 'prompt'
				? {...state, modal: {...state.modal, editor: editLine(state.modal.editor, action.key)}}
				: state;
		case 'cycle-target': {
			const modal = state.modal;
			if (modal?.kind !== 'prompt') return state;
			return {...state, modal: {...modal, target: TARGETS[(TARGETS.indexOf(modal.target) + 1) % TARGETS.length] ?? modal.target}};
		}
		case 'quiz-toggle': {
			const quiz = currentStep(state)?.quiz;
			if (!quiz || action.index < 0 || action.index >= quiz.choices.length || state.screen !== 'step') return state;
			const picks = pickChoice(quiz, state.quizPicks, action.index);
			// A new pick clears an old verdict so the learner can try again.
			return {...state, quizPicks: picks, check: state.check.status === 'done' ? {status: 'idle'} : state.check};
		}
		case 'step':
			return reduceStepEvent(state, action.event, action.at, now);
		case 'step-outcome':
			return reduceStepOutcome(state, action.outcome);
		case 'read':
			return {...state, progress: passStep(state, now)};
		case 'hint': {
			// The next rung of the ladder, or a word on why there is none.
			const step = currentStep(state);
			if (!step || state.screen !== 'step') return state;
			const reveal = step.quiz ? 's shows the answer' : 's shows the solution';
			if (step.hints.length === 0) return {...state, notice: say('info', `This step has no hints: ${reveal}.`)};
			if (hintsShown(state) >= step.hints.length) return {...state, notice: say('info', `That was the last hint: ${reveal}.`)};
			return {...state, progress: recordHint(state.progress, state.position.lesson, step.id, hintsShown(state) + 1, now)};
		}
		case 'ask-solution': {
			const step = currentStep(state);
			if (state.screen !== 'step' || !step) return state;
			if (solutionShown(state)) return {...state, notice: say('info', step.quiz ? 'The answer is marked ✔ among the choices.' : 'The solution is shown under the step.')};
			return {...state, modal: {kind: 'confirm', confirm: step.quiz ? {type: 'solution', question: true} : {type: 'solution'}}};
		}
		case 'solution': {
			const step = currentStep(state);
			return step ? {...state, progress: recordSolution(state.progress, state.position.lesson, step.id, now), modal: undefined} : state;
		}
		case 'skip': {
			const step = currentStep(state);
			return step ? {...state, progress: markSkipped(state.progress, state.position.lesson, step.id, now)} : state;
		}
		case 'reset-lesson':
			return {
				...state,
				...stepLocal,
				screen: 'step',
				position: {lesson: state.position.lesson, step: 0},
				progress: moveTo(clearLesson(state.progress, state.position.lesson, now), {...storedPosition(state.lessons, {lesson: state.position.lesson, step: 0}), screen: 'step'}, now),
			};
		case 'rewind-step': {
			const step = currentStep(state);
			if (!step) return state;
			return {...state, ...stepLocal, screen: 'step', progress: clearStep(state.progress, state.position.lesson, step.id, now)};
		}
		case 'task-start':
			return {...state, task: action.task, modal: undefined, scroll: {...state.scroll, output: 0}};
		case 'task': {
			const {event} = action;
			if (!state.task || event.type !== 'progress') return state;
			return {...state, task: {...state.task, done: event.done, total: event.total, current: event.current}};
		}
		case 'task-end': {
			const {outcome} = action;
			if (!state.task) return state;
			if (outcome.status === 'done') return {...state, task: undefined, progress: moveLab(state.progress, storedPosition(state.lessons, outcome.labAt), now)};
			// A failed or cancelled task stays on screen to say why.
			const message =
				outcome.status === 'failed'
					? `Failed: ${outcome.message}. The output shows why; r tries again (it rebuilds the lab up to here).`
					: "Cancelled: the lab is only partly caught up (R resets this lesson's lab to its start).";
			const notice = {tone: outcome.status === 'failed' ? 'error' : 'warn', text: message} as const;
			return {...state, task: {...state.task, status: outcome.status, message, current: undefined}, notice};
		}
		case 'exit':
			return {...state, exiting: action.how, modal: undefined};
	}
}
