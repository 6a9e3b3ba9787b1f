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

/** How a lesson command ended; for `both`, `failedIn` names the cluster whose exit code it is. */
export interface LessonCommandResult extends RunResult {
	readonly failedIn?: ClusterName;
}

/**
 * Runs one lesson command. `both` runs it in each cluster in turn and returns the first
 * non-zero exit code; a cancel stops before the next cluster.
 */
export async function runLessonCommand(
	backend: Backend,
	command: {readonly target: Target; readonly command: string},
	options: RunCommandOptions,
): Promise<LessonCommandResult> {
	if (command.target !== 'both') {
		return backend.run({
			command: command.command,
			target: command.target,
			stdin: options.stdin,
			signal: options.signal,
			onOutput: options.onOutput,
		});
	}
	let first: LessonCommandResult | undefined;
	let simulatedMs: number | undefined;
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
		if (result.simulatedMs !== undefined) simulatedMs = (simulatedMs ?? 0) + result.simulatedMs;
		if (result.exitCode !== 0 && !first) first = {...result, failedIn: cluster};
	}
	const ran = first ?? {exitCode: 0, cancelled: false};
	return simulatedMs === undefined ? ran : {...ran, simulatedMs};
}
