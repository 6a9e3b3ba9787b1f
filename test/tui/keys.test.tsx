import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/tui/app.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {finishedLesson3, session, type Session} from './fixtures.js';
import {KEY, renderTui, type RenderedTui} from './render.js';

let mounted: RenderedTui | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

/** Lesson 4, step 1 (a check that fails until its command ran), drawn at 80x24. */
async function onStep(): Promise<{s: Session; tui: RenderedTui}> {
	const s = session({progress: finishedLesson3()});
	mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 80, rows: 24});
	await mounted.press(KEY.enter);
	await mounted.waitForFrame('Make it global in Koornacht');
	return {s, tui: mounted};
}

const footer = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';
/** The command line's row: the one under its title. */
const typedLine = (frame: string) => {
	const rows = frame.split('\n');
	return rows[rows.findIndex((row) => row.includes('Type the command')) + 1] ?? '';
};

describe('the command line (t)', () => {
	it('Ctrl-C drops the typed line and keeps the app; Ctrl-C again, idle, ends it as interrupted', async () => {
		const {s, tui} = await onStep();
		await tui.press('t');
		await tui.waitForFrame('Type the command');
		await tui.type('kubectl get po');
		await tui.waitForFrame('$ kubectl get po');
		await tui.press(KEY.ctrlC);
		const frame = await tui.waitForFrame('Command line closed, nothing ran');
		expect(frame).not.toContain('Type the command');
		expect(s.store.getState().exiting).toBe(false);
		expect(s.backend.ran).toEqual([]);
		await tui.press(KEY.ctrlC);
		expect(s.store.getState().exiting).toBe('interrupted');
	});

	it('↑ recalls the commands typed earlier this session, newest first; ↓ returns to the new line', async () => {
		const {s, tui} = await onStep();
		for (const command of ['kubectl get po', 'kubectl get svc']) {
			await tui.press('t');
			await tui.waitForFrame('Type the command');
			await tui.type(command);
			await tui.press(KEY.enter);
			await tui.waitForFrame((f) => f.includes('Hint 1/3') && !f.includes('Type the command') && f.includes(`$ ${command}`));
		}
		await tui.press('t');
		await tui.waitForFrame('↑↓ history');
		await tui.type('cil');
		await tui.press(KEY.up);
		expect(typedLine(await tui.waitForFrame((f) => typedLine(f).includes('kubectl get svc')))).toContain('$ kubectl get svc');
		await tui.press(KEY.up);
		await tui.waitForFrame((f) => typedLine(f).includes('$ kubectl get po'));
		await tui.press(KEY.down, KEY.down);
		await tui.waitForFrame((f) => typedLine(f).includes('$ cil') && !typedLine(f).includes('kubectl'));
		await tui.press(KEY.up, KEY.up, KEY.enter);
		await tui.waitForFrame((f) => !f.includes('Type the command'));
		expect(s.backend.ran.map((r) => r.command).slice(-3)).toEqual(['kubectl get po', 'kubectl get svc', 'kubectl get po']);
	});

	it('a paste of several lines waits, joined, instead of running; a long one shows where it is cut', async () => {
		const {s, tui} = await onStep();
		await tui.press('t');
		await tui.waitForFrame('Type the command');
		await tui.press('kubectl get po\rkubectl get svc\r');
		let frame = await tui.waitForFrame('pasted lines were joined');
		expect(typedLine(frame)).toContain('$ kubectl get po kubectl get svc');
		expect(frame).toContain('Type the command');
		expect(s.backend.ran).toEqual([]);
		await tui.press(KEY.ctrlC);
		await tui.waitForFrame((f) => !f.includes('Type the command'));

		await tui.press('t');
		await tui.waitForFrame('Type the command');
		const long = `kubectl get pods ${Array.from({length: 30}, (_, i) => `-l k${i}=v${i}`).join(' ')} END`;
		await tui.press(long);
		frame = await tui.waitForFrame((f) => typedLine(f).includes('END'));
		expect(typedLine(frame)).toMatch(/\$ ‹.*END/);
		expect(typedLine(frame)).not.toContain('kubectl');
		await tui.press(KEY.home);
		frame = await tui.waitForFrame((f) => typedLine(f).includes('$ kubectl'));
		expect(typedLine(frame)).toMatch(/\$ kubectl get pods .*›/);
		expect(s.backend.ran).toEqual([]);
	});
});

describe('a bracketed paste (the terminal marks it)', () => {
	const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;

	it('goes into the command line and never runs, even ending in a line break', async () => {
		const {s, tui} = await onStep();
		await tui.press('t');
		await tui.waitForFrame('Type the command');
		await tui.press(paste('kubectl get po\r'));
		let frame = await tui.waitForFrame('Pasted, not run');
		expect(typedLine(frame)).toContain('$ kubectl get po');
		expect(s.backend.ran).toEqual([]);
		await tui.press(KEY.ctrlU, paste('kubectl get po\rkubectl get svc\r'));
		frame = await tui.waitForFrame('pasted lines were joined');
		expect(typedLine(frame)).toContain('$ kubectl get po kubectl get svc');
		await tui.press(KEY.enter);
		await tui.waitForFrame((f) => !f.includes('Type the command'));
		expect(s.backend.ran.map((r) => r.command)).toEqual(['kubectl get po kubectl get svc']);
	});

	it('outside the command line is not taken for keys (q, n, Enter in it do nothing)', async () => {
		const {s, tui} = await onStep();
		await tui.press(paste('qn\r'));
		const frame = await tui.waitForFrame('Pasted text goes into the command line');
		expect(frame).not.toContain('Skip this step?');
		expect(s.store.getState().exiting).toBe(false);
		expect(s.backend.ran).toEqual([]);
	});
});

describe('dialogs', () => {
	it('the quit question stays, asking plainly, when what ran ends under it: the n meant for it does not open "Skip this step?"', async () => {
		const {s, tui} = await onStep();
		s.backend.hang = 'annotate';
		await tui.press(KEY.enter);
		await tui.waitForFrame('waiting…');
		await tui.press('q');
		await tui.waitForFrame('Quit while something runs?');
		// What ran ends while the question is open (here: cancelled; a check's retries running out alike).
		s.store.abortAll();
		const frame = await tui.waitForFrame('What was running has ended');
		expect(frame).toMatch(/Quit\?/);
		expect(footer(frame)).toContain('↵/n stay');
		await tui.press('n');
		await tui.waitForFrame((f) => !f.includes('Quit?'));
		expect(tui.frame()).not.toContain('Skip this step?');
		expect(s.store.getState().exiting).toBe(false);
	});

	it('the skip dialog and the key bar name the same answers', async () => {
		const {tui} = await onStep();
		await tui.press('n');
		const frame = await tui.waitForFrame("Skip this step? Its check hasn't passed.");
		expect(frame).toContain('↵/y skip & catch up · k skip, leave the lab alone · n stay');
		for (const answer of ['↵/y skip & catch up', 'k skip, leave the lab alone', 'n stay']) expect(footer(frame)).toContain(answer);
		expect(footer(frame)).not.toContain('Esc');
		await tui.press(KEY.escape);
		await tui.waitForFrame((f) => !f.includes('Skip this step?'));
	});
});

describe('scrolling the output', () => {
	it('a burst of ↑ (keys faster than frames) reaches the first line of wrapped output', async () => {
		const {s, tui} = await onStep();
		await tui.press(KEY.enter);
		await tui.waitForFrame('Hint 1/3');
		// Old lines that wrap, then enough short ones to fill the pane: only the newest are wrapped per frame.
		const long = Array.from({length: 6}, (_, i) => `long ${i} ${'x'.repeat(110)}`);
		const short = Array.from({length: 40}, (_, i) => `short ${i}`);
		s.lines.push([...long, ...short].join('\n') + '\n');
		s.lines.flush();
		await tui.waitForFrame('short 39');
		await tui.press(KEY.end);
		// One chunk, as tmux send-keys with many Up arguments delivers it.
		await tui.press(KEY.up.repeat(80));
		let frame = await tui.waitForFrame((f) => /↑ \d+ back/.test(f));
		expect(frame).toContain('KOORNACHT $ kubectl annotate');
		const back = /↑ (\d+) back/.exec(frame)?.[1];
		// One more ↑ finds nothing further up.
		await tui.press(KEY.up);
		frame = tui.frame();
		expect(/↑ (\d+) back/.exec(frame)?.[1]).toBe(back);
		// And down again from the top at once.
		await tui.press(KEY.down);
		frame = await tui.waitForFrame((f) => /↑ (\d+) back/.exec(f)?.[1] === String(Number(back) - 1));
		expect(frame).not.toContain('KOORNACHT $ kubectl annotate');
	});
});
