import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import wrapAnsi from 'wrap-ansi';
import {textPresentation} from './normalize.js';

/**
 * Plain-text wrapping at spaces. A word longer than the width stays whole here; `fitRows`
 * breaks it when the line is drawn.
 */
export function wrapWords(text: string, width: number): string[] {
	return text.split('\n').flatMap((paragraph) => wrapStyled(paragraph, width, (s) => s.length));
}

/**
 * `wrapWords` for text that carries colour escapes: only visible characters count toward
 * the width (escapes never contain spaces, so they stay attached to their words). Newlines
 * are spaces here (the text is one paragraph).
 */
export function wrapStyled(text: string, width: number, visibleLength: (s: string) => number): string[] {
	const out: string[] = [];
	let line = '';
	let length = 0;
	for (const word of text.split(/[ \n]+/)) {
		const size = visibleLength(word);
		if (line === '') {
			line = word;
			length = size;
		} else if (length + 1 + size <= width) {
			line += ` ${word}`;
			length += 1 + size;
		} else {
			out.push(line);
			line = word;
			length = size;
		}
	}
	out.push(line);
	return out;
}

/** Visible width of a line that may carry colour escapes. */
export const visibleWidth = (line: string): number => stringWidth(line);

export interface FitOptions {
	/**
	 * Columns the continuation rows are indented by. By default the line's own hanging
	 * indent: its leading spaces plus a list bullet or number (`- `, `1. `, `[x] 2. `), so a
	 * wrapped item reads as one item.
	 */
	readonly indent?: number;
	/** Drawn at the start of each continuation row, after the indent (e.g. a dim `↳ `). */
	readonly mark?: string;
}

// Leading spaces, then an optional marker: a bullet, a number, a quiz box and number, a status glyph.
const HANGING = /^( *)((?:[-*•▸◦]|\d{1,3}[.)]|\[[ x]\] +\d{1,2}\.|[✔✘○◐↷] +\d{1,3}\.) +)?/;

/** Columns a wrapped line's continuation rows start at (its hanging indent). */
export function hangingIndent(line: string): number {
	const match = HANGING.exec(stripAnsi(line));
	return match ? stringWidth(match[0]) : 0;
}

/**
 * One line as rows of at most `width` columns: wrapped at spaces, a word longer than a row
 * broken inside it, colour carried over each break. Nothing is cut: the rows together hold
 * every character of the line. Continuation rows hang under the line's text (see `indent`).
 * Symbols come out in their text presentation, so the terminal draws the widths counted here.
 */
export function fitRows(text: string, width: number, options: FitOptions = {}): string[] {
	const line = textPresentation(text);
	const columns = Math.max(1, Math.floor(width));
	if (stringWidth(line) <= columns) return [line];
	const markWidth = options.mark ? stringWidth(options.mark) : 0;
	let indent = options.indent ?? hangingIndent(line);
	// A deep indent on a narrow row would leave no room for the text itself.
	if (indent + markWidth > columns / 2) indent = 0;
	const head = indent > 0 ? sliceAnsi(line, 0, indent) : '';
	const body = indent > 0 ? sliceAnsi(line, indent) : line;
	const firstWidth = columns - indent;
	const restWidth = Math.max(1, columns - indent - markWidth);
	// The first row has more room than continuation rows when there is a mark: wrap at the
	// narrower width so no row overflows (a little ragged, never cut).
	const rows = wrapAnsi(body, Math.min(firstWidth, restWidth), {hard: true, trim: true}).split('\n');
	const pad = ' '.repeat(indent) + (options.mark ?? '');
	return rows.map((row, i) => (i === 0 ? head + row : pad + row));
}

// A shell or YAML comment: `#` at the start or after a space, then a space or the end.
const COMMENT = /(?:^|\s)#(?:\s|$)/;

/**
 * One line of a code block (plain text) as rows of at most `width` columns, each
 * continuation row marked with `mark` so it never reads as a line of its own: broken at
 * spaces where it can, hanging under the line's own indent or, when the break falls inside
 * a trailing comment, under the comment's `#`, so a wrapped YAML comment still reads as
 * the comment and not as YAML. The rows hold every character of the line, in order.
 */
export function fitCodeRows(line: string, width: number, mark: string): string[] {
	const columns = Math.max(1, Math.floor(width));
	const text = textPresentation(line);
	if (stringWidth(text) <= columns) return [text];
	const comment = COMMENT.exec(text);
	const hash = comment ? comment.index + comment[0].indexOf('#') : -1;
	const markWidth = stringWidth(mark);
	// Under the comment when the code before it fits the first row and the comment keeps room to read.
	const underComment = hash > 0 && stringWidth(text.slice(0, hash).trimEnd()) < columns && hash + markWidth <= columns / 2;
	const indent = underComment ? stringWidth(text.slice(0, hash)) : (/^ */.exec(text)?.[0].length ?? 0);
	return fitRows(text, columns, {indent, mark});
}

/** Every line fitted to `width` (see `fitRows`). */
export function fitAll(lines: readonly string[], width: number, options?: FitOptions): string[] {
	return lines.flatMap((line) => fitRows(line, width, options));
}
