import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {editLine, editorWith, emptyEditor, HISTORY_SIZE, remember, visibleLine, type EditKey, type LineEditor} from '../../src/tui/store/line-editor.js';

const press = (editor: LineEditor, ...keys: EditKey[]) => keys.reduce(editLine, editor);
const older = {type: 'older'} as const;
const newer = {type: 'newer'} as const;

describe('command line history', () => {
	it('↑ recalls earlier commands newest first, ↓ comes back to the line being typed', () => {
		const history = ['kubectl get svc', 'kubectl get po'];
		const typing = press(editorWith(history), {type: 'insert', text: 'cil'});
		const first = press(typing, older);
		expect(first).toMatchObject({text: 'kubectl get svc', cursor: 15});
		expect(press(first, older).text).toBe('kubectl get po');
		// Past the oldest entry nothing changes.
		expect(press(first, older, older, older).text).toBe('kubectl get po');
		// ↓ back past the newest: the unfinished line, as it was.
		expect(press(first, older, newer, newer)).toMatchObject({text: 'cil', cursor: 3});
		expect(press(typing, newer)).toBe(typing);
	});

	it('editing a recalled line leaves the history as it was', () => {
		const history = ['kubectl get svc', 'kubectl get po'];
		const edited = press(editorWith(history), older, {type: 'insert', text: ' -A'}, {type: 'home'}, {type: 'clear'});
		expect(edited.history).toEqual(history);
		expect(press(edited, older).text).toBe('kubectl get po');
		expect(press(edited, older, newer).text).toBe('kubectl get svc');
	});

	it('remembers run commands newest first, once in a row, trimmed, at most HISTORY_SIZE', () => {
		let history: readonly string[] = [];
		for (const command of ['a', ' b ', 'b', '', '   ', 'a']) history = remember(history, command);
		expect(history).toEqual(['a', 'b', 'a']);
		for (let i = 0; i < 2 * HISTORY_SIZE; i++) history = remember(history, `cmd ${i}`);
		expect(history).toHaveLength(HISTORY_SIZE);
		expect(history[0]).toBe(`cmd ${2 * HISTORY_SIZE - 1}`);
	});
});

describe('the visible part of a long command line', () => {
	it('shows a short line whole, without marks', () => {
		const editor = press(emptyEditor, {type: 'insert', text: 'kubectl get po'});
		expect(visibleLine(editor, 40)).toEqual({before: 'kubectl get po', at: ' ', after: '', cutLeft: false, cutRight: false});
	});

	it('marks the side a long paste is cut on, and keeps the cursor in view', () => {
		const text = Array.from({length: 20}, (_, i) => `word${i}`).join(' ');
		const atEnd = press(emptyEditor, {type: 'insert', text});
		const end = visibleLine(atEnd, 30);
		expect(end).toMatchObject({cutLeft: true, cutRight: false, at: ' '});
		expect(end.before.length + 1 + 1).toBe(30);
		expect(text.endsWith(end.before)).toBe(true);
		const start = visibleLine(press(atEnd, {type: 'home'}), 30);
		expect(start).toMatchObject({cutLeft: false, cutRight: true, before: '', at: 'w'});
		expect(text.startsWith(`w${start.after}`)).toBe(true);
	});

	it('for any line, cursor and width: fits the width, shows the cursor, marks exactly the hidden sides', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom('a', 'b', ' ', '-'), maxLength: 200}), fc.nat(), fc.integer({min: 3, max: 120}), (text, at, width) => {
				const editor = {...emptyEditor, text, cursor: at % (text.length + 1)};
				const shown = visibleLine(editor, width);
				const cells = (shown.cutLeft ? 1 : 0) + shown.before.length + 1 + shown.after.length + (shown.cutRight ? 1 : 0);
				expect(cells).toBeLessThanOrEqual(width);
				const first = editor.cursor - shown.before.length;
				expect(text.slice(first, editor.cursor)).toBe(shown.before);
				expect(shown.at).toBe(text[editor.cursor] ?? ' ');
				expect(text.slice(editor.cursor + 1, editor.cursor + 1 + shown.after.length)).toBe(shown.after);
				expect(shown.cutLeft).toBe(first > 0);
				expect(shown.cutRight).toBe(editor.cursor + 1 + shown.after.length < text.length);
				// Nothing is hidden that would have fitted.
				if (!shown.cutLeft && !shown.cutRight) expect(text.length).toBeLessThan(width);
			}),
			{numRuns: 300},
		);
	});
});
