import type {Backend} from '../backends/backend.js';
import type {Clock} from '../core/clock.js';
import {judgeQuiz, correctChoices} from '../checks/quiz.js';
import {diffLabState, observeLabState} from '../lessons/lab-state.js';
import type {LabStateSpec, Lesson, Step} from '../lessons/model.js';
import {walkLessons} from './replay.js';
import {runCommands} from './run-command.js';
import {checkStep, nextHint, skipReason, summarizeResults} from './step.js';

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
	readonly backend: Backend['kind'];
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

/** Runs one step headless: commands, then its check (or the quiz's declared answer). */
async function verifyStep(lesson: Lesson, step: Step, backend: Backend, options: VerifyOptions): Promise<VerifyStep> {
	const base = {lesson: lesson.id, step: step.id};
	const skip = skipReason(step, backend);
	if (skip) return {...base, verdict: 'skip', expected: '', observed: '', reason: skip};
	if (step.quiz) {
		const verdict = judgeQuiz(step.quiz, correctChoices(step.quiz));
		return {...base, verdict: verdict.pass ? 'pass' : 'fail', expected: verdict.expected, observed: verdict.observed, reason: 'quiz'};
	}
	const failures = await runCommands(backend, step.commands, options.signal);
	const run = await checkStep(step, backend, {clock: options.clock, signal: options.signal});
	if (!run) {
		const pass = failures.length === 0;
		return {
			...base,
			verdict: pass ? 'pass' : 'fail',
			expected: 'every command succeeds',
			observed: pass ? 'every command succeeded' : failures.join('; '),
			reason: pass ? 'commands succeeded' : 'a command failed',
		};
	}
	const {expected, observed} = summarizeResults(run.results);
	const hint = run.pass ? undefined : nextHint(step, 0);
	return {
		...base,
		verdict: run.pass ? 'pass' : 'fail',
		expected,
		observed,
		reason: run.pass ? `check passed (attempt ${run.attempts})` : `check failed after ${run.attempts} attempt(s)`,
		...(hint !== undefined && {hint}),
	};
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
				record(await verifyStep(lesson, step, backend, options));
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
