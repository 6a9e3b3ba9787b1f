import {afterEach, describe, expect, it} from 'vitest';
import type {Lesson} from '../../src/lessons/model.js';
import {emptyProgress, markPassed, markSkipped, moveLab, moveTo, recordHint, type Progress} from '../../src/state/progress.js';
import {App} from '../../src/tui/app.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {fixtureLessons, session} from './fixtures.js';
import {renderTui, type RenderedTui} from './render.js';

let mounted: RenderedTui | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

/** The learner on the last core step, the lab after it; `n` opens the end-of-course screen. */
async function finish(progress: Progress, lessons?: Lesson[]) {
	const done = markPassed(progress, 'fault-resilience', 'scale');
	const s = session({lessons, progress: moveLab(moveTo(done, {lesson: 'fault-resilience', step: 'scale', screen: 'step'}), {lesson: 'fault-resilience'})});
	mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 80, rows: 24});
	await mounted.waitForFrame('Scale to zero');
	await mounted.press('n');
	return mounted.waitForFrame((f) => f.includes('checks passed'));
}

const flat = (frame: string) => frame.replace(/[\s│]+/g, ' ');

describe('the end-of-course screen', () => {
	it('every check passed or not runnable here (live-only on the simulator): "Course complete", the left-out check explained', async () => {
		const lessons = fixtureLessons().map((l) =>
			l.id !== 'global-services' ? l : {...l, steps: l.steps.map((s) => (s.id === 'annotate-tion' ? {...s, liveOnly: 'needs a kernel'} : s))},
		);
		let progress = markPassed(markPassed(emptyProgress('sim'), 'global-services', 'annotate-koornacht'), 'global-services', 'why');
		// One rung came with a failed check, one the learner asked for: progress cannot tell them apart, so the screen says "shown".
		progress = recordHint(progress, 'global-services', 'annotate-koornacht', 2);
		const frame = await finish(progress, lessons);
		expect(frame).toContain('✔ Course complete');
		expect(frame).not.toContain('reached the end');
		expect(flat(frame)).toMatch(/checks passed 2 of 3 \(1 needs live clusters, not run on the simulator\)/);
		expect(flat(frame)).toMatch(/hints shown 2 \(a failed check shows a step's first hint\)/);
	});

	it('a check the learner skipped: the end reached, its lesson named with the skip, and l opens the list', async () => {
		let progress = markPassed(emptyProgress('sim'), 'global-services', 'annotate-koornacht');
		progress = markPassed(progress, 'global-services', 'why');
		progress = markSkipped(progress, 'global-services', 'annotate-tion');
		const frame = await finish(progress);
		expect(frame).toContain('◐ You reached the end of the course');
		expect(frame).not.toContain('Course complete');
		expect(frame).toContain('Lesson 4 · Global services · 1 check open (skipped)');
		expect(flat(frame)).toMatch(/checks passed 2 of 3 \(1 skipped by you\)/);
		expect(frame).toContain('l lesson list · q quit');
		await mounted!.press('l');
		await mounted!.waitForFrame('you are here');
	});

	it('many unfinished lessons: four named, the rest counted, at 80×24', async () => {
		const base = fixtureLessons();
		const extra = [6, 7, 8, 10, 11].map((order) => ({...base[1]!, id: `extra-${order}`, order, title: `Extra ${order}`}));
		const lessons = [...base.slice(0, 2), ...extra.filter((l) => l.order < 9), ...base.slice(2), ...extra.filter((l) => l.order > 9)];
		// Lesson 5 (fault-resilience) is not last any more: finish on lesson 11 instead.
		const progress = moveLab(moveTo(emptyProgress('sim'), {lesson: 'extra-11', step: 'annotate-tion', screen: 'step'}), {lesson: 'extra-11'});
		const s = session({lessons, progress: markPassed(markPassed(markPassed(progress, 'extra-11', 'annotate-koornacht'), 'extra-11', 'why'), 'extra-11', 'annotate-tion')});
		mounted = await renderTui(<App store={s.store} lines={s.lines} markdown={renderMarkdown} />, {columns: 80, rows: 24});
		await mounted.waitForFrame('Your turn in Tion');
		await mounted.press('n');
		const frame = await mounted.waitForFrame('You reached the end of the course');
		expect(frame).toContain('5 lessons still have checks that have not passed');
		expect(frame).toContain('Lesson 4 · Global services · 3 checks open');
		expect(frame).toContain('Lesson 8 · Extra 8 · 3 checks open');
		expect(frame).not.toContain('Lesson 10 · Extra 10');
		expect(frame).toContain('and 1 more: the lesson list shows them all');
	});
});
