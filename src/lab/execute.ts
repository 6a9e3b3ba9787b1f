import type {Backend, OutputChunk} from '../backends/backend.js';
import {parallelGroups, type PlanCommand, type PlanTask} from './plan.js';
import {RETRY_POLICY, retryDecision, type TransientCause} from './transient.js';

export type PlanEvent =
	| {readonly type: 'group'; readonly index: number; readonly tasks: readonly PlanTask[]}
	| {readonly type: 'task-start'; readonly task: PlanTask}
	| {readonly type: 'task-skip'; readonly task: PlanTask}
	| {readonly type: 'command'; readonly task: PlanTask; readonly command: PlanCommand}
	| {readonly type: 'output'; readonly task: PlanTask; readonly chunk: OutputChunk}
	| {
			readonly type: 'retry';
			readonly task: PlanTask;
			readonly command: PlanCommand;
			readonly cause: TransientCause;
			/** The attempt that comes next (2 for the first retry). */
			readonly attempt: number;
			readonly delayMs: number;
	  }
	| {readonly type: 'task-done'; readonly task: PlanTask}
	| {readonly type: 'task-failed'; readonly task: PlanTask; readonly failure: PlanFailure};

export interface PlanFailure {
	readonly task: string;
	readonly command: string;
	readonly exitCode: number;
	/** The command's last output lines, kept for the error message. */
	readonly outputTail: string;
	readonly cancelled: boolean;
	/** A transient cause the output showed, when retrying did not help (or the command is not retryable). */
	readonly transient?: TransientCause;
	readonly attempts?: number;
}

export interface PlanResult {
	readonly ok: boolean;
	readonly done: readonly string[];
	readonly skipped: readonly string[];
	readonly failures: readonly PlanFailure[];
}

const TAIL_LINES = 15;

/**
 * Runs the plan group by group; tasks in a group run concurrently. A task whose `isDone`
 * probe says it is already done is skipped, which is what makes `up` resumable. After a
 * failure the current group finishes and no later group starts.
 */
export async function executePlan(
	tasks: readonly PlanTask[],
	backend: Backend,
	options: {
		signal?: AbortSignal;
		onEvent?: (event: PlanEvent) => void;
		/** Attempts and pauses for retryable commands that fail transiently (tests shorten the pauses). */
		retry?: {readonly attempts: number; readonly delaysMs: readonly number[]};
	} = {},
): Promise<PlanResult> {
	const policy = options.retry ?? RETRY_POLICY;
	const emit = options.onEvent ?? (() => {});
	const done: string[] = [];
	const skipped: string[] = [];
	const failures: PlanFailure[] = [];
	const fail = (task: PlanTask, details: Omit<PlanFailure, 'task'>) => {
		const failure: PlanFailure = {task: task.id, ...details};
		failures.push(failure);
		emit({type: 'task-failed', task, failure});
	};
	for (const [index, group] of parallelGroups(tasks).entries()) {
		if (failures.length > 0 || options.signal?.aborted) break;
		emit({type: 'group', index, tasks: group});
		await Promise.all(
			group.map(async (task) => {
				let alreadyDone: boolean;
				try {
					alreadyDone = await task.isDone(backend.observer);
				} catch (error) {
					// Not knowing is not "not done": re-running a task that is done can fail in worse ways.
					fail(task, {command: '(checking whether it is already done)', exitCode: 1, outputTail: (error as Error).message, cancelled: false});
					return;
				}
				if (alreadyDone) {
					skipped.push(task.id);
					emit({type: 'task-skip', task});
					return;
				}
				emit({type: 'task-start', task});
				for (const command of task.commands) {
					for (let attempt = 1; ; attempt++) {
						let tail: string[] = [];
						emit({type: 'command', task, command});
						const result = await backend.run({
							command: command.command,
							target: command.target,
							signal: options.signal,
							onOutput: (chunk) => {
								tail = [...tail, ...chunk.text.split('\n').filter(Boolean)].slice(-TAIL_LINES);
								emit({type: 'output', task, chunk});
							},
						});
						if (result.exitCode === 0) break;
						const outputTail = tail.join('\n');
						const decision = result.cancelled ? {retry: false as const} : retryDecision(outputTail, attempt, command.retryable ? policy : {attempts: 1, delaysMs: []});
						if (decision.retry && !options.signal?.aborted) {
							emit({type: 'retry', task, command, cause: decision.cause, attempt: attempt + 1, delayMs: decision.delayMs});
							await sleep(decision.delayMs, options.signal);
							if (!options.signal?.aborted) continue;
						}
						fail(task, {
							command: command.command,
							exitCode: result.exitCode,
							outputTail,
							cancelled: result.cancelled || Boolean(options.signal?.aborted),
							...(decision.cause ? {transient: decision.cause} : {}),
							attempts: attempt,
						});
						return;
					}
				}
				done.push(task.id);
				emit({type: 'task-done', task});
			}),
		);
	}
	return {ok: failures.length === 0 && !options.signal?.aborted, done, skipped, failures};
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (ms <= 0 || signal?.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, {once: true});
	});
}
