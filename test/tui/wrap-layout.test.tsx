import fc from 'fast-check';
import stripAnsi from 'strip-ansi';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/tui/app.js';
import {footerLayout} from '../../src/tui/components/footer.js';
import {footerKeys} from '../../src/tui/keys/footer-keys.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {Panel} from '../../src/tui/components/panel.js';
import {textPresentation} from '../../src/tui/text/normalize.js';
import {fitCodeRows, fitRows, visibleWidth} from '../../src/tui/text/wrap.js';
import {lessonLayout, MIN_OUTPUT, MIN_PROSE, PANEL_CHROME_ROWS, type LessonLayoutInput} from '../../src/tui/view/layout.js';
import {scrollWindow} from '../../src/tui/view/scroll-window.js';
import {paneLines} from '../../src/tui/view/lesson-lines.js';
import {reduce} from '../../src/tui/store/session-state.js';
import {outputRows} from '../../src/tui/view/output-rows.js';
import {emptyProgress, moveTo} from '../../src/state/progress.js';
import type {Lesson} from '../../src/lessons/model.js';
import {finishedLesson3, fixtureLessons, session, type Session} from './fixtures.js';
import {frameHeight, KEY, renderTui, type RenderedTui} from './render.js';
import {render} from 'ink-testing-library';

/** The frame as one line of words: borders and continuation marks gone, every break one space. */
const readable = (frame: string) => frame.replace(/[│╭╮╰╯─]/g, ' ').replace(/↳ /g, ' ').replace(/\s+/g, ' ');

const DROP =
	'Nov 21 17:09:42.483: default/x-wing-6b9f…:41234 (ID:21893) <> default/rebel-base-7c4d…:80 (ID:40312) policy-verdict:none EGRESS DENIED (TCP Flags: SYN)';

describe('fitRows: wrap, never cut', () => {
	it('keeps every character, in order, in rows no wider than asked (property)', () => {
		const word = fc.stringMatching(/^[a-zA-Z0-9:/().…-]{1,30}$/);
		fc.assert(
			fc.property(fc.array(word, {minLength: 1, maxLength: 40}), fc.integer({min: 8, max: 120}), fc.nat(6), (words, width, indent) => {
				const line = ' '.repeat(indent) + words.join(' ');
				const rows = fitRows(line, width, {mark: '↳ '});
				for (const row of rows) expect(visibleWidth(row)).toBeLessThanOrEqual(width);
				const text = (s: string) => s.replace(/↳ /g, '').replace(/\s+/g, '');
				expect(rows.map(text).join('')).toBe(text(line));
			}),
			{numRuns: 300},
		);
	});

	it('hangs a list item and a label column under their text; colour survives the breaks', () => {
		expect(fitRows('  1. Enable Cluster Mesh in each cluster, so the other side can connect', 30)).toEqual([
			'  1. Enable Cluster Mesh in',
			'     each cluster, so the',
			'     other side can connect',
		]);
		const styled = fitRows(`\u001B[33m${'word '.repeat(12).trim()}\u001B[39m`, 20);
		expect(styled.length).toBeGreaterThan(1);
		const ESC = String.fromCharCode(27);
		for (const row of styled) expect(row.startsWith(`${ESC}[33m`) && row.endsWith(`${ESC}[39m`)).toBe(true);
	});
});

describe('code blocks: continuation rows never read as code of their own', () => {
	const MARK = '↳ ';

	it('hangs a wrapped YAML comment under its #, marked, and a long command under its indent, broken at spaces', () => {
		const yaml = '      - {}                      # an empty rule: allows nothing, but turns ingress enforcement on';
		expect(fitCodeRows(yaml, 78, MARK)).toEqual([
			'      - {}                      # an empty rule: allows nothing, but turns',
			'                                ↳ ingress enforcement on',
		]);
		const command = '  for pod in $(kubectl -n kube-system get pods -l k8s-app=cilium -o name); do kubectl -n kube-system exec $pod -c cilium-agent -- hubble observe --verdict DROPPED --last 1 -o json; done';
		const rows = fitCodeRows(command, 78, MARK);
		expect(rows.slice(1).every((row) => row.startsWith(`  ${MARK}`))).toBe(true);
		// Broken at spaces: the rows joined with a space give the command back.
		expect(rows.map((row) => row.replace(/^ *(↳ )?/, '')).join(' ')).toBe(command.trim());
	});

	it('keeps every character in order, in rows no wider than asked, every continuation marked (property)', () => {
		const word = fc.stringMatching(/^[a-zA-Z0-9:/().#"={}-]{1,24}$/);
		fc.assert(
			fc.property(fc.nat(8), fc.array(word, {minLength: 1, maxLength: 30}), fc.option(fc.array(word, {minLength: 1, maxLength: 12})), fc.integer({min: 20, max: 120}), (indent, code, comment, width) => {
				const line = `${' '.repeat(indent)}${code.join(' ')}${comment ? `   # ${comment.join(' ')}` : ''}`;
				const rows = fitCodeRows(line, width, MARK);
				for (const row of rows) expect(visibleWidth(row)).toBeLessThanOrEqual(width);
				for (const row of rows.slice(1)) expect(row.trimStart().startsWith(MARK)).toBe(true);
				const chars = (s: string) => s.replace(/↳ /g, '').replace(/\s+/g, '');
				expect(rows.map(chars).join('')).toBe(chars(line));
			}),
			{numRuns: 300},
		);
	});

	it("lesson markdown: a code block's long lines come wrapped and marked, the rest as written", () => {
		const lines = renderMarkdown('```yaml\nspec:\n  ingress:\n    - {}                      # an empty rule: allows nothing, but turns ingress enforcement on\n```', 78).map((l) => stripAnsi(l));
		expect(lines).toEqual(['  spec:', '    ingress:', '      - {}                      # an empty rule: allows nothing, but turns', '                                ↳ ingress enforcement on']);
	});
});

describe('⚠️ in a box', () => {
	it('is drawn in its text presentation, one column to Ink and to the terminal, so the border lines up', () => {
		expect(textPresentation('⚠️ default/x-wing-to-rebel-base')).toBe('⚠ default/x-wing-to-rebel-base');
		// An astral emoji keeps its selector: both count it two columns.
		expect(textPresentation('🏳️')).toBe('🏳️');
		const {lastFrame, unmount} = render(<Panel title="⚠️ Output" width={40} height={4} lines={fitRows('⚠️ default/x-wing-to-rebel-base ✅ default/other', 36)} />);
		const rows = (lastFrame() ?? '').split('\n');
		unmount();
		expect(rows.join('\n')).not.toContain('\uFE0F');
		// Each row, as a terminal that draws ⚠ in one column counts it, is exactly the panel's width.
		for (const row of rows) expect(visibleWidth(row)).toBe(40);
		expect(rows.some((row) => row.includes('⚠ default/x-wing-to-rebel-base'))).toBe(true);
	});
});

describe('scrollWindow', () => {
	it('shows at most its rows, says when there is more, and every line can be scrolled into view (property)', () => {
		fc.assert(
			fc.property(fc.integer({min: 0, max: 40}), fc.integer({min: 1, max: 12}), (count, rows) => {
				const lines = Array.from({length: count}, (_, i) => `line ${i}`);
				const seen = new Set<string>();
				for (let scroll = 0; scroll <= scrollWindow(lines, rows, 0, '↑/↓').maxScroll; scroll++) {
					const window = scrollWindow(lines, rows, scroll, '↑/↓');
					expect(window.lines.length).toBeLessThanOrEqual(rows);
					const marker = window.lines.map((l) => stripAnsi(l)).filter((l) => /^ {2}(↑ \d+ above · )?[↓↑] \d+ (more )?lines? (above )?\(↑\/↓\)$/.test(l));
					expect(marker.length).toBe(count > rows ? 1 : 0);
					for (const line of window.lines) if (line.startsWith('line ')) seen.add(line);
				}
				// A single row shows the marker alone; otherwise every line comes into view.
				if (rows > 1 || count <= rows) expect(seen.size).toBe(count);
			}),
			{numRuns: 200},
		);
	});
});

describe('the step pane on a terminal too small for its actions', () => {
	it('scrolls prose and actions as one, with the marker, instead of cutting an action', () => {
		const text = {prose: ['p0', 'p1', 'p2'], actions: ['$ a', '  ↳ a2', '$ b', '  ↳ b2']};
		const top = paneLines(text, 4, 0, '↑/↓');
		expect(top.lines.map((l) => stripAnsi(l))).toEqual(['p0', 'p1', 'p2', '  ↓ 5 more lines (↑/↓)']);
		const end = paneLines(text, 4, top.maxScroll, '↑/↓');
		expect(end.lines.map((l) => stripAnsi(l))).toEqual(['  ↳ a2', '$ b', '  ↳ b2', '  ↑ 5 lines above (↑/↓)']);
		// Every action is reachable.
		const seen = new Set<string>();
		for (let i = 0; i <= top.maxScroll; i++) for (const l of paneLines(text, 4, i, '↑/↓').lines) seen.add(l);
		for (const action of text.actions) expect(seen).toContain(action);
	});

	it('Tab moves through the panes on screen, in order, and from one no longer there starts over', () => {
		const state = session().store.getState();
		const panes = ['content', 'output', 'check'] as const;
		const tab = (from: typeof state) => reduce(from, {type: 'toggle-pane', panes: [...panes]});
		const once = tab({...state, pane: 'content'});
		expect([once.pane, tab(once).pane, tab(tab(once)).pane]).toEqual(['output', 'check', 'content']);
		expect(reduce({...state, pane: 'check'}, {type: 'toggle-pane', panes: ['content', 'output']}).pane).toBe('content');
	});
});

describe('outputRows', () => {
	const lines = ['$ hubble observe', DROP, 'Policy denied DROPPED (TCP Flags: SYN)'];

	it('wraps long lines with a continuation mark, newest at the bottom, all of them', () => {
		const out = outputRows({lines, first: 0, width: 40, rows: 20, scroll: 0, wrap: true, column: 0});
		expect(out.rows.length).toBeGreaterThan(lines.length);
		expect(out.rows.filter((r) => stripAnsi(r.text).startsWith('↳ ')).length).toBe(out.rows.length - lines.length);
		expect(readable(out.rows.map((r) => r.text).join('\n'))).toContain(`${DROP} Policy denied DROPPED`);
		expect(out.maxScroll).toBe(0);
	});

	it('shows the newest rows when the pane is short, and scrolls back by rows, into a line taller than the pane', () => {
		const all = outputRows({lines, first: 10, width: 40, rows: 100, scroll: 0, wrap: true, column: 0}).rows.map((r) => stripAnsi(r.text));
		const out = outputRows({lines, first: 10, width: 40, rows: 3, scroll: 0, wrap: true, column: 0});
		expect(out.rows.map((r) => stripAnsi(r.text))).toEqual(all.slice(-3));
		// Lines not walked yet count one row each: the limit is a lower bound until the top is reached.
		expect(out.maxScroll).toBeGreaterThanOrEqual(1);
		// Scrolled by rows to the very top: the first rows of every line, the command first.
		const top = outputRows({lines, first: 10, width: 40, rows: 3, scroll: 1000, wrap: true, column: 0});
		expect(top.rows.map((r) => stripAnsi(r.text))).toEqual(all.slice(0, 3));
		expect(top.offset).toBe(all.length - 3);
		expect(top.maxScroll).toBe(all.length - 3);
		expect(top.rows[0]?.key).toBe('10.0');
		// What the title counts as above: here the command line and the drop line, whose first rows are above the pane.
		expect(out.above).toBe(2);
		expect(top.above).toBe(0);
		expect(outputRows({lines, first: 0, width: 200, rows: 2, scroll: 0, wrap: false, column: 0}).above).toBe(1);
		expect(outputRows({lines, first: 0, width: 200, rows: 5, scroll: 0, wrap: true, column: 0}).above).toBe(0);
	});

	it('reads a line taller than the pane from its first row to its last, one ↑ at a time', () => {
		const json = `{"flow":{"verdict":"DROPPED",${'"x":"y",'.repeat(60)}"drop_reason_desc":"POLICY_DENIED","traffic_direction":"EGRESS"}}`;
		const rowsOf = (scroll: number) => outputRows({lines: ['$ hubble observe -o json', json], first: 0, width: 40, rows: 4, scroll, wrap: true, column: 0});
		const whole = outputRows({lines: ['$ hubble observe -o json', json], first: 0, width: 40, rows: 200, scroll: 0, wrap: true, column: 0}).rows;
		const seen = new Set<string>();
		for (let scroll = 0; scroll <= rowsOf(0).maxScroll || scroll <= rowsOf(scroll).maxScroll; scroll++) {
			if (scroll > 500) throw new Error('the scroll limit never ends');
			for (const row of rowsOf(scroll).rows) seen.add(row.key);
		}
		expect([...seen].sort()).toEqual(whole.map((r) => r.key).sort());
	});

	it('without wrapping, cuts at the edge and scrolls sideways', () => {
		const at0 = outputRows({lines, first: 0, width: 40, rows: 10, scroll: 0, wrap: false, column: 0});
		expect(at0.rows.every((r) => visibleWidth(r.text) <= 40)).toBe(true);
		expect(at0.maxColumn).toBe(DROP.length - 40);
		const right = outputRows({lines, first: 0, width: 40, rows: 10, scroll: 0, wrap: false, column: at0.maxColumn});
		expect(right.rows[1]?.text.endsWith('EGRESS DENIED (TCP Flags: SYN)')).toBe(true);
	});
});

describe('lessonLayout: by priority', () => {
	const at80x24 = {body: 20, titleRows: 1, proseLines: 40, actionLines: 3, modalRows: 0, outputLines: 30, showOutput: true} as const;

	it('pins the check panel at its natural size and keeps the output at its minimum or more', () => {
		const l = lessonLayout({...at80x24, feedbackLines: 6, favour: 'balanced'});
		expect(l.feedback).toBe(8);
		expect(l.output).toBeGreaterThanOrEqual(MIN_OUTPUT);
		expect(l.content).toBeGreaterThanOrEqual(3 + 2);
		expect(l.title + l.content + l.output + l.feedback + l.modal).toBe(20);
	});

	it('gives a finished command all the rows its output wants, the prose keeping a line and its marker', () => {
		const l = lessonLayout({...at80x24, outputLines: 6, feedbackLines: 3, favour: 'output'});
		expect(l.output).toBe(8);
		expect(l.content).toBeGreaterThanOrEqual(3 + MIN_PROSE);
		expect(lessonLayout({...at80x24, outputLines: 1, feedbackLines: 3, favour: 'output'}).output).toBe(MIN_OUTPUT);
		expect(lessonLayout({...at80x24, outputLines: 1, feedbackLines: 3, favour: 'streaming'}).output).toBe(20 - 1 - 5 - 3 - MIN_PROSE);
	});

	it('gives the check panel its rows before the prose and output grow, never less than a line and its marker (property)', () => {
		const input = fc.record({
			body: fc.integer({min: 10, max: 60}),
			titleRows: fc.integer({min: 1, max: 2}),
			proseLines: fc.integer({min: 0, max: 80}),
			actionLines: fc.integer({min: 0, max: 10}),
			feedbackLines: fc.integer({min: 1, max: 40}),
			modalRows: fc.constantFrom(0, 3, 5),
			outputLines: fc.integer({min: 0, max: 100}),
			favour: fc.constantFrom('streaming' as const, 'output' as const, 'text' as const, 'balanced' as const),
			showOutput: fc.boolean(),
		});
		fc.assert(
			fc.property(input, (i: LessonLayoutInput) => {
				const l = lessonLayout(i);
				expect(l.title + l.content + l.output + l.feedback + l.modal).toBe(i.body);
				const natural = i.feedbackLines + PANEL_CHROME_ROWS;
				expect(l.feedback).toBeLessThanOrEqual(natural);
				const afterTitle = i.body - (i.titleRows ?? 1) - i.modalRows;
				// Room for a line of the verdict and its marker: the panel is there, whatever else wants rows.
				if (afterTitle >= PANEL_CHROME_ROWS + 2) expect(l.feedback).toBeGreaterThanOrEqual(Math.min(natural, PANEL_CHROME_ROWS + 2));
				// The minimums of the others (output, actions, a line of prose and its marker) are all it gives way to.
				const minimums = (i.showOutput ? MIN_OUTPUT : 0) + i.actionLines + Math.min(i.proseLines, MIN_PROSE);
				if (afterTitle - minimums >= natural) expect(l.feedback).toBe(natural);
				if (i.showOutput && afterTitle - Math.min(natural, PANEL_CHROME_ROWS + 2) >= MIN_OUTPUT) expect(l.output).toBeGreaterThanOrEqual(MIN_OUTPUT);
				// Never a "more" marker with no line of text: the prose keeps two rows once the others' minimums fit.
				const prose = l.content - i.actionLines;
				if (afterTitle - Math.min(natural, PANEL_CHROME_ROWS + 2) - (i.showOutput ? MIN_OUTPUT : 0) - i.actionLines >= MIN_PROSE) expect(prose).toBeGreaterThanOrEqual(Math.min(i.proseLines, MIN_PROSE));
			}),
			{numRuns: 500},
		);
	});

	it('on an intro, the text comes first', () => {
		const l = lessonLayout({...at80x24, proseLines: 12, actionLines: 1, feedbackLines: 0, favour: 'text'});
		expect(l.content).toBeGreaterThanOrEqual(12 + 1 + 1);
	});
});

describe('the key bar', () => {
	const state = session({progress: moveTo(emptyProgress('sim'), {lesson: 'deploy-the-app', step: 'apply', screen: 'intro'})}).store.getState();
	const keys = footerKeys({...state, screen: 'step'}, {wrap: true, column: 0});

	it('keeps n, p, l, ? and q, compact when even their labels do not fit', () => {
		for (const width of [40, 60, 80]) {
			const {shown} = footerLayout(keys, width);
			expect(shown.map((k) => k.key)).toEqual(expect.arrayContaining(['n', 'p', 'l', '?', 'q']));
		}
		expect(keys.map((k) => `${k.key} ${k.label}`)).toContain('w no wrap');
		expect(footerLayout(keys, 40).compact).toBe(true);
		expect(footerLayout(keys, 60).compact).toBe(false);
	});

	it('offers h only on a step with hints: elsewhere the key would only say there are none', () => {
		const at = (step: string) => {
			const onStep = session({progress: moveTo(emptyProgress('sim'), {lesson: 'global-services', step, screen: 'step'})}).store.getState();
			return footerKeys(onStep).map((k) => k.key);
		};
		expect(at('annotate-koornacht')).toContain('h');
		// The fixture's question has no hints.
		expect(at('why')).not.toContain('h');
		expect(at('why')).toContain('s');
	});
});

let mounted: RenderedTui | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

async function mount(s: Session, size: {columns: number; rows: number}): Promise<RenderedTui> {
	mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, size);
	return mounted;
}

/** The fixture curriculum with a long-winded first step and a long command. */
function wordyLessons(): Lesson[] {
	const lessons = fixtureLessons();
	const first = lessons[0]!;
	const [apply, ...rest] = first.steps;
	const prose = Array.from({length: 30}, (_, i) => `Paragraph ${i + 1} explains one more thing about the mesh, at length.`).join('\n\n');
	const command = `kubectl -n kube-system exec ds/cilium -c cilium-agent -- hubble observe --verdict DROPPED --from-label app=x-wing --to-label app=rebel-base --last 20`;
	lessons[0] = {...first, steps: [{...apply!, prose: `${prose}\n\n1. A numbered item long enough that it has to wrap at eighty columns, and keeps every word of it.`, commands: [{target: 'koornacht', command, line: 1}]}, ...rest]};
	return lessons;
}

describe('the lesson screen at 80x24', () => {
	it('shows a long command whole, the prose with a "more" marker, and every frame fits', async () => {
		const s = session({lessons: wordyLessons(), progress: moveTo(emptyProgress('sim'), {lesson: 'deploy-the-app', step: 'apply', screen: 'intro'})});
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		const frame = await tui.waitForFrame('Step 1 of 2');
		expect(readable(frame)).toContain(`KOORNACHT $ ${wordyLessons()[0]!.steps[0]!.commands[0]!.command}`);
		expect(frame).toMatch(/↓ \d+ more lines/);
		expect(frameHeight(frame)).toBeLessThanOrEqual(23);
		await tui.press(KEY.end);
		expect(readable(await tui.waitForFrame('keeps every word'))).toContain(
			'1. A numbered item long enough that it has to wrap at eighty columns, and keeps every word of it.',
		);
	});

	it('wraps a long notice and a live-only step’s notice in full', async () => {
		const s = session({progress: moveTo(emptyProgress('sim'), {lesson: 'ingress', step: 'x', screen: 'intro'})});
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		await tui.waitForFrame('Step 1 of 1');
		const message = `cannot auto-detect service type, please specify using '--service-type' (NodePort, LoadBalancer); ${'more detail '.repeat(6).trim()} end of message`;
		s.store.report(new Error(message));
		const frame = readable(await tui.waitForFrame('end of message'));
		expect(frame).toContain(message);
		expect(frame).toContain('⚠ Live clusters only: needs Docker networking. Press n to skip this step.');
	});

	it('wraps long output lines; w turns wrapping off and ←/→ then scroll the focused output, not the step', async () => {
		const s = session();
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		await tui.waitForFrame('Step 1 of 2');
		s.lines.pushLines(DROP, 'Policy denied DROPPED (TCP Flags: SYN)');
		s.lines.flush();
		let frame = await tui.waitForFrame('Policy denied DROPPED');
		expect(readable(frame)).toContain(DROP);
		await tui.press(KEY.tab, 'w');
		frame = await tui.waitForFrame('not wrapping');
		expect(readable(frame)).not.toContain('EGRESS DENIED');
		for (let i = 0; i < 12; i++) await tui.press(KEY.right);
		frame = await tui.waitForFrame((f) => f.includes('EGRESS DENIED'));
		expect(frame).toMatch(/not wrapping · column \d+/);
		expect(frame).toContain('Step 1 of 2');
		await tui.press('w');
		expect(readable(await tui.waitForFrame((f) => !f.includes('not wrapping')))).toContain(DROP);
	});
});

describe('after a run at 80x24, a step with long commands', () => {
	/** The fixture's first global-services step with long prose, four long commands and a check on both Services and the replies. */
	function longCommandLessons(): Lesson[] {
		const lessons = fixtureLessons();
		const global = lessons[1]!;
		const [first, ...rest] = global.steps;
		const prose = Array.from({length: 12}, (_, i) => `Paragraph ${i + 1} says what to look for in the output.`).join('\n\n');
		const long = (n: number) => ({target: 'koornacht' as const, command: `kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite --field-manager=clustermesh-tutor-lesson-step-${n}`, line: n});
		const service = (cluster: 'koornacht' | 'tion') =>
			({type: 'service', cluster, namespace: 'default', name: 'rebel-base', expect: {annotations: {'service.cilium.io/global': 'true'}}}) as const;
		lessons[1] = {...global, steps: [{...first!, prose, commands: [1, 2, 3, 4].map(long), check: [service('koornacht'), service('tion'), ...first!.check]}, ...rest]};
		return lessons;
	}

	it('gives the rows to the output and the whole verdict; the commands scroll on with the prose, which keeps a line above its marker', async () => {
		const s = session({lessons: longCommandLessons(), progress: finishedLesson3()});
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		let frame = await tui.waitForFrame('Step 1 of 3');
		// Before the run the commands are pinned in full.
		expect(readable(frame)).toContain('--field-manager=clustermesh-tutor-lesson-step-4');
		await tui.press(KEY.enter);
		frame = await tui.waitForFrame((f) => /Not yet|Passed/.test(f) && !f.includes('running'));
		const rows = frame.split('\n');
		const title = rows.findIndex((r) => r.includes('Step 1 of 3'));
		// A line of the step's text, then its marker: never the marker alone.
		expect(rows[title + 1]).toContain('Paragraph 1 says what to look for');
		expect(rows[title + 2]).toMatch(/↓ \d+ more lines/);
		// Every result of the verdict is on screen at once, with the output's newest lines and the key bar.
		for (const cluster of ['Koornacht', 'Tion']) expect(readable(frame)).toMatch(new RegExp(`[✔✘] service rebel-base in ${cluster}`));
		expect(readable(frame)).toMatch(/[✔✘] 10 requests from Koornacht's x-wing to rebel-base/);
		expect(frame).toContain('service/rebel-base annotated');
		expect(frame).toMatch(/Output · ✔ exit 0 · [0-9.]+s · ↑ \d+ earlier lines/);
		expect(frameHeight(frame)).toBeLessThanOrEqual(23);
		// The commands that ran are still there, further down the step text.
		await tui.press(KEY.tab, KEY.end);
		expect(readable(await tui.waitForFrame((f) => f.includes('step-4')))).toContain('--field-manager=clustermesh-tutor-lesson-step-4');
	});
});

describe('a long verdict at 80x24', () => {
	const hints = [
		'The annotation goes on the rebel-base Service in Koornacht, and on no other Service yet: Tion follows in the next step of this lesson.',
		'Use kubectl annotate service rebel-base with the key service.cilium.io/global and the value "true", and add --overwrite so a second run does no harm.',
		'In Koornacht: kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite, then the request loop; all ten replies should still say Koornacht.',
	];
	const service = (cluster: 'koornacht' | 'tion') =>
		({type: 'service', cluster, namespace: 'default', name: 'rebel-base', expect: {annotations: {'service.cilium.io/global': 'true'}}}) as const;

	/** The fixture's first global-services step, checked three ways and with three long hints. */
	function strictLessons(): Lesson[] {
		const lessons = fixtureLessons();
		const global = lessons[1]!;
		const [first, ...rest] = global.steps;
		lessons[1] = {...global, steps: [{...first!, check: [service('koornacht'), service('tion'), ...first!.check], hints}, ...rest]};
		return lessons;
	}

	it('pins the panel: its start with a marker saying how to read the rest, then all of it by scrolling, the output and key bar kept', async () => {
		const s = session({lessons: strictLessons(), progress: finishedLesson3()});
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		await tui.waitForFrame('Step 1 of 3');
		await tui.press('t');
		await tui.waitForFrame('Type the command');
		await tui.type('kubectl get pods -n nowhere');
		await tui.press(KEY.enter);
		await tui.waitForFrame('✘ Not yet');
		await tui.press('h', 'h');
		// Each new hint appears where the newest was, and the panel scrolls to it.
		let frame = await tui.waitForFrame((f) => f.includes('Hint 3/3') && /[↓↑] \d+ (more )?lines? (above )?\(Tab, then ↑\/↓\)/.test(f));
		expect(readable(frame)).toContain(`Hint 3/3 (s shows the solution) ${hints[2]}`);
		const footer = (f: string) => f.replace(/\n$/, '').split('\n').at(-1) ?? '';
		expect(frameHeight(frame)).toBeLessThanOrEqual(23);
		expect(footer(frame)).toContain('q quit');
		// The output of the typed command keeps its rows.
		expect(frame).toContain('ok: kubectl get pods -n nowhere');
		// Tab focuses the panel (its marker now says the arrows scroll it); Home goes to the verdict's start, ↓ reads on.
		await tui.press(KEY.tab, KEY.home);
		frame = await tui.waitForFrame((f) => /↓ \d+ more lines \(↑\/↓\)/.test(f));
		expect(readable(frame)).toContain('✘ service rebel-base in Koornacht expected service.cilium.io/global="true" observed service.cilium.io/global=(absent)');
		let read = readable(frame);
		for (let i = 0; i < 30 && !/↑ \d+ lines above/.test(frame); i++) {
			await tui.press(KEY.down);
			frame = tui.frame();
			expect(frameHeight(frame)).toBeLessThanOrEqual(23);
			expect(footer(frame)).toContain('q quit');
			read += readable(frame);
		}
		expect(frame).toMatch(/↑ \d+ lines above \(↑\/↓\)/);
		for (const cluster of ['Koornacht', 'Tion']) {
			expect(read).toContain(`✘ service rebel-base in ${cluster} expected service.cilium.io/global="true" observed service.cilium.io/global=(absent)`);
		}
		expect(read).toContain("✘ 10 requests from Koornacht's x-wing to rebel-base expected");
		for (const [i, hint] of hints.entries()) {
			expect(read).toContain(`Hint ${i + 1}/3`);
			expect(read).toContain(hint);
		}
	});
});

describe('small terminals', () => {
	it('at 60x18 the key bar still has n, p, l, ? and q; below it, a screen asks for more room', async () => {
		const s = session({progress: moveTo(emptyProgress('sim'), {lesson: 'deploy-the-app', step: 'apply', screen: 'intro'})});
		const tui = await mount(s, {columns: 60, rows: 18});
		await tui.press(KEY.enter);
		const frame = await tui.waitForFrame('Step 1 of 2');
		const footer = frame.replace(/\n$/, '').split('\n').at(-1) ?? '';
		for (const key of ['n next', 'p back', 'l lessons', '? help', 'q quit']) expect(footer).toContain(key);
		expect(frameHeight(frame)).toBeLessThanOrEqual(17);
		await tui.resize(59, 18);
		expect(await tui.waitForFrame('Please enlarge the terminal.')).toMatch(/at least 60×18/);
	});
});
