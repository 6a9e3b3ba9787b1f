/** Terminal size in cells. */
export interface Size {
	readonly columns: number;
	readonly rows: number;
}

/**
 * Below this the TUI asks for a bigger window instead of drawing a cramped frame: under it
 * a step's commands, its check panel and the output cannot all be shown in full.
 */
export const MIN_SIZE: Size = {columns: 60, rows: 18};

/** Header and footer (the notice rows between them vary). */
const CHROME_ROWS = 2;

/**
 * Every frame is at most `rows - 1` tall: at full height Ink 6 falls back to clearing the
 * whole terminal on each frame (flicker, ink-engineering §2.2).
 */
export function frameRows(size: Size): number {
	return Math.max(1, size.rows - 1);
}

/** Rows left for a screen's body once the header, `noticeRows` of notice and the footer are drawn. */
export function bodyRows(size: Size, noticeRows = 1): number {
	return Math.max(0, frameRows(size) - CHROME_ROWS - noticeRows);
}

/** A notice wraps, but never takes more than a quarter of the frame. */
export function noticeRowsCap(size: Size): number {
	return Math.max(1, Math.floor(frameRows(size) / 4));
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
	/** Rows of the title (it wraps on a narrow terminal). @default 1 */
	readonly titleRows?: number;
	/** Prose rows of the step text (it scrolls, so it can make do with a few). */
	readonly proseLines: number;
	/** Rows of what is pinned under the prose: notices, commands, choices. */
	readonly actionLines: number;
	/** Natural line count of the check panel (0: no panel). */
	readonly feedbackLines: number;
	/** Outer height of the bottom box (confirm, command line, lab task), 0 when none. */
	readonly modalRows: number;
	/** Rows the output pane's lines take now. */
	readonly outputLines: number;
	/**
	 * Who gets the spare rows: `streaming` (all of them) while a command runs, `output` (as
	 * many as its lines take) once it ran, `text` on a lesson's intro (its prose and step list
	 * are what to read), `balanced` otherwise.
	 */
	readonly favour: 'streaming' | 'output' | 'text' | 'balanced';
	/** Whether the output pane is shown at all (the intro only shows it while a task runs). */
	readonly showOutput: boolean;
}

/** Rows of each part of the lesson screens; they always add up to `body`. */
export interface LessonLayout {
	readonly title: number;
	/** The step text: prose, a gap, and the pinned actions. */
	readonly content: number;
	readonly output: number;
	readonly feedback: number;
	readonly modal: number;
}

/** The output pane never shrinks below this (three lines of output inside its border). */
export const MIN_OUTPUT = 3 + PANEL_CHROME_ROWS;
/** Prose keeps two rows while it has text: one line and the "more" marker. */
const MIN_PROSE = 2;

/**
 * Pure: splits the body by priority. Pinned, never cut: the title, the bottom box (a
 * question the learner must answer), the check panel at its natural size and the step's
 * actions (notices, commands, choices). Then the minimums: the output pane keeps a few
 * lines, the prose a line and its "more" marker. What is left goes to the output while
 * something streams, otherwise to whichever of prose and output has more to show.
 * Only on a terminal too small for the pinned parts do the later ones get fewer rows.
 */
export function lessonLayout(input: LessonLayoutInput): LessonLayout {
	const body = Math.max(0, input.body);
	const title = Math.min(body, input.body > 0 ? (input.titleRows ?? 1) : 0);
	let free = body - title;
	const modal = Math.min(input.modalRows, free);
	free -= modal;
	const feedback = input.feedbackLines > 0 ? Math.min(input.feedbackLines + PANEL_CHROME_ROWS, free) : 0;
	free -= feedback;
	const gap = input.actionLines > 0 && input.proseLines > 0 ? 1 : 0;
	const actions = Math.min(input.actionLines, free);
	free -= actions;
	const outputWant = !input.showOutput ? 0 : input.favour === 'streaming' ? Number.POSITIVE_INFINITY : Math.max(MIN_OUTPUT, input.outputLines + PANEL_CHROME_ROWS);
	let output = input.showOutput ? Math.min(MIN_OUTPUT, free) : 0;
	free -= output;
	// Once output is favoured the prose may shrink to its "more" marker alone (no gap above the actions).
	const proseMin = input.proseLines === 0 ? 0 : input.favour === 'output' || input.favour === 'streaming' ? 1 : MIN_PROSE + gap;
	let prose = Math.min(proseMin, free);
	free -= prose;
	// What is left: the favoured part's share first (all the output wants, when it is favoured), then whoever wants more.
	const proseWant = input.proseLines > 0 ? input.proseLines + gap : 0;
	const give = (wantOutput: number) => {
		const toOutput = Math.min(free, Math.max(0, Math.min(wantOutput, outputWant) - output));
		output += toOutput;
		free -= toOutput;
	};
	const share = {streaming: 1, output: 1, balanced: 0.5, text: 0}[input.favour];
	give(output + Math.floor(free * share));
	const toProse = Math.min(free, Math.max(0, proseWant - prose));
	prose += toProse;
	free -= toProse;
	give(outputWant);
	// Still spare: blank rows under the step text.
	prose += free;
	return {title, content: prose + actions, output, feedback, modal};
}
