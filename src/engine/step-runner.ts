import {stripVTControlCharacters} from 'node:util';
import type {Backend} from '../backends/backend.js';
import type {ConditionResult} from '../checks/evaluate.js';
import {judgeQuiz} from '../checks/quiz.js';
import {runCheck, type CheckProgress} from '../checks/run-check.js';
import type {Clock} from '../core/clock.js';
import {EXIT} from '../core/exit-codes.js';
import {CLUSTER_SPECS} from '../core/lab.js';
import type {LessonCommand, Step} from '../lessons/model.js';
import {mayChangeLab} from './command-effect.js';
import {runLessonCommand, type TaggedChunk} from './run-command.js';

/**
 * What is done on a step. Every driver (the TUI, `verify`, `lessons test`) says what it wants
 * with one of these and hands it to `runStep`; none of them runs commands or checks itself.
 * - `run`: the step's commands, then its check. With `solution`, a step that has no commands of
 *   its own (a type-it-yourself step) runs its solution instead, as a learner who revealed it
 *   would. `commands` replaces both (the harness applies a declared wrong answer this way).
 * - `typed`: one command the learner typed, then the step's check: retried while the mesh
 *   converges only when the command could have made the change (it may change the lab and
 *   exited 0); otherwise judged once (see `command-effect.ts`).
 * - `check`: only the step's check (the learner changed the lab some other way).
 * - `answer`: a quiz answer, as 0-based choice indexes.
 */
export type StepAction =
	| {readonly kind: 'run'; readonly solution?: boolean; readonly commands?: readonly LessonCommand[]}
	| {readonly kind: 'typed'; readonly command: LessonCommand}
	| {readonly kind: 'check'}
	| {readonly kind: 'answer'; readonly picks: readonly number[]};

/** What decided a verdict: the step's check, its commands' exit codes (a step without a check), or a quiz. */
export type VerdictSource = 'check' | 'commands' | 'quiz';

/** The judgement of one step: the same value on every driver. */
export interface Verdict {
	readonly pass: boolean;
	readonly source: VerdictSource;
	/** Per condition: expected beside observed, with structured evidence where the condition has some. */
	readonly results: readonly ConditionResult[];
	/** Check attempts (1 for commands and quizzes). */
	readonly attempts: number;
	/** Clock time the check took (0 for commands and quizzes). */
	readonly elapsedMs: number;
}

/**
 * Everything `runStep` reports while it works, in order:
 * `command-start` → `output`* → `command-end` for each command run; then, when the step has a
 * check and the run was not cancelled, `check-attempt` (attempt 1, 2, …) with a `check-retry`
 * between attempts (the countdown: `progress.retryAt` and `progress.deadline` are times on the
 * clock passed in); finally one `verdict` when the outcome is `judged` (none when it is
 * `skipped`, `cancelled` or `idle`). A quiz answer sends only its `verdict`.
 */
export type StepEvent =
	| {
			readonly type: 'command-start';
			/** 0-based index among the commands of this run, of `total`. */
			readonly index: number;
			readonly total: number;
			readonly command: LessonCommand;
			/** The learner typed it (not one of the step's own commands). */
			readonly typed: boolean;
	  }
	| {readonly type: 'output'; readonly index: number; readonly command: LessonCommand; readonly chunk: TaggedChunk}
	| {
			readonly type: 'command-end';
			readonly index: number;
			readonly command: LessonCommand;
			readonly exitCode: number;
			/** Cancelled through the signal; nothing else runs after it. */
			readonly cancelled: boolean;
			/** On the simulator: the time it would have taken (see `RunResult`). */
			readonly simulatedMs?: number;
	  }
	| {readonly type: 'check-attempt'; readonly attempt: number}
	| {readonly type: 'check-retry'; readonly progress: CheckProgress}
	| {readonly type: 'verdict'; readonly verdict: Verdict};

/** One command as it ran. */
export interface CommandRun {
	readonly command: LessonCommand;
	readonly exitCode: number;
	readonly cancelled: boolean;
	/** A failed command's first lines on stderr (its error, a refusal's reason and fix), when it wrote any. */
	readonly said?: string;
}

/** Stderr kept per command for `said`: its first lines are what a failure says. */
const STDERR_KEPT = 4096;
/** Lines of stderr a verdict quotes. */
const SAID_LINES = 2;

/** The first lines a failed command wrote on stderr, as one line of plain text (" · " between them). */
export function firstErrorLines(stderr: string): string | undefined {
	const lines = stripVTControlCharacters(stderr)
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.slice(0, SAID_LINES);
	return lines.length > 0 ? lines.join(' · ') : undefined;
}

/** How a failed command reads in a verdict or a lab task's failure: what ran, its exit code and what it said. */
export function failedCommandText(run: CommandRun): string {
	return `\`${run.command.command}\` exited with ${run.exitCode}${run.said ? `: ${run.said}` : ''}`;
}

/**
 * How a `runStep` call ended.
 * - `judged`: a verdict (also sent as the last event). `unsupported` is set when the simulator
 *   refused a command it does not model (exit 3): the step needs live clusters.
 * - `skipped`: the step cannot run on this backend (`reason` starts with "live only: ").
 * - `cancelled`: the signal fired during a command or the check; no verdict.
 * - `idle`: nothing was done, and `why`: a reading step (`reading`), a check asked of a step
 *   without one (`no-check`),
 *   commands or a check asked of a question (`question`), an answer without picks (`no-answer`).
 */
export type StepOutcome =
	| {readonly status: 'judged'; readonly verdict: Verdict; readonly ran: readonly CommandRun[]; readonly unsupported: boolean}
	| {readonly status: 'skipped'; readonly reason: string}
	| {readonly status: 'cancelled'; readonly ran: readonly CommandRun[]}
	| {readonly status: 'idle'; readonly why: IdleReason};

/** Why `runStep` did nothing (see `StepOutcome`). */
export type IdleReason = 'reading' | 'no-check' | 'question' | 'no-answer';

export interface StepRunOptions {
	readonly backend: Backend;
	/** Drives check retries; tests and `verify` on the simulator pass a virtual clock. */
	readonly clock: Clock;
	readonly signal?: AbortSignal;
	readonly onEvent?: (event: StepEvent) => void;
}

/** One line each for what a check expected and what it saw (failing conditions first). */
export function summarizeResults(results: readonly ConditionResult[]): {expected: string; observed: string} {
	const relevant = results.some((r) => !r.pass) ? results.filter((r) => !r.pass) : results;
	const join = (pick: (r: ConditionResult) => string) =>
		relevant.map((r) => (relevant.length > 1 ? `${r.subject}: ${pick(r)}` : pick(r))).join('; ');
	return {expected: join((r) => r.expected), observed: join((r) => r.observed)};
}

/** The hint after the ones already shown, if the ladder has more rungs. */
export function nextHint(step: Step, shown: number): string | undefined {
	return step.hints[shown];
}

/** Why a step cannot run on this backend, if it cannot. */
export function skipReason(step: Step, backend: Pick<Backend, 'kind'>): string | undefined {
	if (step.liveOnly && backend.kind === 'sim') return `live only: ${step.liveOnly}`;
	return undefined;
}

/** A step with nothing to run, check or answer: reading it is enough. */
export function isReadingStep(step: Step): boolean {
	return step.commands.length === 0 && step.check.length === 0 && !step.quiz;
}

const isAbort = (error: unknown, signal?: AbortSignal) =>
	Boolean(signal?.aborted) || (error instanceof Error && error.name === 'AbortError');

function commandsOf(step: Step, action: StepAction): readonly LessonCommand[] {
	switch (action.kind) {
		case 'typed':
			return [action.command];
		case 'run':
			if (action.commands) return action.commands;
			return step.commands.length > 0 || !action.solution ? step.commands : step.solution;
		default:
			return [];
	}
}

/** The verdict of a quiz answer; the screen numbers choices from 1, so the verdict does too. */
function quizVerdict(step: Step & {quiz: NonNullable<Step['quiz']>}, picks: readonly number[]): Verdict {
	const judged = judgeQuiz(step.quiz, picks);
	return {
		pass: judged.pass,
		source: 'quiz',
		results: [{pass: judged.pass, subject: 'your answer', expected: judged.expected, observed: judged.observed}],
		attempts: 1,
		elapsedMs: 0,
	};
}

/** The verdict of commands alone: they all exited 0, or the first that did not. */
function commandsVerdict(ran: readonly CommandRun[], typed: boolean): Verdict {
	const failed = ran.find((r) => r.exitCode !== 0);
	const subject = typed ? 'your command' : ran.length > 1 ? "the step's commands" : "the step's command";
	const last = ran.at(-1)?.command.command ?? '';
	const observed = failed ? failedCommandText(failed) : `exit 0${typed ? ` (\`${last}\`)` : ''}`;
	return {pass: !failed, source: 'commands', results: [{pass: !failed, subject, expected: 'exits 0', observed}], attempts: 1, elapsedMs: 0};
}

/** Whitespace runs count as one space, so a typed command matches its step's however it is spaced. */
const normalised = (command: string) => command.trim().replace(/\s+/g, ' ');

/**
 * Whether a typed command is the step's own: the same text, run where the step runs it. A
 * `lab` command addresses no cluster, so any target will do; a `both` command runs in each
 * cluster, so it must be typed for both.
 */
export function isOwnCommand(own: LessonCommand, typed: LessonCommand): boolean {
	return normalised(own.command) === normalised(typed.command) && (own.target === 'lab' || own.target === typed.target);
}

const targetText = (target: LessonCommand['target']) =>
	target === 'both' ? 'both clusters' : target === 'lab' ? 'the lab' : CLUSTER_SPECS[target].displayName;

/**
 * A step without a check is judged by its own commands exiting 0. Any other command exiting 0
 * proves nothing about the step, so a typed command passes only when it is one of them.
 */
function typedOnUncheckedStep(own: readonly LessonCommand[], ran: readonly CommandRun[], typed: LessonCommand): Verdict {
	const exit = ran.at(-1)?.exitCode ?? 0;
	if (own.some((c) => isOwnCommand(c, typed)) || exit !== 0) return commandsVerdict(ran, true);
	const sameText = own.find((c) => normalised(c.command) === normalised(typed.command));
	const expected = `this step's own command${own.length > 1 ? 's' : ''} (${own.map((c) => `\`${c.command}\``).join(', ')})`;
	const observed = sameText
		? `\`${typed.command}\` ran on ${targetText(typed.target)}; this step runs it on ${targetText(sameText.target)} (Tab picks where, Enter runs the step's own)`
		: `\`${typed.command}\` exited 0, but this step is checked by running its own command: press Enter to run it`;
	return {pass: false, source: 'commands', results: [{pass: false, subject: 'your command', expected, observed}], attempts: 1, elapsedMs: 0};
}

/**
 * The command part of `runStep`, also used to replay solutions (catch-up, reset): runs the
 * commands in order and stops at the first one that fails or is cancelled (`stopped`).
 */
export async function runCommands(
	commands: readonly LessonCommand[],
	options: {readonly backend: Backend; readonly signal?: AbortSignal; readonly typed?: boolean; readonly onEvent?: (event: StepEvent) => void},
): Promise<{readonly ran: readonly CommandRun[]; readonly stopped?: CommandRun}> {
	const emit = options.onEvent ?? (() => {});
	const ran: CommandRun[] = [];
	for (const [index, command] of commands.entries()) {
		emit({type: 'command-start', index, total: commands.length, command, typed: options.typed ?? false});
		// Each cluster's stderr apart: a `both` command quotes the one that failed.
		const stderr = new Map<string, string>();
		const result = await runLessonCommand(options.backend, command, {
			signal: options.signal,
			onOutput: (chunk) => {
				const kept = stderr.get(chunk.cluster ?? '') ?? '';
				if (chunk.stream === 'stderr' && kept.length < STDERR_KEPT) stderr.set(chunk.cluster ?? '', kept + chunk.text.slice(0, STDERR_KEPT - kept.length));
				emit({type: 'output', index, command, chunk});
			},
		});
		const said = result.exitCode !== 0 && !result.cancelled ? firstErrorLines(stderr.get(result.failedIn ?? '') ?? '') : undefined;
		const run: CommandRun = {command, exitCode: result.exitCode, cancelled: result.cancelled, ...(said && {said})};
		ran.push(run);
		emit({type: 'command-end', index, ...run, ...(result.simulatedMs !== undefined && {simulatedMs: result.simulatedMs})});
		if (result.cancelled || result.exitCode !== 0) return {ran, stopped: run};
	}
	return {ran};
}

/**
 * Runs one step the one way every driver shares:
 * 1. a step the backend cannot run (live-only on the simulator) is `skipped` (a typed command
 *    still runs first);
 * 2. a quiz is judged from `answer` picks;
 * 3. commands run in order, and the first one that fails (or is cancelled) stops the run, as
 *    it stops a learner (the later commands may depend on it);
 * 4. unless cancelled, the step's check then judges the lab, with retries on the given clock:
 *    the lab decides, so a step may end on a command that fails on purpose (a refused DNS
 *    lookup) and still pass; a failing check lists the failed command first. A typed command
 *    is followed by the check in the same way. A step without a check passes when every
 *    command exited 0; a typed command on it passes only when it is one of the step's own.
 * Events report each part as it happens (see `StepEvent`); the outcome is what `verify` and
 * the harness read.
 */
export async function runStep(step: Step, action: StepAction, options: StepRunOptions): Promise<StepOutcome> {
	const {backend, signal} = options;
	const emit = options.onEvent ?? (() => {});
	const judged = (verdict: Verdict, ran: readonly CommandRun[] = [], unsupported = false): StepOutcome => {
		emit({type: 'verdict', verdict});
		return {status: 'judged', verdict, ran, unsupported};
	};
	const skip = skipReason(step, backend);
	if (skip) {
		// A command the learner typed still runs, so they see what this backend says of it
		// (the gate's or the simulator's message); only the step's check is out of reach.
		if (action.kind === 'typed') await runCommands(commandsOf(step, action), {backend, signal, typed: true, onEvent: emit});
		return {status: 'skipped', reason: skip};
	}
	if (action.kind === 'answer') {
		if (!step.quiz) throw new Error(`step "${step.id}" has no question to answer`);
		if (action.picks.length === 0) return {status: 'idle', why: 'no-answer'};
		return judged(quizVerdict({...step, quiz: step.quiz}, action.picks));
	}
	if (step.quiz) return {status: 'idle', why: 'question'};
	if (action.kind === 'check' && step.check.length === 0) return {status: 'idle', why: 'no-check'};

	const commands = commandsOf(step, action);
	const typed = action.kind === 'typed';
	const {ran, stopped} = await runCommands(commands, {backend, signal, typed, onEvent: emit});
	if (stopped?.cancelled) return {status: 'cancelled', ran};
	const unsupported = backend.kind === 'sim' && stopped?.exitCode === EXIT.unsupported;

	// The command gate refused what the learner typed: nothing ran, so the lab says nothing
	// about it, and a check that happens to pass must not read as "your command worked".
	if (typed && stopped?.exitCode === EXIT.refused) return judged(commandsVerdict(ran, typed), ran, unsupported);
	if (step.check.length === 0) {
		const ownCommands = step.commands.length > 0 ? step.commands : step.solution;
		if (typed && ownCommands.length > 0) return judged(typedOnUncheckedStep(ownCommands, ran, action.command), ran, unsupported);
		if (ran.length > 0) return judged(commandsVerdict(ran, typed), ran, unsupported);
		return {status: 'idle', why: 'reading'};
	}
	// A typed command that only read, or failed, changed nothing to wait for: one look is enough.
	const waits = !typed || (!stopped && commands.some((c) => mayChangeLab(c.command)));
	let verdict: Verdict;
	try {
		const run = await runCheck(step.check, {
			observer: backend.observer,
			timing: waits ? backend.checkTiming : {...backend.checkTiming, budgetMs: 0},
			clock: options.clock,
			signal,
			onAttempt: (attempt) => emit({type: 'check-attempt', attempt}),
			onRetry: (progress) => emit({type: 'check-retry', progress}),
		});
		verdict = {pass: run.pass, source: 'check', results: run.results, attempts: run.attempts, elapsedMs: run.elapsedMs};
	} catch (error) {
		if (isAbort(error, signal)) return {status: 'cancelled', ran};
		const message = error instanceof Error ? error.message : String(error);
		const results = [{pass: false, subject: 'the check', expected: 'to observe the lab', observed: `could not: ${message}`}];
		verdict = {pass: false, source: 'check', results, attempts: 1, elapsedMs: 0};
	}
	// A check that fails after a failed command names that command first: it is the likely cause.
	if (stopped && !verdict.pass) verdict = {...verdict, results: [...commandsVerdict(ran, typed).results, ...verdict.results]};
	return judged(verdict, ran, unsupported);
}
