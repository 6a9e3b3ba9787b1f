import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {LineStore} from '../../src/tui/store/line-store.js';
import {expandTabs, normalizeLine} from '../../src/tui/text/normalize.js';

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('LineStore', () => {
	it('keeps at most `capacity` lines, counting every line written', () => {
		const store = new LineStore({capacity: 3, intervalMs: 0});
		store.push('a\nb\nc\nd\ne\n');
		store.flush();
		expect(store.getSnapshot()).toEqual({lines: ['c', 'd', 'e'], total: 5, partial: ''});
	});

	it('joins lines split across chunks and shows the unfinished one as partial', () => {
		const store = new LineStore({intervalMs: 0});
		store.push('hel');
		store.push('lo\nwor');
		store.flush();
		expect(store.getSnapshot()).toMatchObject({lines: ['hello'], partial: 'wor'});
		store.endLine();
		store.flush();
		expect(store.getSnapshot()).toMatchObject({lines: ['hello', 'wor'], partial: ''});
	});

	it('normalises CRLF, keeps the text after the last carriage return, expands tabs', () => {
		const store = new LineStore({intervalMs: 0});
		store.push('one\r\n10%\r50%\r100%\na\tb\n');
		store.flush();
		expect(store.getSnapshot().lines).toEqual(['one', '100%', 'a       b']);
	});

	it('batches notifications: a burst of writes is one notify', async () => {
		const store = new LineStore({intervalMs: 20});
		let notified = 0;
		store.subscribe(() => notified++);
		for (let i = 0; i < 1000; i++) store.push(`line ${i}\n`);
		expect(notified).toBe(0);
		await new Promise((r) => setTimeout(r, 40));
		expect(notified).toBe(1);
		expect(store.getSnapshot().total).toBe(1000);
	});

	it('bounds an endless line without a newline', async () => {
		const store = new LineStore({intervalMs: 0});
		store.push('x'.repeat(20_000));
		await settle();
		const snap = store.getSnapshot();
		expect(snap.partial.length + snap.lines.join('').length).toBeLessThanOrEqual(20_000);
		expect(snap.partial.length).toBeLessThanOrEqual(8192);
	});

	it('clears at once', () => {
		const store = new LineStore({intervalMs: 1000});
		store.push('a\n');
		store.clear();
		expect(store.getSnapshot()).toEqual({lines: [], total: 0, partial: ''});
	});
});

/** What the pane must show for some output, computed the obvious way: split everything, keep the newest lines. */
function reference(chunks: readonly string[], capacity: number, ended: boolean) {
	const all = chunks.join('').replace(/\r\n/g, '\n').split('\n');
	const partial = all.pop() ?? '';
	if (ended && partial !== '') all.push(partial);
	return {lines: all.slice(-capacity).map(normalizeLine), total: all.length, partial: ended ? '' : normalizeLine(partial)};
}

describe('LineStore against splitting everything', () => {
	// Short lines with the characters that matter: newlines, CRLF, bare CR, tabs, colour and cursor escapes.
	const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\t', '\x1b[31m', '\x1b[2K', 'é', '✔'), {maxLength: 40}).map((parts) => parts.join(''));

	it('keeps the same newest lines, total and partial line, however the output is chunked and published', () => {
		// maxRaw from a few characters up: raw text dropped (or split) while it arrives, not only at a publish.
		const maxRaw = fc.option(fc.integer({min: 1, max: 200}), {nil: undefined});
		fc.assert(
			fc.property(fc.array(text, {maxLength: 30}), fc.integer({min: 1, max: 12}), fc.array(fc.boolean(), {maxLength: 30}), fc.boolean(), maxRaw, (chunks, capacity, publishes, ended, maxRaw) => {
				const store = new LineStore({capacity, intervalMs: 1000, maxRaw});
				chunks.forEach((chunk, i) => {
					store.push(chunk);
					if (publishes[i]) store.flush();
				});
				if (ended) store.endLine();
				store.flush();
				expect(store.getSnapshot()).toEqual(chunks.join('') === '' && !ended ? {lines: [], total: 0, partial: ''} : reference(chunks, capacity, ended));
				store.dispose();
			}),
			{numRuns: 400},
		);
	});

	it('counts a stream far longer than its capacity and keeps only its newest lines', () => {
		const store = new LineStore({capacity: 5, intervalMs: 1000});
		const chunk = Array.from({length: 1000}, (_, i) => `line ${i}`).join('\n') + '\n';
		// About 2.7 MB: the oldest raw text is dropped while it arrives (memory stays bounded), not only when published.
		for (let i = 0; i < 300; i++) store.push(chunk);
		store.flush();
		expect(store.getSnapshot()).toEqual({lines: ['line 995', 'line 996', 'line 997', 'line 998', 'line 999'], total: 300_000, partial: ''});
		store.dispose();
	});
});

describe('normalizeLine', () => {
	it('keeps colours, drops cursor moves, erases, titles and hyperlinks', () => {
		expect(normalizeLine('\x1b[31mred\x1b[0m \x1b[2K\x1b[1Aup\x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\')).toBe(
			'\x1b[31mred\x1b[0m up link',
		);
	});

	it('expands tabs to tab stops, ignoring colour codes for the column count', () => {
		expect(expandTabs('ab\tc')).toBe('ab      c');
		expect(expandTabs('\x1b[1mab\x1b[0m\tc')).toBe('\x1b[1mab\x1b[0m      c');
	});
});
