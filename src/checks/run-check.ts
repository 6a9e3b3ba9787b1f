import type {CheckTiming} from '../backends/backend.js';
import type {Observer} from '../backends/observations.js';
import type {Clock} from '../core/clock.js';
import {evaluateCondition, type ConditionResult} from './evaluate.js';
import type {CheckCondition} from './spec.js';
import {needsSecondSample} from './verdicts.js';

export interface CheckRun {
	readonly pass: boolean;
	/** The last attempt's result per condition. */
	readonly results: readonly ConditionResult[];
	readonly attempts: number;
	readonly elapsedMs: number;
}

export interface CheckProgress {
	readonly attempt: number;
	readonly results: readonly ConditionResult[];
	/** Clock time of the next attempt. */
	readonly retryAt: number;
	/** Clock time after which no further attempt starts. */
	readonly deadline: number;
}

export interface RunCheckOptions {
	readonly observer: Observer;
	readonly timing: CheckTiming;
	readonly clock: Clock;
	readonly signal?: AbortSignal;
	/** Called as each attempt starts (1, 2, …). */
	readonly onAttempt?: (attempt: number) => void;
	/** Called after each failed attempt that will be retried (drives the TUI countdown). */
	readonly onRetry?: (progress: CheckProgress) => void;
}

/**
 * Judges all conditions, retrying for a bounded time while the mesh converges. A failed mixed
 * or partial verdict is always sampled a second time before the check fails.
 */
export async function runCheck(conditions: readonly CheckCondition[], options: RunCheckOptions): Promise<CheckRun> {
	const {observer, timing, clock, signal} = options;
	const start = clock.now();
	const deadline = start + timing.budgetMs;
	for (let attempt = 1; ; attempt++) {
		signal?.throwIfAborted();
		options.onAttempt?.(attempt);
		const results: ConditionResult[] = [];
		for (const condition of conditions) results.push(await evaluateCondition(condition, observer, signal));
		const pass = results.every((r) => r.pass);
		const now = clock.now();
		const unlucky =
			attempt === 1 &&
			conditions.some((c, i) => c.type === 'probe' && needsSecondSample(c.expect) && !results[i]?.pass);
		if (pass || (now >= deadline && !unlucky)) {
			return {pass, results, attempts: attempt, elapsedMs: now - start};
		}
		const wait = unlucky && now >= deadline ? 0 : Math.min(timing.intervalMs, deadline - now);
		options.onRetry?.({attempt, results, retryAt: now + wait, deadline});
		await clock.sleep(wait, signal);
	}
}
