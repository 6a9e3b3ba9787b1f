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

/** A partial line longer than this is written out at once instead of held (bounded memory). */
const HELD_LINE_MAX = 1024 * 1024;

/**
 * Prefixes every complete line with a label (`[koornacht] `), holding partial lines back
 * until their newline arrives so interleaved chunks never split a prefix. Linear in the output:
 * held pieces are joined once, and a partial line beyond HELD_LINE_MAX is streamed (labelled
 * once) rather than held, so a 100 MB line costs neither quadratic time nor a copy of itself;
 * if another label writes meanwhile, that streamed line is ended first.
 */
export function linePrefixer(write: (text: string) => void): {push(label: string, text: string): void; flush(): void} {
	const held = new Map<string, {pieces: string[]; size: number}>();
	/** The label whose unfinished line is already written out. */
	let streaming: string | undefined;
	return {
		push(label, text) {
			const out: string[] = [];
			if (streaming !== undefined && streaming !== label) {
				out.push('\n');
				streaming = undefined;
			}
			// Entries stay in the map once created, so flush keeps the order labels first wrote in.
			let line = held.get(label);
			if (!line) held.set(label, (line = {pieces: [], size: 0}));
			let start = 0;
			for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
				if (streaming === label) streaming = undefined;
				else out.push(label, ...line.pieces);
				out.push(text.slice(start, newline + 1));
				line.pieces = [];
				line.size = 0;
				start = newline + 1;
			}
			const rest = text.slice(start);
			if (rest && streaming === label) out.push(rest);
			else if (rest) {
				line.pieces.push(rest);
				line.size += rest.length;
				if (line.size > HELD_LINE_MAX) {
					out.push(label, ...line.pieces);
					line.pieces = [];
					line.size = 0;
					streaming = label;
				}
			}
			if (out.length > 0) write(out.join(''));
		},
		flush() {
			const out: string[] = streaming === undefined ? [] : ['\n'];
			streaming = undefined;
			for (const [label, line] of held) if (line.pieces.length > 0) out.push(label, ...line.pieces, '\n');
			held.clear();
			if (out.length > 0) write(out.join(''));
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
