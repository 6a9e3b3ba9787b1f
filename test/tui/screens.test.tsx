import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/tui/app.js';
import {KEY_HELP} from '../../src/tui/keys/key-help.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {LineStore} from '../../src/tui/store/line-store.js';
import {SessionStore} from '../../src/tui/store/session-store.js';
import {emptyProgress} from '../../src/state/progress.js';
import {finishedLesson3, session, type Session} from './fixtures.js';
import {lesson, step} from '../helpers/lessons.js';
import {frameHeight, KEY, renderTui, type RenderedTui} from './render.js';

let mounted: RenderedTui | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

async function mount(s: Session, size: {columns?: number; rows?: number} = {}): Promise<RenderedTui> {
	mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, size);
	return mounted;
}

/** A learner who finished lesson 3 and stands on lesson 4, step 1. */
function atGlobalServices(): Session {
	return session({progress: finishedLesson3()});
}

const fits = (frame: string, rows: number) => expect(frameHeight(frame)).toBeLessThanOrEqual(rows - 1);

describe('screens', () => {
	it('boot: a loading screen, then the reason a start failed', async () => {
		const lines = new LineStore();
		const store = new SessionStore({lines}, emptyProgress('sim'));
		const tui = await mount({store, lines} as Session);
		expect(await tui.waitForFrame('Loading lessons')).toContain('clustermesh-tutor');
		store.fail('lessons/04-x.md:3: expected a kebab-case id');
		const frame = await tui.waitForFrame("Couldn't start");
		expect(frame).toContain('lessons/04-x.md:3');
		expect(frame).toContain('q quit');
	});

	it('lesson intro: where the learner is, the backend and why, the steps with marks', async () => {
		const tui = await mount(session());
		const frame = await tui.waitForFrame('Press Enter to start');
		expect(frame).toMatch(/clustermesh-tutor Lesson 3\/5 · Deploy the app +SIMULATION/);
		expect(frame).toContain('Backend: simulator (--backend sim).');
		expect(frame).toContain('Two clusters, one app.');
		expect(frame).toMatch(/· +1\. Deploy the app/);
		expect(frame).toContain('↵ start');
	});

	it('step view: the command with its cluster badge, streamed output with cluster tags, the verdict', async () => {
		const tui = await mount(session());
		await tui.press(KEY.enter);
		let frame = await tui.waitForFrame('Step 1 of 2');
		expect(frame).toContain('Apply the app manifests in `both` clusters.');
		expect(frame).toMatch(/BOTH +\$ kubectl apply -f manifests\/app\.yaml/);
		expect(frame).toContain('Output appears here');
		await tui.press(KEY.enter);
		frame = await tui.waitForFrame('Passed');
		expect(frame).toContain('[koornacht] ok: kubectl apply -f manifests/app.yaml');
		expect(frame).toContain('[tion] ok: kubectl apply -f manifests/app.yaml');
		expect(frame).toMatch(/Output · ✔ exit 0/);
		expect(frame).toContain("✔ the step's command");
	});

	it('check panel: verdict, expected beside observed, a bar per cluster', async () => {
		const s = atGlobalServices();
		s.backend.lab.tion = true;
		const tui = await mount(s);
		await tui.press(KEY.enter, KEY.enter);
		const frame = await tui.waitForFrame('✔ Passed');
		expect(frame).toContain("✔ 10 requests from Koornacht's x-wing to rebel-base");
		expect(frame).toContain('observed  Koornacht ██████ 6  Tion ████ 4  timeouts 0');
		expect(frame).toContain('Step 1 of 3 · Make it global in Koornacht  ✔ passed');
	});

	it('a failed check says what it saw and gives the first hint; h climbs the ladder', async () => {
		const tui = await mount(atGlobalServices());
		await tui.press(KEY.enter, KEY.enter);
		let frame = await tui.waitForFrame('Not yet');
		expect(frame).toContain('✘ 10 requests from Koornacht');
		expect(frame).toContain('expected  every request answered, by both Koornacht and Tion');
		expect(frame).toContain('observed  Koornacht ██████████ 10  Tion 0  timeouts 0');
		expect(frame).toContain('Hint 1/3');
		expect(frame).toContain('The annotation goes on `rebel-base`.');
		await tui.press('h');
		frame = await tui.waitForFrame('Hint 2/3');
		expect(frame.indexOf('Hint 2/3')).toBeLessThan(frame.indexOf('Hint 1/3'));
	});

	it('`n` before the check passed is refused with a skip dialog; Esc stays', async () => {
		const tui = await mount(atGlobalServices());
		await tui.press(KEY.enter, 'n');
		const frame = await tui.waitForFrame("Skip this step? Its check hasn't passed.");
		expect(frame).toContain('y skip & catch up · k skip, leave the lab alone · n stay');
		expect(frame).toContain('Step 1 of 3');
		await tui.press(KEY.escape);
		expect(await tui.waitForFrame((f) => !f.includes('Skip this step'))).toContain('Step 1 of 3');
	});

	it('solution: asks first, then shows it under the commands', async () => {
		const tui = await mount(atGlobalServices());
		await tui.press(KEY.enter, 's');
		expect(await tui.waitForFrame('Show the solution?')).toContain('y show it · n not yet');
		await tui.press('y');
		expect(await tui.waitForFrame('Solution: the command(s) above')).not.toContain('Show the solution?');
	});

	it('`t`: the typed command line, run through the same runner and check', async () => {
		const s = atGlobalServices();
		s.backend.lab.tion = true;
		const tui = await mount(s);
		await tui.press(KEY.enter, 't');
		await tui.waitForFrame('Type the command · runs in KOORNACHT');
		await tui.type('kubectl annotate service rebel-base service.cilium.io/global=');
		expect(await tui.waitForFrame('$ kubectl annotate service rebel-base service.cilium.io/global=')).toContain('Esc cancel');
		// The last characters and Enter in one chunk, as a paste (or fast keys) delivers them.
		await tui.press(`"true"${KEY.enter}`);
		const frame = await tui.waitForFrame('✔ Passed');
		expect(frame).toContain('KOORNACHT $ kubectl annotate service rebel-base service.cilium.io/global="true"');
		expect(s.backend.ran.at(-1)?.command).toBe('kubectl annotate service rebel-base service.cilium.io/global="true"');
	});

	it('question step: pick with number keys, Enter submits, the explanation follows', async () => {
		const s = atGlobalServices();
		s.backend.lab.tion = true;
		const tui = await mount(s);
		await tui.press(KEY.enter, KEY.enter);
		await tui.waitForFrame('✔ Passed');
		await tui.press('n');
		let frame = await tui.waitForFrame('Why does Tion need the annotation too?');
		expect(frame).not.toContain('Output');
		expect(frame).toContain('( ) 1. It does not');
		expect(frame).toContain('1-2 pick');
		await tui.press('1');
		await tui.waitForFrame('(•) 1. It does not');
		// Pick 1, then 2 (a single answer: 2 replaces 1), submit: sent in one chunk, as fast keys (or tmux) deliver them.
		await tui.press(`12${KEY.enter}`);
		frame = await tui.waitForFrame('Correct');
		expect(frame).toContain('(•) 2. Both sides must opt in');
		expect(frame).toContain('( ) 1. It does not');
		expect(frame).toContain('Since Cilium 1.14 both Services must be global.');
		expect(frame).toMatch(/2\. Both sides must opt in ✔/);
	});

	it('help overlay lists every key', async () => {
		const tui = await mount(atGlobalServices(), {columns: 80, rows: 24});
		await tui.press('?');
		const frame = await tui.waitForFrame('any key closes this help');
		for (const group of KEY_HELP) for (const key of group.keys) expect(frame).toContain(key.action);
		await tui.press(KEY.escape);
		await tui.waitForFrame((f) => !f.includes('any key closes'));
	});

	it('lesson list: progress marks, advanced lessons, catch-up when jumping ahead', async () => {
		const s = atGlobalServices();
		const tui = await mount(s);
		await tui.press('l');
		let frame = await tui.waitForFrame('Lessons');
		expect(frame).toMatch(/✔ +3 +Deploy the app/);
		expect(frame).toMatch(/· +4 +Global services .*← you are here/);
		expect(frame).toMatch(/· +9 +Shared ingress .*advanced/);
		await tui.press(KEY.down, KEY.enter);
		frame = await tui.waitForFrame('Catch up to lesson 5?');
		expect(frame).toContain('the lab is rebuilt with its clusters meshed, then 3 solution');
		await tui.press('y');
		frame = await tui.waitForFrame('Caught up');
		expect(frame).toContain('Lesson 5/5 · Fault resilience');
		expect(s.backend.lab).toEqual({koornacht: true, tion: true});
	});

	it('lesson list taller than the screen: says how many lessons are above and below the ones in view', async () => {
		const many = Array.from({length: 20}, (_, i) => lesson(i, `lesson-${i}`, [step('read')], {title: `Lesson number ${i}`, summary: `What lesson ${i} is about.`}));
		const s = session({lessons: many});
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press('l');
		let frame = await tui.waitForFrame('Lessons');
		expect(frame).toMatch(/↓ \d+ more lessons below/);
		expect(frame).not.toContain('above');
		expect(frame).toMatch(/Lesson number 0 +1 step(?!s)/);
		for (let i = 0; i < 19; i++) await tui.press(KEY.down);
		frame = await tui.waitForFrame((f) => f.includes('What lesson 19 is about'));
		const above = /↑ (\d+) more lessons above/.exec(frame);
		// The lessons above the window are counted exactly: the first one in view follows them.
		expect(frame).toMatch(new RegExp(`· +${above?.[1]} +Lesson number ${above?.[1]}`));
		expect(frame).not.toContain('below');
		expect(frameHeight(frame)).toBeLessThanOrEqual(23);
	});

	it('a long command streams with a spinner and elapsed time; Ctrl-C cancels it and the app stays', async () => {
		const s = atGlobalServices();
		s.backend.hang = 'annotate';
		const tui = await mount(s);
		await tui.press(KEY.enter, KEY.enter);
		// Output shows with the running clock's next tick.
		let frame = await tui.waitForFrame((f) => f.includes('Ctrl-C cancels') && f.includes('waiting…'));
		expect(frame).toMatch(/Output · [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running \d+\.\ds/);
		expect(frame).toMatch(/▶ +KOORNACHT/);
		await tui.press(KEY.ctrlC);
		frame = await tui.waitForFrame('^C cancelled');
		expect(frame).toContain('Output · cancelled');
		expect(s.store.getState().exiting).toBe(false);
	});

	it("the simulator's time: a command that timed out says how long it would have taken, marked simulated", async () => {
		const s = atGlobalServices();
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		const command = {target: 'koornacht', command: 'x', line: 0} as const;
		s.store.dispatch({type: 'step', event: {type: 'command-start', command, index: 0, total: 1, typed: false}, at: Date.now()});
		s.store.dispatch({type: 'step', event: {type: 'command-end', command, index: 0, exitCode: 28, cancelled: false, simulatedMs: 6042}, at: Date.now()});
		expect(await tui.waitForFrame('exit 28')).toContain('Output · ✘ exit 28 · 6.0s simulated');
	});

	it('the output pane scrolls back and follows again; a bounded buffer says what it dropped', async () => {
		const s = atGlobalServices();
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter);
		s.lines.push(Array.from({length: 3000}, (_, i) => `line ${i}`).join('\n') + '\n');
		s.lines.flush();
		const command = {target: 'koornacht', command: 'x', line: 0} as const;
		s.store.dispatch({type: 'step', event: {type: 'command-start', command, index: 0, total: 1, typed: false}, at: Date.now()});
		s.store.dispatch({type: 'step', event: {type: 'command-end', command, index: 0, exitCode: 0, cancelled: false}, at: Date.now()});
		await tui.waitForFrame('line 2999');
		await tui.press(KEY.pageUp);
		let frame = await tui.waitForFrame('back, End follows');
		expect(frame).not.toContain('line 2999');
		await tui.press(KEY.home);
		frame = await tui.waitForFrame('1000 older dropped');
		expect(frame).toContain('line 1000');
		await tui.press(KEY.end);
		expect(await tui.waitForFrame('line 2999')).not.toContain('End follows');
		fits(frame, 24);
	});

	it('every frame fits the terminal, from 80x24 up and across resizes', async () => {
		const s = atGlobalServices();
		const tui = await mount(s, {columns: 80, rows: 24});
		await tui.press(KEY.enter, KEY.enter);
		fits(await tui.waitForFrame('Hint 1/3'), 24);
		for (const key of ['h', 'h', 's']) await tui.press(key);
		fits(await tui.waitForFrame('Show the solution?'), 24);
		await tui.press('y', 't');
		const prompt = await tui.waitForFrame('Type the command');
		fits(prompt, 24);
		// The longest title that fits the border, never one cut with "…" (the key bar names Enter and Esc).
		expect(prompt).toContain('╭─ Type the command · runs in KOORNACHT (Tab changes) ─');
		expect(prompt).not.toContain('…╮');
		await tui.press(KEY.escape, 'l');
		fits(await tui.waitForFrame('you are here'), 24);
		await tui.press(KEY.escape, '?');
		fits(await tui.waitForFrame('any key closes'), 24);
		await tui.press(KEY.escape);
		await tui.resize(120, 40);
		fits(await tui.waitForFrame((f) => f.split('\n')[0]!.length > 100), 40);
		await tui.resize(80, 24);
		const frame = await tui.waitForFrame((f) => f.split('\n')[0]!.length <= 80);
		fits(frame, 24);
		expect(frame).toContain('Hint 3/3');
		await tui.resize(50, 12);
		expect(await tui.waitForFrame('Please enlarge the terminal.')).toMatch(/at least 60×18[\s\S]*this one is\s+50×12[\s\S]*q\s+quits/);
	});

	it('honours NO_COLOR: no colour escapes in any frame', async () => {
		const s = atGlobalServices();
		const tui = await mount(s);
		await tui.press(KEY.enter, KEY.enter);
		await tui.waitForFrame('Hint 1/3');
		const sgr = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);
		expect(tui.stdout.frames.some((f) => sgr.test(f))).toBe(false);
	});
});
