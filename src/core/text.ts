import {TutorError} from './errors.js';

/** "1 replica", "5 peers": a count with its noun in the right number. */
export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
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

/** An error as the learner reads it: the message, and the fix on its own line when there is one. */
export function errorText(error: unknown): string {
	if (error instanceof TutorError) return error.fix ? `${error.message}\nfix: ${error.fix}` : error.message;
	return error instanceof Error ? error.message : String(error);
}
