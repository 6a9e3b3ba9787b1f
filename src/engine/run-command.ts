import {clustersOf, type ClusterName, type Target} from '../core/lab.js';
import {EXIT} from '../core/exit-codes.js';
import type {Backend, OutputChunk, RunResult} from '../backends/backend.js';

/** Output of a lesson command, tagged with the cluster it ran in when the target is `both`. */
export interface TaggedChunk extends OutputChunk {
	readonly cluster?: ClusterName;
}

export interface RunCommandOptions {
	readonly signal?: AbortSignal;
	readonly stdin?: string;
	readonly onOutput: (chunk: TaggedChunk) => void;
}

/**
 * Runs one lesson command. `both` runs it in each cluster in turn and returns the first
 * non-zero exit code; a cancel stops before the next cluster.
 */
export async function runLessonCommand(
	backend: Backend,
	command: {readonly target: Target; readonly command: string},
	options: RunCommandOptions,
): Promise<RunResult> {
	if (command.target !== 'both') {
		return backend.run({
			command: command.command,
			target: command.target,
			stdin: options.stdin,
			signal: options.signal,
			onOutput: options.onOutput,
		});
	}
	let first: RunResult | undefined;
	for (const cluster of clustersOf('both')) {
		if (options.signal?.aborted) return {exitCode: EXIT.interrupted, cancelled: true};
		const result = await backend.run({
			command: command.command,
			target: cluster,
			stdin: options.stdin,
			signal: options.signal,
			onOutput: (chunk) => options.onOutput({...chunk, cluster}),
		});
		if (result.cancelled) return result;
		if (result.exitCode !== 0 && !first) first = result;
	}
	return first ?? {exitCode: 0, cancelled: false};
}

/**
 * Prefixes every complete line with a label (`[koornacht] `), holding partial lines back
 * until their newline arrives so interleaved chunks never split a prefix.
 */
export function linePrefixer(write: (text: string) => void): {push(label: string, text: string): void; flush(): void} {
	const partial = new Map<string, string>();
	return {
		push(label, text) {
			const lines = ((partial.get(label) ?? '') + text).split('\n');
			partial.set(label, lines.pop() ?? '');
			for (const line of lines) write(`${label}${line}\n`);
		},
		flush() {
			for (const [label, rest] of partial) if (rest) write(`${label}${rest}\n`);
			partial.clear();
		},
	};
}

/**
 * Runs commands one after another as a learner would (a failure does not stop the next one)
 * and returns what failed, one line each.
 */
export async function runCommands(
	backend: Backend,
	commands: readonly {readonly target: Target; readonly command: string}[],
	signal?: AbortSignal,
): Promise<string[]> {
	const failures: string[] = [];
	for (const command of commands) {
		const result = await runLessonCommand(backend, command, {signal, onOutput: () => {}});
		if (result.exitCode !== 0) failures.push(`\`${command.command}\` exited with ${result.exitCode}`);
	}
	return failures;
}
