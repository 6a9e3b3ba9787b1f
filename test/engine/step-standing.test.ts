import {describe, expect, it} from 'vitest';
import {describeRewound, isSettled, lessonStanding, passNeedsLab, resumeIn, stepStanding, type Position} from '../../src/engine/curriculum.js';
import {emptyProgress, markPassed, markSkipped, moveLab, type Progress} from '../../src/state/progress.js';
import {fixtureLessons} from '../tui/fixtures.js';

const lessons = fixtureLessons();
const at = (lesson: string, step: number): Position => ({lesson, step});
const byId = (id: string) => lessons.find((l) => l.id === id)!;

/** Every step of lessons 3 to 5 passed; the lab at `lab` (undefined: never recorded). */
function passedAll(lab?: {lesson: string; step?: string}): Progress {
	let progress = emptyProgress('sim');
	for (const id of ['deploy-the-app', 'global-services', 'fault-resilience']) for (const s of byId(id).steps) progress = markPassed(progress, id, s.id);
	return lab ? moveLab(progress, lab) : progress;
}

describe('stepStanding: a pass against where the lab stands', () => {
	it('a pass the lab stands after is passed', () => {
		const progress = passedAll({lesson: 'fault-resilience'});
		for (const l of ['deploy-the-app', 'global-services', 'fault-resilience']) {
			byId(l).steps.forEach((_, i) => expect(stepStanding(lessons, progress, at(l, i)), `${l}/${i}`).toBe('passed'));
		}
	});

	it('a pass at or after the lab (rebuilt back to before it) is rewound, the record kept', () => {
		const progress = passedAll({lesson: 'global-services', step: 'annotate-koornacht'});
		expect(stepStanding(lessons, progress, at('deploy-the-app', 0))).toBe('passed');
		// The lab stands just before this step: what it did is gone.
		expect(stepStanding(lessons, progress, at('global-services', 0))).toBe('rewound');
		expect(stepStanding(lessons, progress, at('global-services', 2))).toBe('rewound');
		expect(stepStanding(lessons, progress, at('fault-resilience', 0))).toBe('rewound');
		expect(progress.lessons['global-services']?.passed).toContain('annotate-koornacht');
		expect(isSettled('rewound')).toBe(false);
	});

	it('an answered question and a read-only step stay passed: they say nothing about the lab', () => {
		const progress = passedAll({lesson: 'deploy-the-app', step: 'apply'});
		expect(passNeedsLab(byId('global-services').steps[1]!)).toBe(false);
		expect(stepStanding(lessons, progress, at('global-services', 1))).toBe('passed');
		expect(passNeedsLab(byId('deploy-the-app').steps[1]!)).toBe(false);
		expect(stepStanding(lessons, progress, at('deploy-the-app', 1))).toBe('passed');
		expect(passNeedsLab(byId('deploy-the-app').steps[0]!)).toBe(true);
		expect(stepStanding(lessons, progress, at('deploy-the-app', 0))).toBe('rewound');
	});

	it('progress that never recorded the lab (older files) keeps every pass', () => {
		const progress = passedAll();
		expect(stepStanding(lessons, progress, at('fault-resilience', 0))).toBe('passed');
		expect(lessonStanding(lessons, progress, byId('fault-resilience'))).toBe('done');
	});

	it('skipped and untouched steps, and a step id no lesson has', () => {
		const progress = markSkipped(emptyProgress('sim'), 'global-services', 'why');
		expect(stepStanding(lessons, progress, at('global-services', 1))).toBe('skipped');
		expect(stepStanding(lessons, progress, at('global-services', 0))).toBe('todo');
		expect(stepStanding(lessons, progress, at('global-services', 9))).toBe('todo');
		expect(stepStanding(lessons, progress, at('gone', 0))).toBe('todo');
	});

	it('catching the lab up past a rewound step makes its kept pass a pass again', () => {
		const rewound = passedAll({lesson: 'global-services', step: 'annotate-koornacht'});
		const caughtUp = moveLab(rewound, {lesson: 'global-services', step: 'why'});
		expect(stepStanding(lessons, caughtUp, at('global-services', 0))).toBe('passed');
		expect(stepStanding(lessons, caughtUp, at('global-services', 2))).toBe('rewound');
	});
});

describe('lessonStanding and resumeIn', () => {
	it('a lesson with a rewound pass is rewound (not done), and opens on that step', () => {
		const progress = passedAll({lesson: 'global-services', step: 'annotate-tion'});
		expect(lessonStanding(lessons, progress, byId('deploy-the-app'))).toBe('done');
		expect(lessonStanding(lessons, progress, byId('global-services'))).toBe('rewound');
		expect(lessonStanding(lessons, progress, byId('fault-resilience'))).toBe('rewound');
		expect(lessonStanding(lessons, progress, byId('ingress'))).toBe('new');
		expect(resumeIn(lessons, byId('global-services'), progress)).toEqual({position: at('global-services', 2), screen: 'step'});
		expect(resumeIn(lessons, byId('fault-resilience'), progress)).toEqual({position: at('fault-resilience', 0), screen: 'step'});
	});

	it('started and done as before', () => {
		const started = markPassed(emptyProgress('sim'), 'global-services', 'annotate-koornacht');
		expect(lessonStanding(lessons, moveLab(started, {lesson: 'global-services', step: 'why'}), byId('global-services'))).toBe('started');
		expect(lessonStanding(lessons, passedAll({lesson: 'fault-resilience'}), byId('global-services'))).toBe('done');
	});
});

describe('describeRewound', () => {
	it('says where the lab stands, counting only steps that change it', () => {
		const back = passedAll({lesson: 'deploy-the-app', step: 'apply'});
		expect(describeRewound(lessons, back, at('global-services', 2))).toBe(
			'You passed this step, then the lab was rebuilt back to the start of lesson 3: it no longer holds what this step did. Your pass stays in your record.',
		);
		// Only the question lies between the lab and this step: the lab is, in effect, just before it.
		const near = passedAll({lesson: 'global-services', step: 'why'});
		expect(describeRewound(lessons, near, at('global-services', 2))).toContain('rebuilt to just before it');
		const mid = passedAll({lesson: 'global-services', step: 'annotate-tion'});
		expect(describeRewound(lessons, mid, at('fault-resilience', 0))).toContain('rebuilt back to just before step 3 of lesson 4');
	});
});
