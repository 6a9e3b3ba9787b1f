/** Terminal size in cells. */
export interface Size {
	readonly columns: number;
	readonly rows: number;
}

/** Below this the TUI asks for a bigger window instead of drawing a cramped frame. */
export const MIN_SIZE: Size = {columns: 60, rows: 16};

/** Header, notice line and footer. */
const CHROME_ROWS = 3;

/**
 * Every frame is at most `rows - 1` tall: at full height Ink 6 falls back to clearing the
 * whole terminal on each frame (flicker, ink-engineering §2.2).
 */
export function frameRows(size: Size): number {
	return Math.max(1, size.rows - 1);
}

export function bodyRows(size: Size): number {
	return Math.max(0, frameRows(size) - CHROME_ROWS);
}

/** Panels draw a border round their lines (2 rows, 2 columns) plus one column of padding each side. */
export const PANEL_CHROME_ROWS = 2;
const PANEL_CHROME_COLUMNS = 4;

/** Text width inside a panel of the given outer width. */
export function panelTextWidth(width: number): number {
	return Math.max(1, width - PANEL_CHROME_COLUMNS);
}

/** Text width of the unframed step/intro text (one column margin each side). */
export function contentTextWidth(columns: number): number {
	return Math.max(20, columns - 2);
}

export interface LessonLayoutInput {
	/** Rows for the whole body. */
	readonly body: number;
	/** Natural line count of the check panel (0: no panel). */
	readonly feedbackLines: number;
	/** Outer height of the bottom box (confirm, command line, lab task), 0 when none. */
	readonly modalRows: number;
	/** Lines the output pane holds now. */
	readonly outputLines: number;
	/** A command or lab task is running: its output gets room to stream into. */
	readonly running: boolean;
	/** Whether the output pane is shown at all (the intro only shows it while a task runs). */
	readonly showOutput: boolean;
}

/** Rows of each part of the lesson screens; they always add up to `body`. */
export interface LessonLayout {
	readonly title: number;
	readonly content: number;
	readonly output: number;
	readonly feedback: number;
	readonly modal: number;
}

const MIN_CONTENT = 3;
const MIN_PANEL = 3;

/**
 * Pure: splits the body between the step text, the output pane, the check panel and a
 * bottom box. The check panel gets its natural size up to half the room (its verdict and
 * hint matter most once a check ran); the output pane grows while something streams and
 * shrinks to its lines once done; the step text gets the rest, never less than a few lines
 * while panels can still give some up.
 */
export function lessonLayout(input: LessonLayoutInput): LessonLayout {
	const title = input.body > 0 ? 1 : 0;
	const free = Math.max(0, input.body - title);
	const modal = Math.min(input.modalRows, free);
	const cap = Math.max(MIN_PANEL + 1, Math.floor(free * (input.running ? 0.4 : 0.5)));
	let feedback = input.feedbackLines > 0 ? Math.min(input.feedbackLines + PANEL_CHROME_ROWS, cap) : 0;
	let output = 0;
	if (input.showOutput) {
		const room = Math.max(5, Math.floor((free - modal - feedback) * 0.5));
		output = input.running ? room : Math.max(MIN_PANEL, Math.min(room, input.outputLines + PANEL_CHROME_ROWS));
	}
	let content = free - modal - feedback - output;
	if (content < MIN_CONTENT && output > MIN_PANEL) {
		const take = Math.min(output - MIN_PANEL, MIN_CONTENT - content);
		output -= take;
		content += take;
	}
	if (content < MIN_CONTENT && feedback > MIN_PANEL) {
		const take = Math.min(feedback - MIN_PANEL, MIN_CONTENT - content);
		feedback -= take;
		content += take;
	}
	if (content < 0) {
		// A tiny terminal: panels give up rows until the frame fits.
		let over = -content;
		const cut = (rows: number) => {
			const take = Math.min(rows, over);
			over -= take;
			return rows - take;
		};
		output = cut(output);
		feedback = cut(feedback);
		content = 0;
	}
	return {title, content, output, feedback, modal};
}
