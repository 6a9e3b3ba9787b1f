import chalk from 'chalk';
import type {Backend} from '../../backends/backend.js';
import type {ConditionResult} from '../../checks/evaluate.js';
import {judgeQuiz} from '../../checks/quiz.js';
import {systemClock, type Clock} from '../../core/clock.js';
import {EXIT} from '../../core/exit-codes.js';
import {TARGETS, type Target} from '../../core/lab.js';
import {replay, replayItems} from '../../engine/replay.js';
import {linePrefixer, runLessonCommand, type TaggedChunk} from '../../engine/run-command.js';
import {checkStep, nextHint, skipReason} from '../../engine/step.js';
import type {LabStateSpec, Lesson, LessonCommand} from '../../lessons/model.js';
import {isStepDone, type Progress} from '../../state/progress.js';
import {catchUpPlan, planSize, rebuildPlan, resetPlan, type LabPlan} from './lab-plans.js';
import {emptyEditor, type EditKey} from './line-editor.js';
import type {LineStore} from './line-store.js';
import {
	comparePositions,
	nextLesson,
	nextStep,
	previousLesson,
	startOfCurriculum,
	type Position,
} from './positions.js';
import type {ProgressSaver} from './progress-saver.js';
import {
	canAdvance,
	currentLesson,
	currentStep,
	hintsShown,
	initialState,
	isBusy,
	isReadingStep,
	reduce,
	solutionShown,
	type Action,
	type BackendInfo,
	type Pane,
	type SessionState,
	type TaskPhase,
	type Verdict,
} from './session-state.js';

/** What the store needs from the outside world; tests pass fakes. */
export interface SessionDeps {
	/** The output pane's buffer. */
	readonly lines: LineStore;
	/** Wall time for elapsed-time displays. @default Date.now */
	readonly now?: () => number;
}

/** What the session works on, once loaded. */
export interface SessionLab {
	readonly lessons: readonly Lesson[];
	readonly backend: Backend;
	readonly info: BackendInfo;
	readonly progress: Progress;
	/** Drives check retries and their countdown; tests pass a virtual clock so checks never really wait. */
	readonly clock: Clock;
	/** Persists progress; absent in tests that do not care. */
	readonly saver?: ProgressSaver;
	/** Simulator: empty the lab (fresh start for catch-up and reset). */
	readonly wipe?: () => Promise<void>;
	/** Reads the live lab's state for a reset (lessons/lab-state `observeLabState`). */
	readonly observe?: (backend: Backend) => Promise<LabStateSpec>;
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/**
 * The learner's session: plain TypeScript outside React. Components read `getState()`
 * through `useSyncExternalStore` and call the action methods; every transition goes
 * through the pure `reduce`, and every progress change is saved at once (atomically).
 */
export class SessionStore {
	private state: SessionState;
	private lab: SessionLab | undefined;
	private readonly listeners = new Set<() => void>();
	/** Aborts whatever is in flight (command, check or lab task). */
	private controller: AbortController | undefined;
	private readonly now: () => number;

	constructor(
		private readonly deps: SessionDeps,
		progress: Progress,
	) {
		this.state = initialState(progress);
		this.now = deps.now ?? Date.now;
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
	 * it right after `attach`: the lab task shows from the first frame, so no key can slip in
	 * between.
	 */
	async prepare(): Promise<void> {
		const lab = this.lab;
		if (!lab) return;
		if (lab.backend.kind === 'sim') {
			const plan = rebuildPlan(lab.lessons, this.state.position);
			// Once the lab is ready, the backend's reason is worth a second look.
			if (await this.runPlan('prepare', 'Preparing the simulated lab', plan)) this.notice('info', lab.info.reason);
			return;
		}
		this.notice('warn', 'No lab clusters yet: press r to build the lab up to this lesson (several minutes), or run `clustermesh-tutor up`.');
	}

	// ── running steps ────────────────────────────────────────────────────────

	private refuseWhileBusy(): boolean {
		if (!isBusy(this.state)) return false;
		this.notice('warn', 'Something is still running: wait for it, or press Ctrl-C to cancel it.');
		return true;
	}

	/** Enter: runs the step's commands (or the revealed solution), then its check. */
	async runStep(): Promise<void> {
		if (this.state.screen === 'intro') return this.begin();
		const step = currentStep(this.state);
		const lab = this.lab;
		if (!step || !lab || this.state.screen !== 'step' || this.refuseWhileBusy()) return;
		if (step.quiz) return this.submitQuiz();
		const skip = skipReason(step, lab.backend);
		if (skip) {
			this.notice('warn', `This step needs live clusters (${skip}). Press n to skip it.`);
			return;
		}
		const commands = step.commands.length > 0 ? step.commands : solutionShown(this.state) ? step.solution : [];
		if (commands.length > 0) return this.execute(commands, false);
		if (step.check.length > 0) return this.recheck();
		if (isReadingStep(step)) this.notice('info', 'Nothing to run here: press n to continue.');
		else this.notice('info', 'Type the command yourself with t (s shows the solution).');
	}

	/** `t`: opens the command line (on an intro, for the first step); the typed command runs like the step's own. */
	startTyping(): void {
		if (this.state.screen === 'intro') this.begin();
		const step = currentStep(this.state);
		if (!step || this.state.screen !== 'step' || this.refuseWhileBusy()) return;
		if (step.quiz) {
			this.notice('info', 'This step is a question: pick an answer with its number, then Enter.');
			return;
		}
		const target: Target = step.commands[0]?.target ?? step.solution[0]?.target ?? 'koornacht';
		this.dispatch({type: 'modal', modal: {kind: 'prompt', editor: emptyEditor, target}});
	}

	/** A key in the command line. */
	edit(key: EditKey): void {
		this.dispatch({type: 'edit', key});
	}

	/** Tab in the command line: run the typed command in the next cluster (or both, or lab-wide). */
	cycleTarget(): void {
		const modal = this.state.modal;
		if (modal?.kind !== 'prompt') return;
		const next = TARGETS[(TARGETS.indexOf(modal.target) + 1) % TARGETS.length] ?? modal.target;
		this.dispatch({type: 'modal', modal: {...modal, target: next}});
	}

	/** Enter in the command line: run what was typed through the same runner and check. */
	async submitTyped(): Promise<void> {
		const modal = this.state.modal;
		if (modal?.kind !== 'prompt') return;
		const command = modal.editor.text.trim();
		this.dispatch({type: 'modal'});
		if (command === '') return;
		await this.execute([{target: modal.target, command, line: 0}], true);
	}

	private async execute(commands: readonly LessonCommand[], typed: boolean): Promise<void> {
		const lab = this.lab;
		const step = currentStep(this.state);
		if (!lab || !step) return;
		const controller = new AbortController();
		this.controller = controller;
		const {lines} = this.deps;
		lines.clear();
		const failures: string[] = [];
		let lastCommand = '';
		let unsupported = false;
		try {
			for (const [index, command] of commands.entries()) {
				const at = this.now();
				this.dispatch({type: 'run-start', command: command.command, target: command.target, index, total: commands.length, typed, at});
				const output = commandOutput(lines, command);
				const result = await runLessonCommand(lab.backend, command, {signal: controller.signal, onOutput: output.write});
				output.end();
				this.dispatch({type: 'run-end', exitCode: result.exitCode, cancelled: result.cancelled, at: this.now()});
				if (result.cancelled) {
					lines.pushLines(chalk.yellow('^C cancelled'));
					this.notice('warn', 'Cancelled. Enter runs the step again.');
					return;
				}
				lastCommand = command.command;
				if (result.exitCode !== 0) {
					failures.push(`\`${command.command}\` exited with ${result.exitCode}`);
					lines.pushLines(chalk.red(`exit ${result.exitCode}`));
					unsupported = lab.backend.kind === 'sim' && result.exitCode === EXIT.unsupported;
					break;
				}
			}
			lines.flush();
			if (step.check.length > 0) {
				await this.runCheck(controller);
			} else {
				const pass = failures.length === 0;
				const result: ConditionResult = {
					pass,
					subject: typed ? 'your command' : commands.length > 1 ? "the step's commands" : "the step's command",
					expected: 'exits 0',
					observed: pass ? `exit 0${typed ? ` (\`${lastCommand}\`)` : ''}` : failures.join('; '),
				};
				this.finishCheck({pass, source: 'commands', results: [result], attempts: 1, elapsedMs: 0});
			}
			if (unsupported) this.notice('warn', 'The simulator does not model that command (it needs live clusters): n skips the step.');
		} finally {
			lines.flush();
			if (this.controller === controller) this.controller = undefined;
		}
	}

	/** `c`: runs the step's check again (no command). */
	async recheck(): Promise<void> {
		const step = currentStep(this.state);
		if (!step || this.state.screen !== 'step' || this.refuseWhileBusy()) return;
		if (step.quiz) {
			this.notice('info', 'This step is a question: pick an answer with its number, then Enter.');
			return;
		}
		if (step.check.length === 0) {
			this.notice('info', 'This step has no check of its own: it passes when its command succeeds (Enter).');
			return;
		}
		const controller = new AbortController();
		this.controller = controller;
		try {
			await this.runCheck(controller);
		} finally {
			if (this.controller === controller) this.controller = undefined;
		}
	}

	private async runCheck(controller: AbortController): Promise<void> {
		const lab = this.lab;
		const step = currentStep(this.state);
		if (!lab || !step) return;
		this.dispatch({type: 'check-start'});
		try {
			const run = await checkStep(step, lab.backend, {
				clock: this.clock,
				signal: controller.signal,
				onRetry: (progress) => this.dispatch({type: 'check-retry', progress}),
			});
			if (!run) return;
			this.finishCheck({pass: run.pass, source: 'check', results: run.results, attempts: run.attempts, elapsedMs: run.elapsedMs});
		} catch (error) {
			if (controller.signal.aborted || isAbort(error)) {
				this.dispatch({type: 'check-cancelled'});
				this.notice('warn', 'Check cancelled. c runs it again.');
				return;
			}
			const message = error instanceof Error ? error.message : String(error);
			this.finishCheck({
				pass: false,
				source: 'check',
				results: [{pass: false, subject: 'the check', expected: 'to observe the lab', observed: `could not: ${message}`}],
				attempts: 1,
				elapsedMs: 0,
			});
		}
	}

	private finishCheck(verdict: Verdict): void {
		this.dispatch({type: 'check-end', verdict});
		if (verdict.pass) return;
		// The first rung of the hint ladder comes with the first failure; more on `h`.
		const step = currentStep(this.state);
		if (step && hintsShown(this.state) === 0 && step.hints.length > 0) this.dispatch({type: 'hint'});
	}

	// ── quiz ─────────────────────────────────────────────────────────────────

	/** A number key on a quiz step: pick or unpick that choice. */
	toggleChoice(index: number): void {
		const quiz = currentStep(this.state)?.quiz;
		if (!quiz || index < 0 || index >= quiz.choices.length || this.state.screen !== 'step') return;
		this.dispatch({type: 'quiz-toggle', index});
	}

	private submitQuiz(): void {
		const quiz = currentStep(this.state)?.quiz;
		if (!quiz) return;
		if (this.state.quizPicks.length === 0) {
			this.notice('info', 'Pick an answer with its number first.');
			return;
		}
		const verdict = judgeQuiz(quiz, this.state.quizPicks);
		// The screen numbers the choices (the number keys pick them), so the verdict does too.
		const observed = `picked ${this.state.quizPicks.map((i) => i + 1).join(', ')}`;
		this.finishCheck({
			pass: verdict.pass,
			source: 'quiz',
			results: [{pass: verdict.pass, subject: 'your answer', expected: verdict.expected, observed}],
			attempts: 1,
			elapsedMs: 0,
		});
	}

	// ── help ─────────────────────────────────────────────────────────────────

	/** `h`: the next rung of the hint ladder. */
	nextHint(): void {
		const step = currentStep(this.state);
		if (!step || this.state.screen !== 'step') return;
		if (step.hints.length === 0) {
			this.notice('info', 'This step has no hints: s shows the solution.');
			return;
		}
		const shown = hintsShown(this.state);
		if (nextHint(step, shown) === undefined) {
			this.notice('info', 'That was the last hint: s shows the solution.');
			return;
		}
		this.dispatch({type: 'hint'});
	}

	/** `s`: asks first (showing a solution is recorded), then reveals it. */
	askSolution(): void {
		if (this.state.screen !== 'step' || !currentStep(this.state)) return;
		if (solutionShown(this.state)) {
			this.notice('info', 'The solution is shown under the step.');
			return;
		}
		this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'solution'}}});
	}

	// ── navigation ───────────────────────────────────────────────────────────

	private open(position: Position, screen: 'intro' | 'step' = 'step'): void {
		this.deps.lines.clear();
		this.dispatch({type: 'open', position, screen});
	}

	/** From a lesson's intro to its first step. */
	private begin(): void {
		const lesson = currentLesson(this.state);
		if (!lesson) return;
		if (lesson.steps.length === 0) {
			this.notice('info', 'This lesson has no steps.');
			return;
		}
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
		if (skipReason(step, lab.backend)) {
			this.dispatch({type: 'skip'});
			return this.advance();
		}
		this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'skip'}}});
	}

	private advance(): void {
		const following = nextStep(this.state.lessons, this.state.position);
		if (following) return this.open(following);
		this.dispatch({type: 'complete-lesson'});
		const done = currentLesson(this.state);
		const upcoming = nextLesson(this.state.lessons, this.state.position.lesson);
		if (upcoming) {
			this.open({lesson: upcoming.id, step: 0}, 'intro');
			this.notice('success', `Lesson complete: ${done?.title ?? ''}. Next up: ${upcoming.title}.`);
			return;
		}
		this.dispatch({type: 'show-list'});
		this.notice('success', 'You finished the last lesson. Well flown!');
	}

	/** `p` / ←: the previous step, the lesson intro, then the previous lesson's last step. */
	prev(): void {
		const {screen, position} = this.state;
		if ((screen !== 'step' && screen !== 'intro') || this.refuseWhileBusy()) return;
		if (screen === 'step') {
			if (position.step > 0) this.open({lesson: position.lesson, step: position.step - 1});
			else this.open({lesson: position.lesson, step: 0}, 'intro');
			return;
		}
		const before = previousLesson(this.state.lessons, position.lesson);
		if (!before || before.steps.length === 0) {
			this.notice('info', 'This is the first lesson.');
			return;
		}
		this.open({lesson: before.id, step: before.steps.length - 1});
	}

	/** `l`: the lesson list (Esc or `l` again returns). */
	showList(): void {
		if (this.state.screen === 'boot') return;
		if (this.state.screen === 'list') {
			this.dispatch({type: 'close-list'});
			return;
		}
		this.dispatch({type: 'show-list'});
	}

	closeList(): void {
		if (this.state.screen === 'list') this.dispatch({type: 'close-list'});
	}

	moveListCursor(delta: number): void {
		this.dispatch({type: 'list-move', delta});
	}

	/** Enter on the lesson list: open the highlighted lesson where the learner left it. */
	openSelected(): void {
		const lesson = this.state.lessons[this.state.listCursor];
		if (!lesson || this.refuseWhileBusy()) return;
		if (lesson.id === this.state.position.lesson) {
			this.dispatch({type: 'close-list'});
			return;
		}
		if (!this.state.progress.lessons[lesson.id]) {
			this.jumpTo({lesson: lesson.id, step: 0}, 'intro');
			return;
		}
		const firstOpen = lesson.steps.findIndex((s) => !isStepDone(this.state.progress, lesson.id, s.id));
		this.jumpTo({lesson: lesson.id, step: firstOpen >= 0 ? firstOpen : Math.max(0, lesson.steps.length - 1)}, 'step');
	}

	/**
	 * Opens any position. When the lab is behind it, offers to catch up first (replaying the
	 * solutions in between); on the simulator a lab that is ahead can be rewound the same way.
	 */
	jumpTo(target: Position, screen: 'intro' | 'step' = 'step'): void {
		const lab = this.lab;
		if (!lab) return;
		const at = this.labPosition();
		const order = at ? comparePositions(lab.lessons, at, target) : 0;
		const simulator = lab.backend.kind === 'sim';
		const ask = (commands: number, rewind: boolean) =>
			this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'catch-up', target, screen, commands, rewind}}});
		if (at && order < 0) {
			const items = replayItems(lab.lessons, target, {from: at, simulator});
			if (items.length > 0) return ask(items.length, false);
		}
		if (at && order > 0 && simulator) return ask(replayItems(lab.lessons, target, {simulator}).length, true);
		this.open(target, screen);
		if (at && order > 0) {
			this.notice('warn', 'The lab is further along than this lesson: r resets it to the lesson\'s start.');
		}
	}

	private labPosition(): Position | undefined {
		return this.state.progress.lab ?? startOfCurriculum(this.state.lessons);
	}

	// ── confirms ─────────────────────────────────────────────────────────────

	/**
	 * The answer to the open question: `yes`, `no`, or `alt` (the skip dialog's "skip
	 * without touching the lab").
	 */
	async answer(choice: 'yes' | 'no' | 'alt'): Promise<void> {
		const modal = this.state.modal;
		if (modal?.kind !== 'confirm') return;
		const {confirm} = modal;
		this.dispatch({type: 'modal'});
		switch (confirm.type) {
			case 'solution':
				if (choice === 'yes') this.dispatch({type: 'solution'});
				return;
			case 'quit':
				if (choice === 'yes') this.exit();
				return;
			case 'reset':
				if (choice === 'yes') await this.resetLesson();
				return;
			case 'skip':
				if (choice === 'no') return;
				return this.skip(choice === 'yes');
			case 'catch-up': {
				if (choice === 'no') {
					this.open(confirm.target, confirm.screen);
					this.notice('warn', 'Opened without catching up: the lab may not be in the state this step expects.');
					return;
				}
				const lab = this.lab;
				if (!lab) return;
				const at = this.labPosition() ?? confirm.target;
				// The simulator rebuilds from scratch either way (that is also how it rewinds).
				const labEmpty = lab.backend.kind === 'kind' && (await lab.backend.observer.clusters().catch(() => [])).length === 0;
				const plan = catchUpPlan(lab.lessons, confirm.target, {backend: lab.backend.kind, lab: at, labEmpty});
				const ok = await this.runPlan('catch-up', `Catching up to ${describe(lab.lessons, confirm.target)}`, plan);
				if (ok) {
					this.open(confirm.target, confirm.screen);
					this.notice('success', `Caught up: the lab is ready for ${describe(lab.lessons, confirm.target)}.`);
				}
				return;
			}
		}
	}

	/** Skips the current step; with `catchUp`, replays its solution so later steps work. */
	private async skip(catchUp: boolean): Promise<void> {
		const lab = this.lab;
		const {position} = this.state;
		if (!lab) return;
		const after = {lesson: position.lesson, step: position.step + 1};
		const at = this.labPosition();
		if (catchUp && (!at || comparePositions(lab.lessons, at, after) < 0)) {
			const from = at && comparePositions(lab.lessons, at, position) > 0 ? at : position;
			const items = replayItems(lab.lessons, after, {from, simulator: lab.backend.kind === 'sim'});
			const plan: LabPlan = {target: after, wipe: false, undo: [], items};
			if (!(await this.runPlan('catch-up', 'Applying the solution of the skipped step', plan))) return;
		}
		this.dispatch({type: 'skip'});
		this.advance();
	}

	// ── reset ────────────────────────────────────────────────────────────────

	/** `r`: asks, then resets the lesson's lab state (and its step results) to its start. */
	askReset(): void {
		if ((this.state.screen !== 'step' && this.state.screen !== 'intro') || this.refuseWhileBusy()) return;
		this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'reset'}}});
	}

	private async resetLesson(): Promise<void> {
		const lab = this.lab;
		const lesson = currentLesson(this.state);
		if (!lab || !lesson) return;
		let observed: LabStateSpec | undefined;
		if (lab.backend.kind === 'kind' && lab.observe) {
			try {
				observed = await lab.observe(lab.backend);
			} catch (error) {
				this.notice('error', `Could not read the lab state: ${error instanceof Error ? error.message : String(error)}`);
				return;
			}
		}
		const plan = resetPlan(lab.lessons, lesson, {backend: lab.backend.kind, observed});
		if (!(await this.runPlan('reset', `Resetting “${lesson.title}” to its start`, plan))) return;
		this.dispatch({type: 'reset-lesson'});
		this.notice('success', `The lab is back at the start of “${lesson.title}”.`);
	}

	// ── lab tasks ────────────────────────────────────────────────────────────

	/** Runs a catch-up/reset plan with visible progress; true when the lab reached the target. */
	private async runPlan(kind: TaskPhase['kind'], title: string, plan: LabPlan): Promise<boolean> {
		const lab = this.lab;
		if (!lab) return false;
		const controller = new AbortController();
		this.controller = controller;
		const {lines} = this.deps;
		const total = planSize(plan);
		lines.clear();
		this.dispatch({type: 'task-start', task: {kind, title, status: 'running', done: 0, total}});
		const progress = (done: number, current?: string) => this.dispatch({type: 'task-progress', done, current});
		try {
			if (plan.wipe) await lab.wipe?.();
			let done = 0;
			for (const command of plan.undo) {
				progress(done, command.command);
				const output = commandOutput(lines, command);
				const result = await runLessonCommand(lab.backend, command, {signal: controller.signal, onOutput: output.write});
				output.end();
				if (result.cancelled) return this.endTask('cancelled', 'Cancelled: the lab is partly reset.');
				// Removing something already gone is fine; the replay below restores the rest.
				done++;
			}
			if (plan.buildBase) progress(done, `building the lab (${plan.buildBase})`);
			const base = plan.buildBase ? 1 : 0;
			let output: OutputWriter | undefined;
			const failure = await replay(lab.backend, plan.items, {
				buildBase: plan.buildBase,
				signal: controller.signal,
				onEvent: (event) => {
					if (event.type === 'command') {
						output?.end();
						progress(done + base + event.index, event.item.command.command);
						output = commandOutput(lines, event.item.command);
					} else if (event.type === 'output') {
						output?.write(event.chunk);
					}
				},
			});
			output?.end();
			if (controller.signal.aborted) return this.endTask('cancelled', 'Cancelled: the lab is only partly caught up (r rebuilds this lesson\'s start).');
			if (failure) return this.endTask('failed', `Failed: ${failure.message}. The output shows why; Enter or r tries again.`);
			this.dispatch({type: 'task-end', status: 'done', labAt: plan.target});
			return true;
		} catch (error) {
			if (controller.signal.aborted || isAbort(error)) return this.endTask('cancelled', 'Cancelled.');
			return this.endTask('failed', `Failed: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			lines.flush();
			if (this.controller === controller) this.controller = undefined;
		}
	}

	private endTask(status: 'failed' | 'cancelled', message: string): false {
		this.dispatch({type: 'task-end', status, message});
		this.notice(status === 'failed' ? 'error' : 'warn', message);
		return false;
	}

	// ── panes, help, quitting ────────────────────────────────────────────────

	togglePane(): void {
		this.dispatch({type: 'toggle-pane'});
	}

	scroll(pane: Pane, delta: number, max: number): void {
		this.dispatch({type: 'scroll', pane, delta, max});
	}

	toggleHelp(): void {
		this.dispatch({type: 'modal', modal: this.state.modal?.kind === 'help' ? undefined : {kind: 'help'}});
	}

	closeModal(): void {
		if (this.state.modal) this.dispatch({type: 'modal'});
	}

	/** Ctrl-C: cancel what runs (killing its process group), or quit when idle. */
	interrupt(): void {
		if (this.controller && isBusy(this.state)) {
			this.controller.abort();
			return;
		}
		this.exit();
	}

	/** `q`: quits at once when idle, asks while something runs. */
	requestQuit(): void {
		if (isBusy(this.state)) {
			this.dispatch({type: 'modal', modal: {kind: 'confirm', confirm: {type: 'quit'}}});
			return;
		}
		this.exit();
	}

	/** Stops whatever runs and asks the app to close (progress is already saved). */
	exit(): void {
		this.controller?.abort();
		this.dispatch({type: 'exit'});
	}

	/** Aborts anything in flight; safe to call from a synchronous exit hook. */
	abortAll(): void {
		this.controller?.abort();
	}
}

interface OutputWriter {
	write(chunk: TaggedChunk): void;
	/** The command ended: its last partial line is complete. */
	end(): void;
}

/**
 * Starts a command's output in the line store with a `KOORNACHT $ kubectl …` header, then
 * streams its chunks; `both` output gets a cluster tag per line.
 */
function commandOutput(lines: LineStore, command: LessonCommand): OutputWriter {
	const {target} = command;
	lines.pushLines(`${chalk.dim(target.toUpperCase())} ${chalk.bold(`$ ${command.command}`)}`);
	if (target !== 'both') return {write: (chunk) => lines.push(chunk.text), end: () => lines.endLine()};
	// Each cluster's partial line waits for its own newline, so interleaved chunks never split a tag.
	const prefixer = linePrefixer((text) => lines.push(text));
	return {
		write: (chunk) => prefixer.push(chalk.cyan(`[${chunk.cluster ?? target}] `), chunk.text),
		end: () => {
			prefixer.flush();
			lines.endLine();
		},
	};
}

function describe(lessons: readonly Lesson[], at: Position): string {
	const lesson = lessons.find((l) => l.id === at.lesson);
	if (!lesson) return at.lesson;
	const step = lesson.steps[at.step];
	return at.step === 0 || !step ? `lesson ${lesson.order}, ${lesson.title}` : `lesson ${lesson.order}, step ${at.step + 1}`;
}
