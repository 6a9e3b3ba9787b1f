import type {Backend} from '../backends/backend.js';
import type {Clock} from '../core/clock.js';
import type {ConditionResult} from '../checks/evaluate.js';
import {runCheck, type CheckProgress, type CheckRun} from '../checks/run-check.js';
import type {Step} from '../lessons/model.js';

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
export function skipReason(step: Step, backend: Backend): string | undefined {
	if (step.liveOnly && backend.kind === 'sim') return `live only: ${step.liveOnly}`;
	return undefined;
}

export interface CheckStepOptions {
	readonly clock: Clock;
	readonly signal?: AbortSignal;
	readonly onRetry?: (progress: CheckProgress) => void;
}

/** Runs a step's check against the backend; `undefined` when the step has none. */
export async function checkStep(step: Step, backend: Backend, options: CheckStepOptions): Promise<CheckRun | undefined> {
	if (step.check.length === 0) return undefined;
	return runCheck(step.check, {
		observer: backend.observer,
		timing: backend.checkTiming,
		clock: options.clock,
		signal: options.signal,
		onRetry: options.onRetry,
	});
}
