import {describe, expect, it} from 'vitest';
import {courseSummary} from '../../src/engine/course-summary.js';
import type {Lesson} from '../../src/lessons/model.js';
import {emptyProgress, markPassed, markSkipped, recordHint, recordSolution, type Progress} from '../../src/state/progress.js';
import type {LabKind} from '../../src/core/backend-kind.js';
import {fixtureLessons} from '../tui/fixtures.js';

/** The fixture with its last check live-only (as lesson 12's WireGuard steps are on the simulator). */
const withLiveOnly = (): Lesson[] =>
	fixtureLessons().map((l) => (l.id !== 'global-services' ? l : {...l, steps: l.steps.map((s) => (s.id === 'annotate-tion' ? {...s, liveOnly: 'needs a kernel'} : s))}));

const pass = (kind: LabKind, ...ids: string[]): Progress => ids.reduce((p, id) => markPassed(p, 'global-services', id), emptyProgress(kind));

describe('courseSummary', () => {
	it('complete when every check and question passed', () => {
		const summary = courseSummary(fixtureLessons(), pass('sim', 'annotate-koornacht', 'why', 'annotate-tion'));
		expect(summary).toMatchObject({checksPassed: 3, checks: 3, skipped: 0, notOnThisLab: 0, unfinished: [], complete: true});
		expect(summary.advanced.map((l) => l.id)).toEqual(['ingress']);
	});

	it('a live-only check on the simulator is left out for the lab’s reason: still complete', () => {
		const summary = courseSummary(withLiveOnly(), pass('sim', 'annotate-koornacht', 'why'));
		expect(summary).toMatchObject({checksPassed: 2, checks: 3, notOnThisLab: 1, complete: true});
	});

	it('the same check on live clusters is open: not complete, and the lesson is named', () => {
		const summary = courseSummary(withLiveOnly(), pass('kind', 'annotate-koornacht', 'why'));
		expect(summary.complete).toBe(false);
		expect(summary.notOnThisLab).toBe(0);
		expect(summary.unfinished.map((u) => ({id: u.lesson.id, open: u.open, skipped: u.skipped}))).toEqual([{id: 'global-services', open: 1, skipped: 0}]);
	});

	it('a check the learner skipped leaves its lesson unfinished, counted as skipped', () => {
		const progress = markSkipped(pass('sim', 'annotate-koornacht', 'annotate-tion'), 'global-services', 'why');
		const summary = courseSummary(fixtureLessons(), progress);
		expect(summary).toMatchObject({checksPassed: 2, skipped: 1, complete: false});
		expect(summary.unfinished.map((u) => [u.lesson.id, u.open, u.skipped])).toEqual([['global-services', 1, 1]]);
	});

	it('counts every hint rung shown and every solution shown', () => {
		let progress = recordHint(pass('sim'), 'global-services', 'annotate-koornacht', 2);
		progress = recordHint(progress, 'global-services', 'annotate-tion', 1);
		progress = recordSolution(progress, 'global-services', 'annotate-tion');
		expect(courseSummary(fixtureLessons(), progress)).toMatchObject({hintsShown: 3, solutionsShown: 1});
	});

	it('on attached clusters, lessons that need the tutorial’s own lab are not part of the course', () => {
		const lessons = fixtureLessons().map((l) => (l.id === 'global-services' ? {...l, ownLab: 'meshes the clusters'} : l));
		const summary = courseSummary(lessons, emptyProgress('attached'));
		expect(summary).toMatchObject({checks: 0, complete: true});
		expect(courseSummary(lessons, emptyProgress('sim')).complete).toBe(false);
	});
});
