/** A one-line text field: the command the learner types after `t`. */
export interface LineEditor {
	readonly text: string;
	/** Cursor position, 0…text.length. */
	readonly cursor: number;
}

export const emptyEditor: LineEditor = {text: '', cursor: 0};

/** One editing key, already decoded from Ink's input. */
export type EditKey =
	| {readonly type: 'insert'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'delete'}
	| {readonly type: 'left'}
	| {readonly type: 'right'}
	| {readonly type: 'home'}
	| {readonly type: 'end'}
	| {readonly type: 'clear'};

/** Pure: the editor after one key. Pasted newlines become spaces (the field is one line). */
export function editLine(editor: LineEditor, key: EditKey): LineEditor {
	const {text, cursor} = editor;
	switch (key.type) {
		case 'insert': {
			const inserted = key.text.replace(/\r\n|[\r\n\t]/g, ' ');
			return {text: text.slice(0, cursor) + inserted + text.slice(cursor), cursor: cursor + inserted.length};
		}
		case 'backspace':
			return cursor === 0 ? editor : {text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1};
		case 'delete':
			return {text: text.slice(0, cursor) + text.slice(cursor + 1), cursor};
		case 'left':
			return {text, cursor: Math.max(0, cursor - 1)};
		case 'right':
			return {text, cursor: Math.min(text.length, cursor + 1)};
		case 'home':
			return {text, cursor: 0};
		case 'end':
			return {text, cursor: text.length};
		case 'clear':
			return emptyEditor;
	}
}
