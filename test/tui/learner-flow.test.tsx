import {afterEach, describe, expect, it} from 'vitest';
import type {Lesson, Quiz} from '../../src/lessons/model.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {App} from '../../src/tui/app.js';
import {emptyProgress, markPassed, moveLab, moveTo} from '../../src/state/progress.js';
import {inlineMarkdown} from '../../src/tui/text/inline-markdown.js';
import {fixtureLessons, session} from './fixtures.js';
import {KEY, renderTui, type RenderedTui} from './render.js';

let mounted: RenderedTui | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

/** The fixture's question step ("why"), with hints and the given question, and a learner standing on it. */
async function onQuestion(quiz?: Quiz) {
	const lessons: Lesson[] = fixtureLessons().map((l) =>
		l.id !== 'global-services'
			? l
			: {
					...l,
					steps: l.steps.map((s) =>
						s.id === 'why' ? {...s, quiz: quiz ?? s.quiz, hints: ['Think of who decides to share: each cluster.', 'A Service is global only where it says so.']} : s,
					),
				},
	);
	let progress = markPassed(emptyProgress('sim'), 'global-services', 'annotate-koornacht');
	progress = moveLab(moveTo(progress, {lesson: 'global-services', step: 'why', screen: 'step'}), {lesson: 'global-services', step: 'why'});
	const s = session({lessons, progress});
	mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 36});
	await mounted.waitForFrame('Why?');
	return {s, tui: mounted};
}

describe('questions', () => {
	it('single answer: radio buttons, a number replaces the pick', async () => {
		const {tui} = await onQuestion();
		let frame = await tui.waitForFrame('( ) 1. It does not');
		expect(frame).toContain('Choose one');
		await tui.press('1');
		await tui.waitForFrame('(•) 1. It does not');
		await tui.press('2');
		frame = await tui.waitForFrame('(•) 2. Both sides must opt in');
		expect(frame).toContain('( ) 1. It does not');
	});

	it('a wrong answer: feedback and the next hint, no answer shown, another try passes', async () => {
		const {tui} = await onQuestion();
		await tui.press('1', KEY.enter);
		let frame = await tui.waitForFrame('Not quite');
		expect(frame).toContain('Think of who decides to share');
		expect(frame).not.toContain('Since Cilium 1.14');
		expect(frame).not.toMatch(/opt in ✔/);
		await tui.press('1', KEY.enter);
		frame = await tui.waitForFrame('A Service is global only where it says so');
		expect(frame).not.toContain('Since Cilium 1.14');
		await tui.press('2', KEY.enter);
		frame = await tui.waitForFrame('Correct');
		expect(frame).toContain('Since Cilium 1.14 both Services must be global.');
		expect(frame).toMatch(/2\. Both sides must opt in ✔/);
	});

	it('the answer shows after three wrong tries, or with s (asking first)', async () => {
		const {tui} = await onQuestion();
		for (let i = 0; i < 2; i++) {
			await tui.press('1', KEY.enter);
			await tui.waitForFrame('Not quite: pick again');
		}
		await tui.press('1', KEY.enter);
		const frame = await tui.waitForFrame('the right answer is marked');
		expect(frame).toMatch(/2\. Both sides must opt in ✔/);

		const second = await onQuestion();
		await second.tui.press('s');
		const asked = await second.tui.waitForFrame('y show it');
		// It speaks of the answer, and of what showing it means for the question's mark.
		expect(asked).toContain('Show the answer?');
		expect(asked).not.toContain('solution');
		expect(asked.replace(/[\s│]+/g, ' ')).toContain('The question passes once you pick it and press Enter');
		expect(asked).not.toMatch(/opt in ✔/);
		await second.tui.press('y');
		const shown = await second.tui.waitForFrame((f) => /opt in ✔/.test(f));
		// Shown, not passed: the mark is earned by answering.
		expect(shown).not.toContain('✔ passed');
		expect(second.s.store.getState().progress.lessons['global-services']?.solutions).toContain('why');
		await second.tui.press('s');
		await second.tui.waitForFrame('The answer is marked ✔ among the choices.');
		await second.tui.press('2', KEY.enter);
		await second.tui.waitForFrame('Correct');
	});

	it('several answers: checkboxes, "choose all that apply", numbers toggle, inline markdown renders', async () => {
		const quiz: Quiz = {
			question: 'Which make `rebel-base` global?',
			choices: [
				{text: 'The `service.cilium.io/global` annotation in Koornacht', correct: true},
				{text: 'The same annotation in **Tion**', correct: true},
				{text: 'A ClusterIP change', correct: false},
			],
		};
		const {tui} = await onQuestion(quiz);
		let frame = await tui.waitForFrame('Choose all that apply');
		// Without colour (as here) inline code keeps its backticks, as in the prose; bold loses its stars.
		expect(frame).toContain('[ ] 1. The `service.cilium.io/global` annotation in Koornacht');
		expect(frame).toContain('[ ] 2. The same annotation in Tion');
		await tui.press('1', '2');
		frame = await tui.waitForFrame('[x] 2. The same annotation in Tion');
		expect(frame).toContain('[x] 1.');
		await tui.press('1');
		await tui.waitForFrame('[ ] 1. The `service');
		await tui.press('1', KEY.enter);
		await tui.waitForFrame('Correct');
	});
});

describe('inline markdown in titles and choices', () => {
	it('styles `code`, **bold** and *em* instead of showing their marks (with colour)', async () => {
		const {default: stripAnsi} = await import('strip-ansi');
		const styled = inlineMarkdown('Make `rebel-base` **global** in *Tion*', true);
		expect(stripAnsi(styled)).toBe('Make rebel-base global in Tion');
		expect(inlineMarkdown('a `b` c', false)).toBe('a `b` c');
		expect(inlineMarkdown('2 * 3 = 6, a_b_c', true)).toBe('2 * 3 = 6, a_b_c');
	});
});

describe('dialogs', () => {
	it('list every answer they accept and mark what Enter does', async () => {
		const {answerKeys} = await import('../../src/tui/components/bottom-box.js');
		const skip = answerKeys({type: 'skip'});
		expect(skip).toBe('↵/y skip & catch up · k skip, leave the lab alone · n stay');
		const reset = answerKeys({type: 'reset', scope: 'lesson'});
		expect(reset).toBe('y reset · ↵/n keep going');
	});

	it('rewinding the lab from the lesson list: Enter opens the lesson and keeps the lab; only y rewinds it', async () => {
		let progress = markPassed(emptyProgress('sim'), 'fault-resilience', 'scale');
		progress = moveLab(moveTo(progress, {lesson: 'fault-resilience', step: 'scale', screen: 'step'}), {lesson: 'fault-resilience'});
		const s = session({progress});
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 30});
		await mounted.waitForFrame('Scale to zero');
		await mounted.press('l');
		await mounted.waitForFrame('you are here');
		await mounted.press(KEY.up, KEY.up, KEY.enter);
		let frame = await mounted.waitForFrame('The lab is further along than lesson 3.');
		expect(frame).toContain('y rewind the lab · ↵/n open, keep the lab · Esc cancel');
		expect(frame.replace(/[\s│]+/g, ' ')).toContain('Enter opens lesson 3 and keeps the lab as it is.');
		// Honest about time: the simulator replays in seconds, not instantly.
		expect(frame.replace(/[\s│]+/g, ' ')).toContain('the lab is rebuilt with its clusters meshed, in a few seconds.');
		await mounted.press(KEY.enter);
		frame = await mounted.waitForFrame('Press Enter to start');
		expect(frame).toContain('Lesson 3 · Deploy the app');
		expect(frame).toContain('Opened with the lab as it is');
		expect(s.wipes).toBe(0);
		expect(s.store.getState().progress.lab).toEqual({lesson: 'fault-resilience'});
		await mounted.press('l');
		await mounted.waitForFrame('you are here');
		await mounted.press(KEY.down, KEY.enter);
		await mounted.waitForFrame('The lab is further along than lesson 4.');
		await mounted.press('y');
		await mounted.waitForFrame('Caught up');
		expect(s.wipes).toBe(1);
	});

	it('the skip dialog on a question: Enter stays (a prediction is not thrown away by a stray key); y skips without touching the lab', async () => {
		const {s, tui} = await onQuestion();
		await tui.press('n');
		const frame = await tui.waitForFrame('Skip this question without answering?');
		expect(frame).toContain('↵/n stay');
		expect(frame).not.toContain('skip & catch up');
		await tui.press(KEY.enter);
		await tui.waitForFrame((f) => !f.includes('Skip this question'));
		expect(s.store.getState().progress.lessons['global-services']?.skipped ?? []).not.toContain('why');
		await tui.press('n');
		await tui.waitForFrame('Skip this question without answering?');
		await tui.press('y');
		await tui.waitForFrame((f) => !f.includes('Skip this question'));
		expect(s.store.getState().progress.lessons['global-services']?.skipped).toContain('why');
		expect(s.backend.ran).toEqual([]);
	});
});

describe('finishing and resuming', () => {
	it('after the last core lesson with checks open: the end reached (not "complete"), the lessons named, counts, and the advanced lesson apart', async () => {
		let progress = markPassed(emptyProgress('sim'), 'global-services', 'annotate-koornacht');
		progress = markPassed(progress, 'fault-resilience', 'scale');
		progress = moveTo(progress, {lesson: 'fault-resilience', step: 'scale', screen: 'step'}, new Date(Date.now() - 90 * 60_000));
		const s = session({progress: moveLab(progress, {lesson: 'fault-resilience'})});
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 30});
		await mounted.waitForFrame('Scale to zero');
		await mounted.press('n');
		const frame = await mounted.waitForFrame('You reached the end of the course');
		expect(frame).not.toContain('Course complete');
		expect(frame.replace(/\s+/g, ' ')).toContain('1 lesson still has checks that have not passed. Press l for the lesson list, open it and finish it:');
		expect(frame).toContain('Lesson 4 · Global services · 2 checks open');
		expect(frame).toMatch(/checks passed\s+1 of 3/);
		expect(frame).toMatch(/hints shown\s+0/);
		expect(frame).toMatch(/time\s+1 h 30 min/);
		expect(frame).toContain('Advanced 1 of 1 · Shared ingress · live clusters only');
		expect(frame).not.toContain('Lesson 9/');
		expect(s.saver.writes.at(-1)?.lessons['fault-resilience']?.completedAt).toBeDefined();
		await mounted.press('l');
		const list = await mounted.waitForFrame('Lessons');
		expect(list).toMatch(/Advanced\s+optional, live clusters only/);
	});

	it('an advanced lesson is counted apart in the header', async () => {
		const s = session({progress: moveTo(emptyProgress('sim'), {lesson: 'ingress', step: 'x', screen: 'step'})});
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 30});
		const frame = await mounted.waitForFrame('Advanced 1 of 1');
		expect(frame).not.toMatch(/Lesson 9\/5/);
	});

	it('quitting on step 1 of a lesson resumes on step 1, not the intro', async () => {
		const first = session({progress: moveTo(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-koornacht', screen: 'intro'})});
		first.store.next();
		const saved = first.saver.writes.at(-1);
		expect(saved?.current).toEqual({lesson: 'global-services', step: 'annotate-koornacht', screen: 'step'});
		const again = session({progress: saved});
		expect(again.store.getState().screen).toBe('step');
		expect(again.store.getState().position).toEqual({lesson: 'global-services', step: 0});
	});
});

describe('skipping without catching up', () => {
	it("a later failing check names the skipped step and how to catch up", async () => {
		const progress = moveLab(moveTo(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-koornacht', screen: 'step'}), {lesson: 'global-services', step: 'annotate-koornacht'});
		const s = session({progress});
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 40});
		await mounted.waitForFrame('Make it global in Koornacht');
		await mounted.press('n');
		await mounted.waitForFrame('k skip, leave the lab alone');
		await mounted.press('k');
		await mounted.waitForFrame('Why?');
		await mounted.press('n');
		await mounted.waitForFrame('Skip this question without answering?');
		await mounted.press('y');
		await mounted.waitForFrame('Your turn in Tion');
		await mounted.press(KEY.enter);
		const frame = await mounted.waitForFrame('was skipped without catching the lab up');
		expect(frame).toContain('Step 1 (“Make it global in Koornacht”)');
		expect(frame).toContain('Go back with p');
	});
});

describe('going back after a later step changed the lab', () => {
	it('says so on arrival and with the failing check, names the step, and r rewinds the lab to before this step', async () => {
		let progress = markPassed(emptyProgress('sim'), 'global-services', 'annotate-tion');
		progress = markPassed(progress, 'fault-resilience', 'scale');
		progress = moveLab(moveTo(progress, {lesson: 'fault-resilience', step: 'scale', screen: 'step'}), {lesson: 'fault-resilience'});
		const s = session({progress});
		// What "Scale to zero" did to the lab: the mixed replies this step expects are gone.
		s.backend.lab.koornacht = true;
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 36});
		await mounted.waitForFrame('Scale to zero');
		await mounted.press('p');
		await mounted.waitForFrame('Press Enter to start');
		await mounted.press('p');
		let frame = await mounted.waitForFrame('Your turn in Tion');
		const said = 'The lab has moved on past this step: “Scale to zero” (lesson 5, step 1) already changed it, so this check may fail. r rewinds the lab to just before this step.';
		expect(frame.replace(/\s+/g, ' ')).toContain(said);
		await mounted.press('c');
		// The check panel says it now (the notice made way for the check).
		frame = await mounted.waitForFrame((f) => f.includes('Not yet') && !f.includes('! The lab has moved on'));
		expect(frame.replace(/[\s│]+/g, ' ')).toContain(said);
		await mounted.press('r');
		await mounted.waitForFrame('Rewind this step?');
		await mounted.press('y');
		frame = await mounted.waitForFrame('The lab is as it was before “Your turn in Tion”');
		expect(frame).not.toContain('moved on');
		expect(s.store.getState().progress.lab).toEqual({lesson: 'global-services', step: 'annotate-tion'});
		await mounted.press('c');
		frame = await mounted.waitForFrame('Not yet');
		expect(frame).not.toContain('moved on');
	});
});

describe('keys while a command runs', () => {
	it('are handled (scroll, ?) or ignored with a notice, never routed to another screen; Ctrl-C cancels', async () => {
		const progress = moveLab(moveTo(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-koornacht', screen: 'step'}), {lesson: 'global-services', step: 'annotate-koornacht'});
		const s = session({progress});
		s.backend.hang = 'annotate';
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 100, rows: 30});
		await mounted.waitForFrame('Make it global in Koornacht');
		await mounted.press(KEY.enter);
		await mounted.waitForFrame('waiting…');
		await mounted.press('l');
		await mounted.waitForFrame('Still running: Ctrl-C cancels');
		expect(s.store.getState().screen).toBe('step');
		await mounted.press('n', 'p', 's');
		expect(s.store.getState().position).toEqual({lesson: 'global-services', step: 0});
		expect(s.store.getState().modal).toBeUndefined();
		await mounted.press('?');
		await mounted.waitForFrame('any key closes this help');
		await mounted.press(KEY.escape);
		await mounted.press(KEY.ctrlC);
		const frame = await mounted.waitForFrame('Cancelled');
		expect(frame).toContain('Make it global in Koornacht');
	});
});
