import sliceAnsi from 'slice-ansi';
import {theme} from '../components/theme.js';
import {fitRows, visibleWidth} from '../text/wrap.js';

/** One drawn row of the output pane, keyed by its line number (and row within the line). */
export interface OutputRow {
	readonly key: string;
	readonly text: string;
}

export interface OutputRowsInput {
	/** Every kept line, oldest first (the partial line last). */
	readonly lines: readonly string[];
	/** Absolute number of `lines[0]` (older lines were dropped). */
	readonly first: number;
	/** Text columns inside the pane. */
	readonly width: number;
	/** Rows inside the pane. */
	readonly rows: number;
	/** Up from the newest (0 follows new output): rows when wrapping, lines when not. */
	readonly scroll: number;
	readonly wrap: boolean;
	/** First column shown when not wrapping. */
	readonly column: number;
}

export interface OutputRows {
	readonly rows: readonly OutputRow[];
	/** The scroll offset in use (clamped) and its maximum. */
	readonly offset: number;
	readonly maxScroll: number;
	/** How far right the shown lines can scroll when not wrapping. */
	readonly maxColumn: number;
	/** Kept lines above the first row shown, counting one that shows only its later rows. */
	readonly above: number;
}

/** Marks a wrapped line's continuation rows, so output reads as the lines the command wrote. */
export const CONTINUATION = '↳ ';

const fit = (line: string, width: number) => fitRows(line, width, {indent: 0, mark: theme.dim(CONTINUATION)});

/**
 * Pure: the output pane's rows. Wrapped (the default), every line shows in full, long
 * ones over several rows, and the pane scrolls by rows, so even a line taller than the pane
 * (one JSON object per line) can be read from its start. Only the lines from the newest up
 * to the rows in view are wrapped, so a 2,000-line buffer costs a pane's worth of work per
 * frame when following; the scroll limit is exact once every line was walked, and otherwise
 * a lower bound (each line not walked takes at least one row) that grows as the learner
 * scrolls. Not wrapping, each line is one row cut at the pane's edge and scrolled sideways
 * from `column`.
 */
export function outputRows(input: OutputRowsInput): OutputRows {
	const {lines, width, rows} = input;
	if (rows <= 0 || lines.length === 0) return {rows: [], offset: 0, maxScroll: 0, maxColumn: 0, above: 0};
	if (input.wrap) {
		const wanted = Math.max(0, input.scroll) + rows;
		// Newest first: how many rows lie below each walked line, and the text of those walked.
		const walked: {readonly line: number; readonly parts: readonly string[]; readonly below: number}[] = [];
		let counted = 0;
		let i = lines.length - 1;
		for (; i >= 0 && counted < wanted; i--) {
			const parts = fit(lines[i] ?? '', width);
			walked.push({line: i, parts, below: counted});
			counted += parts.length;
		}
		const maxScroll = Math.max(0, counted - rows) + (i + 1);
		const offset = Math.min(Math.max(0, input.scroll), maxScroll);
		// Rows offset .. offset+rows up from the newest, oldest first; rows scrolled past get no objects.
		const shown: OutputRow[] = [];
		let above = 0;
		for (const {line, parts, below} of walked) {
			for (let j = parts.length - 1; j >= 0; j--) {
				const up = below + (parts.length - 1 - j);
				if (up >= offset && up < offset + rows) {
					shown.push({key: `${input.first + line}.${j}`, text: parts[j]!});
					above = line + (j > 0 ? 1 : 0);
				}
			}
		}
		return {rows: shown.reverse(), offset, maxScroll, maxColumn: 0, above};
	}
	const maxScroll = Math.max(0, lines.length - rows);
	const offset = Math.min(Math.max(0, input.scroll), maxScroll);
	const end = lines.length - offset;
	const shown: OutputRow[] = [];
	let widest = 0;
	for (let i = Math.max(0, end - rows); i < end; i++) {
		const line = lines[i] ?? '';
		widest = Math.max(widest, visibleWidth(line));
		shown.push({key: `${input.first + i}`, text: input.column > 0 || visibleWidth(line) > width ? sliceAnsi(line, input.column, input.column + width) : line});
	}
	return {rows: shown, offset, maxScroll, maxColumn: Math.max(0, widest - width), above: Math.max(0, end - rows)};
}

/** Rows the lines take wrapped at `width`, counted up to `cap` (the layout needs no more). */
export function wrappedRowCount(lines: readonly string[], width: number, cap: number): number {
	let count = 0;
	for (let i = lines.length - 1; i >= 0 && count < cap; i--) count += fit(lines[i] ?? '', width).length;
	return Math.min(count, cap);
}
