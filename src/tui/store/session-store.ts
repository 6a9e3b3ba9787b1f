import {systemClock, type Clock} from '../../core/clock.js';
import type {Target} from '../../core/lab.js';
import {
	buildsNothing,
	catchUpPlan,
	describePosition,
	labPosition,
	rebuildPlan,
	resumeIn,
	skipPlan,
	type LabPlan,
	type Position,
} from '../../engine/curriculum.js';
import {decideJump, planLessonReset} from '../../engine/replay.js';
import {isReadingStep, skipReason, type StepAction} from '../../engine/step-runner.js';
import type {Progress} from '../../state/progress.js';
import {editorWith, remember, type EditKey} from './line-editor.js';
import {EngineWork} from './engine-work.js';
import type {SessionDeps, SessionLab} from './session-lab.js';
import {
	canAdvance,
	currentLesson,
	currentStep,
	IDLE_NOTICES,
	initialState,
	isBusy,
	lessonUnavailable,
	reduce,
	solutionShown,
	stepMark,
	type Action,
	type Pane,
	type SessionState,
	type TaskPhase,
} from './session-state.js';

/**
 * The learner's session, outside React: screen state (screen, focus, dialogs, scroll) and
 * what the engine reports. Steps run through the engine's step runner (`runStep`), lab tasks
 * through its plans (`engine/curriculum.ts`, `runLabPlan`); the store only turns keys into
 * engine calls and engine events into actions for the pure `reduce`. Components read
 * `getState()` through `useSyncExternalStore`; every progress change is saved at once.
 */
export class SessionStore {
	private state: SessionState;
	private lab: SessionLab | undefined;
	private readonly listeners = new Set<() => void>();
	/** Runs engine work (steps, lab plans) and reports it back through `dispatch`. */
	private readonly work: EngineWork;
	/** Commands typed this session, newest first: ↑ in the command line recalls them. */
	private typedHistory: readonly string[] = [];

	constructor(
		private readonly deps: SessionDeps,
		progress: Progress,
	) {
		this.state = initialState(progress);
		this.work = new EngineWork(deps.lines, (action) => this.dispatch(action), deps.now ?? Date.now);
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	getState = (): SessionState => this.state;

	/** The clock checks run on (the countdown reads it). */
	get clock(): Clock {
		return this.lab?.clock ?? systemClock;
	}

	dispatch(action: Action): void {
		const previous = this.state;
		this.state = reduce(previous, action);
		if (this.state === previous) return;
		if (this.state.progress !== previous.progress) this.lab?.saver?.save(this.state.progress);
		for (const listener of this.listeners) listener();
	}

	private notice(tone: 'info' | 'success' | 'warn' | 'error', text: string): void {
		this.dispatch({type: 'notice', notice: {tone, text}});
	}

	/** Start-up finished: show the saved position (or the first lesson). */
	attach(lab: SessionLab): void {
		this.lab = lab;
		this.dispatch({type: 'booted', lessons: lab.lessons, backend: lab.info, progress: lab.progress});
		this.notice('info', lab.info.reason);
	}

	/** Shows an unexpected failure of an action on the notice line (the app keeps running). */
	report(error: unknown): void {
		this.notice('error', error instanceof Error ? error.message : String(error));
	}

	/** Start-up failed: say why instead of showing lessons. */
	fail(message: string): void {
		this.dispatch({type: 'boot-failed', message});
	}

	/**
	 * For a lab with no clusters (first start, or after `reset`): the simulator builds it up
	 * to the learner's position at once; live clusters are never built without asking. Call
	 * it right after `attach`: the lab task shows from the first frame, so no key can slip in.
	 */
	async prepare(): Promise<void> {
		const lab = this.lab;
		if (!lab) return;
		if (lab.backend.kind === 'sim') {
			const plan = rebuildPlan(this.state.runnable, this.state.position);
			// Once the lab is ready, the backend's reason is worth a second look.
			if (await this.runTask('prepare', 'Preparing the simulated lab', plan)) this.notice('info', lab.info.reason);
			return;
		}
		this.notice('warn', 'No lab clusters yet: press r to build the lab up to this lesson (several minutes), or run `clustermesh-tutor up`.');
	}

	// ── steps ────────────────────────────────────────────────────────────────

	private refuseWhileBusy(): boolean {
		if (!isBusy(this.state)) return false;
		this.notice('warn', 'Something is still running: wait for it, or press Ctrl-C to cancel it.');
		return true;
	}

	/** Whether a step action may start now: on a step screen, nothing running. */
	private onIdleStep(): boolean {
		return this.state.screen === 'step' && currentStep(this.state) !== undefined && !this.refuseWhileBusy();
	}

	/** Enter: the step's commands (or the revealed solution) then its check, or the picked answer. */
	async runStep(): Promise<void> {
		if (this.state.screen === 'intro') return this.begin();
		if (!this.onIdleStep()) return;
		const quiz = currentStep(this.state)?.quiz;
		await this.perform(quiz ? {kind: 'answer', picks: this.state.quizPicks} : {kind: 'run', solution: solutionShown(this.state)});
	}

	/** `c`: runs the step's check again (no command). */
	async recheck(): Promise<void> {
		if (this.onIdleStep()) await this.perform({kind: 'check'});
	}

	/** Runs an action through the engine's step runner. */
	private async perform(action: StepAction): Promise<void> {
		const lab = this.lab;
		const step = currentStep(this.state);
		if (lab && step) await this.work.step(step, action, {backend: lab.backend, clock: this.clock});
	}

	/** `t`: opens the command line (on an intro, for the first step); the typed command runs like the step's own. */
	startTyping(): void {
		if (this.state.screen === 'intro') this.begin();
		const step = currentStep(this.state);
		if (!step || !this.onIdleStep()) return;
		if (step.quiz) return this.notice('info', IDLE_NOTICES.question);
		const target: Target = step.commands[0]?.target ?? step.solution[0]?.target ?? 'koornacht';
		this.dispatch({type: 'modal', modal: {kind: 'prompt', editor: editorWith(this.typedHistory), target}});
	}

	/** A key in the command line. */
	edit = (key: EditKey): void => this.dispatch({type: 'edit', key});

	/** Ctrl-C in the command line drops the line, as a shell does; the tutorial stays. */
	abandonLine(): void {
		if (this.state.modal?.kind !== 'prompt') return;
		this.dispatch({type: 'modal'});
		this.notice('info', 'Command line closed, nothing ran (Ctrl-C again quits).');
	}

	/**
	 * A paste with line breaks waits in the command line (inner ones became spaces) instead of
	 * running, so the learner reads what would run first.
	 */
	pastedLines = (joined: boolean): void =>
		this.notice('warn', joined ? 'The pasted lines were joined with spaces: check the command, then Enter runs it.' : 'Pasted, not run: check the command, then Enter runs it.');

	/** Text pasted outside the command line is not taken for keys. */
	pasteOutsideLine = (): void => this.notice('info', 'Pasted text goes into the command line: press t first, then paste.');

	/** Tab in the command line: run the typed command in the next cluster (or both, or lab-wide). */
	cycleTarget = (): void => this.dispatch({type: 'cycle-target'});

	/** Enter in the command line: the engine runs what was typed, then the step's check. */
	async submitTyped(): Promise<void> {
		const modal = this.state.modal;
		if (modal?.kind !== 'prompt') return;
		const command = modal.editor.text.trim();
		this.typedHistory = remember(this.typedHistory, command);
		this.dispatch({type: 'modal'});
		if (command !== '') await this.perform({kind: 'typed', command: {target: modal.target, command, line: 0}});
	}

	/** A key that acts was pressed while something runs: it is not queued or sent elsewhere. */
	busyNotice = (): void =>
		this.notice('info', this.state.task?.status === 'running' ? 'The lab is being prepared: Ctrl-C cancels; arrows scroll, ? shows the keys.' : 'Still running: Ctrl-C cancels; arrows and Tab scroll, ? shows the keys.');

	/** A number key on a quiz step: pick or unpick that choice. */
	toggleChoice = (index: number): void => this.dispatch({type: 'quiz-toggle', index});

	/** `h`: the next rung of the hint ladder. */
	nextHint = (): void => this.dispatch({type: 'hint'});

	/** `s`: asks first (showing a solution is recorded), then reveals it. */
	askSolution = (): void => this.dispatch({type: 'ask-solution'});

	// ── navigation ───────────────────────────────────────────────────────────

	private open(position: Position, screen: 'intro' | 'step' = 'step'): void {
		this.deps.lines.clear();
		this.dispatch({type: 'open', position, screen});
	}

	/** From a lesson's intro to its first step. */
	private begin(): void {
		const lesson = currentLesson(this.state);
		if (!lesson) return;
		if (lesson.steps.length === 0) return this.notice('info', 'This lesson has no steps.');
		this.open({lesson: lesson.id, step: 0});
	}

	/** `n` / →: on only when the check passed, the step was skipped, or it asks nothing. */
	next(): void {
		const {screen} = this.state;
		if (screen === 'intro') return this.begin();
		const step = currentStep(this.state);
		const lab = this.lab;
		if (screen !== 'step' || !step || !lab || this.refuseWhileBusy()) return;
		if (canAdvance(this.state)) {
			if (isReadingStep(step)) this.dispatch({type: 'read'});
			return this.advance();
		}
		// Passed before the lab was rebuilt: offer to catch the lab up past it (the pass is kept, nothing is marked skipped).
		if (stepMark(this.state, this.state.position) === 'rewound') {
			return this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'skip', rewound: true}}});
		}
		if (skipReason(step, lab.backend)) {
			this.dispatch({type: 'skip'});
			return this.advance();
		}
		this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: step.quiz ? {type: 'skip', question: true} : {type: 'skip'}}});
	}

	private advance(): void {
		this.deps.lines.clear();
		this.dispatch({type: 'advance'});
	}

	/** `p` / ←: the previous step, the lesson intro, then the previous lesson's last step. */
	prev(): void {
		if (this.refuseWhileBusy()) return;
		this.deps.lines.clear();
		this.dispatch({type: 'back'});
	}

	/** `l`: the lesson list (Esc or `l` again returns). */
	showList = (): void => this.dispatch({type: this.state.screen === 'list' ? 'close-list' : 'show-list'});
	closeList = (): void => this.dispatch({type: 'close-list'});
	moveListCursor = (delta: number): void => this.dispatch({type: 'list-move', delta});

	/** Enter on the lesson list: open the highlighted lesson where the learner left it. */
	async openSelected(): Promise<void> {
		const lesson = this.state.lessons[this.state.listCursor];
		if (!lesson || this.refuseWhileBusy()) return;
		if (lesson.id === this.state.position.lesson) return this.dispatch({type: 'close-list'});
		const unavailable = lessonUnavailable(this.state, lesson);
		if (unavailable) return this.notice('warn', `Lesson ${lesson.order} is skipped on attached clusters: it ${unavailable}.`);
		const {position, screen} = resumeIn(this.state.lessons, lesson, this.state.progress);
		await this.jumpTo(position, screen);
	}

	/**
	 * Opens any position. The engine decides whether the lab must catch up (or, on the
	 * simulator, rewind) first; the dialog then shows the size of the plan that will run.
	 */
	async jumpTo(target: Position, screen: 'intro' | 'step' = 'step'): Promise<void> {
		const lab = this.lab;
		if (!lab) return;
		const {runnable} = this.state;
		const decision = await decideJump(runnable, target, lab.backend, labPosition(runnable, this.state.progress));
		if (decision.kind === 'catch-up') {
			const confirm = {type: 'catch-up', target, screen, plan: decision.plan, rewind: decision.rewind} as const;
			return this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm}});
		}
		this.open(target, screen);
		if (decision.labAhead) this.notice('warn', "The lab is further along than this lesson: r resets it to the lesson's start.");
	}

	/** The answer to the open question: `yes`, `no`, or `alt` (the skip dialog's "skip without touching the lab"). */
	async answer(choice: 'yes' | 'no' | 'alt'): Promise<void> {
		const modal = this.state.modal;
		if (modal?.kind !== 'confirm') return;
		const {confirm} = modal;
		this.dispatch({type: 'modal'});
		const yes = choice === 'yes';
		switch (confirm.type) {
			case 'solution':
				return yes ? this.dispatch({type: 'solution'}) : undefined;
			case 'quit':
				return yes ? this.exit() : undefined;
			case 'reset':
				if (!yes) return undefined;
				return confirm.scope === 'step' ? this.rewindStep() : this.resetLesson();
			case 'skip':
				// A question has no solution to replay: skipping it never touches the lab.
				if (choice === 'no') return undefined;
				return confirm.rewound ? this.goOnRewound(yes) : this.skip(yes && !confirm.question);
			case 'catch-up': {
				const lessons = this.state.lessons;
				if (choice === 'no') {
					this.open(confirm.target, confirm.screen);
					if (confirm.rewind) return this.notice('warn', "Opened with the lab as it is, further along: R rewinds it to this lesson's start.");
					return this.notice('warn', 'Opened without catching up: the lab may not be in the state this step expects.');
				}
				if (!(await this.runTask('catch-up', `Catching up to ${describePosition(lessons, confirm.target)}`, confirm.plan))) return;
				this.open(confirm.target, confirm.screen);
				return this.notice('success', `Caught up: the lab is ready for ${describePosition(lessons, confirm.target)}.`);
			}
		}
	}

	/** Skips the current step; with `catchUp`, replays its solution so later steps work. */
	private async skip(catchUp: boolean): Promise<void> {
		const lab = this.lab;
		if (!lab) return;
		const plan = catchUp ? skipPlan(this.state.runnable, this.state.position, {lab: labPosition(this.state.runnable, this.state.progress), backend: lab.backend.kind}) : undefined;
		if (plan && !(await this.runTask('catch-up', 'Applying the solution of the skipped step', plan))) return;
		this.dispatch({type: 'skip'});
		this.advance();
	}

	/**
	 * On from a step that passed before the lab was rebuilt; with `catchUp`, the lab first catches
	 * up past it (from wherever it stands), which makes the kept pass true again.
	 */
	private async goOnRewound(catchUp: boolean): Promise<void> {
		const lab = this.lab;
		if (!lab) return;
		const {runnable, position} = this.state;
		const after = {lesson: position.lesson, step: position.step + 1};
		const plan = catchUp ? catchUpPlan(runnable, after, {backend: lab.backend.kind, lab: labPosition(runnable, this.state.progress) ?? position, labEmpty: false}) : undefined;
		if (plan && !(await this.runTask('catch-up', 'Catching the lab up past this step', plan))) return;
		this.advance();
	}

	/**
	 * `r` (scope `step`): asks, then rewinds the lab to just before the step on screen and forgets
	 * that step's result. `R` (scope `lesson`, also `r` on a lesson intro): asks, then resets the
	 * lesson's lab state (and its step results) to its start.
	 */
	askReset(scope: 'step' | 'lesson' = 'lesson'): void {
		if ((this.state.screen !== 'step' && this.state.screen !== 'intro') || this.refuseWhileBusy()) return;
		const which = this.state.screen === 'step' ? scope : 'lesson';
		const lesson = currentLesson(this.state);
		const labless = which === 'lesson' && lesson !== undefined && buildsNothing(lesson);
		this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'reset', scope: which, ...(labless && {labless: true as const})}}});
	}

	private async rewindStep(): Promise<void> {
		const lab = this.lab;
		const lesson = currentLesson(this.state);
		const step = currentStep(this.state);
		if (!lab || !lesson || !step) return;
		let plan: LabPlan;
		try {
			plan = await planLessonReset(this.state.runnable, lesson, lab.backend, lab.observe, this.state.position.step);
		} catch (error) {
			return this.notice('error', `Could not read the lab state: ${error instanceof Error ? error.message : String(error)}`);
		}
		if (!(await this.runTask('reset', `Rewinding the lab to before “${step.title}”`, plan))) return;
		this.dispatch({type: 'rewind-step'});
		this.notice('success', `The lab is as it was before “${step.title}”.`);
	}

	private async resetLesson(): Promise<void> {
		const lab = this.lab;
		const lesson = currentLesson(this.state);
		if (!lab || !lesson) return;
		let plan: LabPlan;
		try {
			plan = await planLessonReset(this.state.runnable, lesson, lab.backend, lab.observe);
		} catch (error) {
			return this.notice('error', `Could not read the lab state: ${error instanceof Error ? error.message : String(error)}`);
		}
		if (!(await this.runTask('reset', `Resetting “${lesson.title}” to its start`, plan))) return;
		this.dispatch({type: 'reset-lesson'});
		this.notice('success', `The lab is back at the start of “${lesson.title}”.`);
	}

	/** Runs a lab plan through the engine with visible progress; true when the lab reached the target. */
	private async runTask(kind: TaskPhase['kind'], title: string, plan: LabPlan): Promise<boolean> {
		return this.lab ? this.work.plan(kind, title, plan, this.lab) : false;
	}

	// ── panes, help, quitting ────────────────────────────────────────────────

	togglePane = (panes: readonly Pane[]): void => this.dispatch({type: 'toggle-pane', panes});
	scroll = (pane: Pane, delta: number, max: number): void => this.dispatch({type: 'scroll', pane, delta, max});
	toggleHelp = (): void => this.dispatch({type: 'modal', modal: this.state.modal?.kind === 'help' ? undefined : {kind: 'help'}});
	closeModal = (): void => this.dispatch({type: 'modal'});

	/** Ctrl-C: cancel what runs (killing its process group), or, when idle, end the session as interrupted (exit code 130). */
	interrupt(): void {
		if (isBusy(this.state) && this.work.abort()) return;
		this.exit('interrupted');
	}

	/** `q`: quits at once when idle, asks while something runs. */
	requestQuit(): void {
		if (isBusy(this.state)) return this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'quit'}}});
		this.exit();
	}

	/** Stops whatever runs and asks the app to close (progress is already saved); `how` decides the exit code. */
	exit(how: 'quit' | 'interrupted' = 'quit'): void {
		this.work.abort();
		this.dispatch({type: 'exit', how});
	}

	/** Aborts anything in flight; safe to call from a synchronous exit hook. */
	abortAll(): void {
		this.work.abort();
	}
}
