import {TutorError} from './errors.js';

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

/** An error as the learner reads it: the message, and the fix on its own line when there is one. */
export function errorText(error: unknown): string {
	if (error instanceof TutorError) return error.fix ? `${error.message}\nfix: ${error.fix}` : error.message;
	return error instanceof Error ? error.message : String(error);
}
