import type {Backend} from '../backends/backend.js';
import type {LabKind} from '../core/backend-kind.js';
import type {Clock} from '../core/clock.js';
import {correctChoices} from '../checks/quiz.js';
import {diffLabState, observeLabState} from '../lessons/lab-state.js';
import type {LabStateSpec, Lesson, Step} from '../lessons/model.js';
import {walkLessons} from './replay.js';
import {nextHint, runStep, summarizeResults, type StepAction, type StepOutcome} from './step-runner.js';

export type StepVerdict = 'pass' | 'fail' | 'skip';

export interface VerifyStep {
	readonly lesson: string;
	readonly step: string;
	readonly verdict: StepVerdict;
	readonly expected: string;
	readonly observed: string;
	readonly reason: string;
	/** On a failed check: the first rung of the step's hint ladder. */
	readonly hint?: string;
}

export interface VerifyReport {
	readonly schema: 1;
	/** Which lab ran: `attached` for the learner's own clusters. */
	readonly backend: LabKind;
	readonly passed: number;
	readonly failed: number;
	readonly skipped: number;
	readonly steps: readonly VerifyStep[];
}

export interface VerifyOptions {
	/** Lesson ids to run; empty: every core lesson. */
	readonly lessons: readonly string[];
	readonly clock: Clock;
	readonly signal?: AbortSignal;
	readonly onStep?: (step: VerifyStep) => void;
}

/** Pure: the lessons a verify run covers, in curriculum order. */
export function selectLessons(catalog: readonly Lesson[], ids: readonly string[]): Lesson[] {
	const ordered = [...catalog].sort((a, b) => a.order - b.order);
	if (ids.length === 0) return ordered.filter((l) => !l.optional);
	return ordered.filter((l) => ids.includes(l.id));
}

/**
 * Pure: the report line for one step's outcome. The `reason` values are part of `verify --json`
 * (see the README): "check passed (attempt N)", "check failed after N attempt(s)", "quiz",
 * "commands succeeded", "a command failed", "live only: …".
 */
export function verifyEntry(lesson: Lesson, step: Step, outcome: StepOutcome): VerifyStep {
	const base = {lesson: lesson.id, step: step.id};
	switch (outcome.status) {
		case 'skipped':
			return {...base, verdict: 'skip', expected: '', observed: '', reason: outcome.reason};
		case 'idle':
			// Nothing to run is nothing that failed: a reading step passes as it always has.
			return {...base, verdict: 'pass', expected: 'every command succeeds', observed: 'every command succeeded', reason: 'commands succeeded'};
		case 'cancelled':
			return {...base, verdict: 'fail', expected: 'the step to finish', observed: 'cancelled', reason: 'cancelled'};
		case 'judged':
			break;
	}
	const {verdict} = outcome;
	const verdictOf = (pass: boolean): StepVerdict => (pass ? 'pass' : 'fail');
	const {expected, observed} = summarizeResults(verdict.results);
	if (verdict.source === 'quiz') return {...base, verdict: verdictOf(verdict.pass), expected, observed, reason: 'quiz'};
	const hint = verdict.pass ? undefined : nextHint(step, 0);
	const withHint = hint !== undefined ? {hint} : {};
	if (verdict.source === 'commands') {
		return verdict.pass
			? {...base, verdict: 'pass', expected: 'every command succeeds', observed: 'every command succeeded', reason: 'commands succeeded'}
			: {...base, verdict: 'fail', expected: 'every command succeeds', observed, reason: 'a command failed', ...withHint};
	}
	return {
		...base,
		verdict: verdictOf(verdict.pass),
		expected,
		observed,
		reason: verdict.pass ? `check passed (attempt ${verdict.attempts})` : `check failed after ${verdict.attempts} attempt(s)`,
		...withHint,
	};
}

/**
 * The action `verify` takes on a step: what a learner who follows the lesson does (its
 * commands, or its solution where it asks to type; the right answer to a question).
 */
export function followTheLesson(step: Step): StepAction {
	return step.quiz ? {kind: 'answer', picks: correctChoices(step.quiz)} : {kind: 'run', solution: true};
}

async function stateEntry(
	lesson: Lesson,
	label: string,
	declared: LabStateSpec,
	backend: Backend,
): Promise<VerifyStep | undefined> {
	const differences = diffLabState(declared, await observeLabState(backend.observer));
	if (differences.length === 0) return undefined;
	return {
		lesson: lesson.id,
		step: label,
		verdict: 'fail',
		expected: `the lab state the lesson declares (${label})`,
		observed: differences.join('; '),
		reason: 'lab state differs from the declaration',
	};
}

/**
 * Runs lessons headless, step by step with their checks. A lesson picked alone starts from
 * its declared start state: the lab catches up from wherever it is (see `walkLessons`).
 */
export async function verifyLessons(catalog: readonly Lesson[], backend: Backend, options: VerifyOptions): Promise<VerifyReport> {
	const steps: VerifyStep[] = [];
	const record = (step: VerifyStep) => {
		steps.push(step);
		options.onStep?.(step);
	};
	const stopped = await walkLessons(catalog, selectLessons(catalog, options.lessons), backend, {
		signal: options.signal,
		visit: async (lesson) => {
			const start = await stateEntry(lesson, 'start state', lesson.starts, backend);
			if (start) record(start);
			for (const step of lesson.steps) {
				options.signal?.throwIfAborted();
				const outcome = await runStep(step, followTheLesson(step), {backend, clock: options.clock, signal: options.signal});
				options.signal?.throwIfAborted();
				record(verifyEntry(lesson, step, outcome));
			}
			const end = await stateEntry(lesson, 'end state', lesson.leaves, backend);
			if (end) record(end);
		},
	});
	if (stopped) {
		record({
			lesson: stopped.lesson.id,
			step: '(catch-up)',
			verdict: 'fail',
			expected: 'earlier solutions replay cleanly',
			observed: stopped.failure.message,
			reason: 'catch-up failed',
		});
	}
	const count = (v: StepVerdict) => steps.filter((s) => s.verdict === v).length;
	return {schema: 1, backend: backend.kind, passed: count('pass'), failed: count('fail'), skipped: count('skip'), steps};
}
