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
/** Prose keeps two rows while it has more than one line: a line of text and the "more" marker (a marker alone shows nothing to scroll). */
export const MIN_PROSE = 2;
/** The check panel never shrinks below its first line and the marker that says how to read the rest. */
const MIN_FEEDBACK_LINES = 2;

/**
 * Pure: splits the body by priority. First the title and the bottom box (a question the
 * learner must answer); then every part's minimum: the check panel its first line and a
 * "more" marker, the output pane a few lines, the step text its actions (notices, commands,
 * choices) and a line of prose with its "more" marker. Then the check panel grows to its
 * natural size (the verdict is what the learner reads next), then the prose's gap. What
 * is left goes to the output while something streams, otherwise to whichever of prose and
 * output has more to show. The panel and the prose scroll, each with a marker, when they
 * get fewer rows than they have lines; only on a terminal too small for the minimums do the
 * later ones get less.
 */
export function lessonLayout(input: LessonLayoutInput): LessonLayout {
	const body = Math.max(0, input.body);
	const title = Math.min(body, input.body > 0 ? (input.titleRows ?? 1) : 0);
	let free = body - title;
	const take = (want: number) => {
		const got = Math.max(0, Math.min(want, free));
		free -= got;
		return got;
	};
	const modal = take(input.modalRows);
	const feedbackWant = input.feedbackLines > 0 ? input.feedbackLines + PANEL_CHROME_ROWS : 0;
	// A panel with no room for a line of its own is left out rather than drawn empty.
	let feedback = feedbackWant > 0 && free > PANEL_CHROME_ROWS ? take(Math.min(feedbackWant, MIN_FEEDBACK_LINES + PANEL_CHROME_ROWS)) : 0;
	let output = input.showOutput ? take(MIN_OUTPUT) : 0;
	const actions = take(input.actionLines);
	let prose = take(Math.min(input.proseLines, MIN_PROSE));
	if (feedback > 0) feedback += take(feedbackWant - feedback);
	// Unless output is favoured, a gap above the actions.
	const gap = input.actionLines > 0 && input.proseLines > 0 ? 1 : 0;
	if (input.favour !== 'output' && input.favour !== 'streaming') prose += take(Math.min(input.proseLines, MIN_PROSE) + gap - prose);
	const outputWant = !input.showOutput ? 0 : input.favour === 'streaming' ? Number.POSITIVE_INFINITY : Math.max(MIN_OUTPUT, input.outputLines + PANEL_CHROME_ROWS);
	const proseWant = input.proseLines > 0 ? input.proseLines + gap : 0;
	// What is left: the favoured part's share first (all the output wants, when it is favoured), then whoever wants more.
	const give = (wantOutput: number) => {
		output += take(Math.min(wantOutput, outputWant) - output);
	};
	const share = {streaming: 1, output: 1, balanced: 0.5, text: 0}[input.favour];
	give(output + Math.floor(free * share));
	prose += take(proseWant - prose);
	give(outputWant);
	// Still spare: blank rows under the step text.
	prose += free;
	return {title, content: prose + actions, output, feedback, modal};
}
