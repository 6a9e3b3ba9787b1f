import {quote} from 'shell-quote';
import type {BackendChoice} from '../../backends/choices.js';
import type {Target} from '../../core/lab.js';
import {linePrefixer} from '../../core/text.js';
import {runLessonCommand} from '../../engine/run-command.js';
import type {CliContext} from '../context.js';
import {openBackend} from '../open-backend.js';

/** One argument is a whole shell command line; several are argv words to quote and join. */
export function commandLine(words: readonly string[]): string {
	return words.length === 1 ? (words[0] ?? '') : quote([...words]);
}

export async function execAction(ctx: CliContext, words: readonly string[], options: {backend: BackendChoice; cluster: Target}) {
	const backend = await openBackend(options.backend, ctx);
	const out = linePrefixer(ctx.stdout);
	const err = linePrefixer(ctx.stderr);
	const result = await runLessonCommand(
		backend,
		{target: options.cluster, command: commandLine(words)},
		{
			signal: ctx.signal,
			onOutput: (chunk) => {
				// Unprefixed output goes through byte for byte (binary output, odd encodings) when the backend has the bytes.
				if (chunk.cluster) (chunk.stream === 'stdout' ? out : err).push(`[${chunk.cluster}] `, chunk.text);
				else if (chunk.raw && ctx.writeBytes) ctx.writeBytes(chunk.stream, chunk.raw);
				else (chunk.stream === 'stdout' ? ctx.stdout : ctx.stderr)(chunk.text);
			},
		},
	);
	out.flush();
	err.flush();
	ctx.setExitCode(result.exitCode);
}
