import {afterEach, describe, expect, it} from 'vitest';
import {emptyProgress, markPassed, moveLab, moveTo, type Progress} from '../../src/state/progress.js';
import {App} from '../../src/tui/app.js';
import {stepMark} from '../../src/tui/store/session-state.js';
import {introLines} from '../../src/tui/view/lesson-lines.js';
import stripAnsi from 'strip-ansi';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {session} from './fixtures.js';
import {KEY, renderTui, type RenderedTui} from './render.js';

let mounted: RenderedTui | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

/** Every step of lessons 3 to 5 passed, the lab at the end of lesson 5, the learner on its last step. */
function finishedThrough5(): Progress {
	const passes: [string, string][] = [
		['deploy-the-app', 'apply'],
		['deploy-the-app', 'look'],
		['global-services', 'annotate-koornacht'],
		['global-services', 'why'],
		['global-services', 'annotate-tion'],
		['fault-resilience', 'scale'],
	];
	const progress = passes.reduce((p, [lesson, step]) => markPassed(p, lesson, step), emptyProgress('sim'));
	return moveLab(moveTo(progress, {lesson: 'fault-resilience', step: 'scale', screen: 'step'}), {lesson: 'fault-resilience'});
}

const flat = (frame: string) => frame.replace(/[\s│]+/g, ' ');

describe('passes the lab was since rebuilt before', () => {
	it('after a rewind from the list: list, step title and check panel say ↺ (not ✔), c judges the lab as it is, n catches up and keeps the pass', async () => {
		const s = session({progress: finishedThrough5()});
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 80, rows: 24});
		await mounted.waitForFrame('Scale to zero');
		// Back to lesson 3 through the list; y rewinds (the simulator rebuilds the lab up to it).
		await mounted.press('l');
		await mounted.waitForFrame('you are here');
		await mounted.press(KEY.up, KEY.up, KEY.enter);
		// Lesson 3 was finished: it opens on its last step.
		await mounted.waitForFrame('The lab is further along than lesson 3, step 2.');
		await mounted.press('y');
		await mounted.waitForFrame('Caught up');
		expect(s.store.getState().progress.lab).toEqual({lesson: 'deploy-the-app', step: 'look'});

		// The list: every lesson whose passes the rebuild undid is ↺ and explained, none ✔.
		await mounted.press('l');
		let frame = await mounted.waitForFrame('you are here');
		expect(frame).toContain('↺ to run again (lab rebuilt)');
		// Lesson 3's first step still holds (the lab stands after it); its last only asks to be read.
		expect(frame).toMatch(/✔\s+3\s+Deploy the app/);
		expect(frame).toMatch(/↺\s+4\s+Global services/);
		expect(frame).toMatch(/↺\s+5\s+Fault resilience/);

		// Lesson 4 opens on its first step to run again (nothing to catch up: lesson 3's last step is read-only).
		await mounted.press(KEY.down, KEY.enter);
		frame = await mounted.waitForFrame('Make it global in Koornacht');
		expect(frame).toContain('↺ passed · lab rebuilt since');
		expect(frame).toContain('Passed before the lab was rebuilt');
		expect(flat(frame)).toContain('then the lab was rebuilt to just before it');
		expect(frame).not.toContain('✔ passed');
		expect(frame).not.toContain('Passed earlier');

		// c judges the lab as it is now: the annotation the learner once made is gone.
		await mounted.press('c');
		frame = await mounted.waitForFrame('Not yet');
		expect(frame).toContain('✘');
		expect(flat(frame)).toContain('Your pass stays in your record. n catches the lab up past it and moves on.');
		expect(s.store.getState().progress.lessons['global-services']?.passed).toContain('annotate-koornacht');

		// n does not walk past it as if it held: it offers to catch the lab up, keeping the pass.
		await mounted.press('n');
		frame = await mounted.waitForFrame('This step passed before the lab was rebuilt.');
		expect(frame).toContain('↵/y catch up & go on · k go on, leave the lab alone · n stay');
		// The key bar names the same answers.
		expect(frame.trimEnd().split('\n').at(-1)).toContain('↵/y catch up & go on  k go on, leave the lab alone  n stay');
		expect(frame).not.toContain('skip');
		await mounted.press('y');
		frame = await mounted.waitForFrame('Why?');
		// A question's answer does not depend on the lab: it stays ✔.
		expect(frame).toContain('✔ passed');
		const after = s.store.getState();
		expect(after.position).toEqual({lesson: 'global-services', step: 1});
		expect(after.progress.lessons['global-services']?.skipped).toEqual([]);
		expect(after.progress.lab).toEqual({lesson: 'global-services', step: 'why'});
		// The lab holds the replayed annotation again, so step 1's kept pass is a pass again; step 3's is still to run again.
		expect(s.backend.lab.koornacht).toBe(true);
		expect(stepMark(after, {lesson: 'global-services', step: 0})).toBe('passed');
		expect(stepMark(after, {lesson: 'global-services', step: 2})).toBe('rewound');
		await mounted.press('l');
		frame = await mounted.waitForFrame('you are here');
		expect(frame).toMatch(/↺\s+4\s+Global services/);
		expect(s.store.getState().progress.lessons['global-services']?.passed).toContain('annotate-koornacht');
	});

	it('k on such a step goes on and leaves the lab alone: nothing runs, nothing is marked skipped, the pass is kept', async () => {
		const progress = moveTo(finishedThrough5(), {lesson: 'global-services', step: 'annotate-koornacht', screen: 'step'});
		const s = session({progress: moveLab(progress, {lesson: 'global-services', step: 'annotate-koornacht'})});
		s.store.next();
		expect(s.store.getState().modal).toEqual({kind: 'confirm', confirm: {type: 'skip', rewound: true}});
		await s.store.answer('alt');
		const state = s.store.getState();
		expect(state.position).toEqual({lesson: 'global-services', step: 1});
		expect(state.progress.lab).toEqual({lesson: 'global-services', step: 'annotate-koornacht'});
		expect(state.progress.lessons['global-services']?.skipped).toEqual([]);
		expect(state.progress.lessons['global-services']?.passed).toContain('annotate-koornacht');
		expect(s.backend.ran).toEqual([]);
		// The intro's list of steps agrees with the list and the title: ↺, ✔ for the question, ↺.
		const intro = introLines({lesson: state.lessons[1]!, lessons: state.lessons, progress: state.progress, width: 80, markdown: renderMarkdown}).map((line) => stripAnsi(line));
		expect(intro.filter((line) => /^\s+[✔↺↷·]\s+\d\./.test(line)).map((line) => line.trim().slice(0, 1))).toEqual(['↺', '✔', '↺']);
	});
});
