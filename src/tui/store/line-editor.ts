/** A one-line text field: the command the learner types after `t`, with the session's earlier ones to recall. */
export interface LineEditor {
	readonly text: string;
	/** Cursor position, 0…text.length. */
	readonly cursor: number;
	/** Commands typed earlier this session, newest first (↑ recalls them, as in a shell). */
	readonly history: readonly string[];
	/** The entry shown: an index into `history`, or -1 for the learner's own line (`draft`). */
	readonly recalled: number;
	/** What the learner had typed before ↑, given back by ↓ past the newest entry. */
	readonly draft: string;
}

/** How many typed commands the command line remembers. */
export const HISTORY_SIZE = 50;

export const emptyEditor: LineEditor = {text: '', cursor: 0, history: [], recalled: -1, draft: ''};

/** An empty command line that recalls `history` (newest first). */
export const editorWith = (history: readonly string[]): LineEditor => ({...emptyEditor, history});

/**
 * Pure: the history after running `command`, newest first; a repeat of the newest entry is
 * not stored twice (like bash's `ignoredups`), and only the newest HISTORY_SIZE are kept.
 */
export function remember(history: readonly string[], command: string): readonly string[] {
	const line = command.trim();
	if (line === '' || history[0] === line) return history;
	return [line, ...history].slice(0, HISTORY_SIZE);
}

/** One editing key, already decoded from Ink's input. */
export type EditKey =
	| {readonly type: 'insert'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'delete'}
	| {readonly type: 'left'}
	| {readonly type: 'right'}
	| {readonly type: 'home'}
	| {readonly type: 'end'}
	| {readonly type: 'clear'}
	/** ↑: the next older command; ↓: the next newer one, then the learner's own line. */
	| {readonly type: 'older'}
	| {readonly type: 'newer'};

/** Shows history entry `index` (-1: the draft) with the cursor at its end; edits of a recalled line never change the history. */
function recall(editor: LineEditor, index: number): LineEditor {
	if (index === editor.recalled || index < -1 || index >= editor.history.length) return editor;
	const draft = editor.recalled === -1 ? editor.text : editor.draft;
	const text = index === -1 ? draft : (editor.history[index] ?? '');
	return {...editor, text, cursor: text.length, recalled: index, draft};
}

/** Pure: the editor after one key. Pasted newlines become spaces (the field is one line). */
export function editLine(editor: LineEditor, key: EditKey): LineEditor {
	const {text, cursor} = editor;
	switch (key.type) {
		case 'insert': {
			const inserted = key.text.replace(/\r\n|[\r\n\t]/g, ' ');
			return {...editor, text: text.slice(0, cursor) + inserted + text.slice(cursor), cursor: cursor + inserted.length};
		}
		case 'backspace':
			return cursor === 0 ? editor : {...editor, text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1};
		case 'delete':
			return {...editor, text: text.slice(0, cursor) + text.slice(cursor + 1), cursor};
		case 'left':
			return {...editor, cursor: Math.max(0, cursor - 1)};
		case 'right':
			return {...editor, cursor: Math.min(text.length, cursor + 1)};
		case 'home':
			return {...editor, cursor: 0};
		case 'end':
			return {...editor, cursor: text.length};
		case 'clear':
			return {...editor, text: '', cursor: 0};
		case 'older':
			return recall(editor, editor.recalled + 1);
		case 'newer':
			return recall(editor, editor.recalled - 1);
	}
}

/** What the command line shows of a line wider than its `room` columns: cut marks where text is hidden. */
export interface VisibleLine {
	readonly before: string;
	/** The character under the cursor (a space at the end). */
	readonly at: string;
	readonly after: string;
	/** Text is hidden to the left (`‹`) or right (`›`) of what shows. */
	readonly cutLeft: boolean;
	readonly cutRight: boolean;
}

/**
 * Pure: the part of the line that fits `room` columns with the cursor in view, like a shell's
 * horizontal scrolling; a cut side costs one column for its mark, so a long paste never
 * looks like the whole command. (Commands are ASCII in practice; one column per character.)
 */
export function visibleLine(editor: LineEditor, room: number): VisibleLine {
	const {text, cursor} = editor;
	const width = Math.max(3, room);
	// Cells: the text plus one for the cursor at its end; a cut side costs a cell for its mark.
	const cells = text.length + 1;
	const fits = (from: number) => {
		const left = from > 0 ? 1 : 0;
		return width - left - (cells - from > width - left ? 1 : 0);
	};
	// Scroll only as far as the cursor needs.
	let start = 0;
	while (cursor - start >= fits(start)) start++;
	const end = start + fits(start);
	const cutLeft = start > 0;
	const cutRight = end < cells;
	return {
		before: text.slice(start, cursor),
		at: text.slice(cursor, cursor + 1) || ' ',
		after: text.slice(cursor + 1, end),
		cutLeft,
		cutRight,
	};
}
