import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {coreLessons, loadCatalog} from '../../src/lessons/catalog.js';
import {replayItems} from '../../src/engine/curriculum.js';
import {loadProgress} from '../../src/state/progress-file.js';
import {initialState, lessonMark, reduce} from '../../src/tui/store/session-state.js';

/**
 * Progress stores positions as a lesson id and a step INDEX. A progress file written before the
 * lessons gained their "inside the mesh" steps must still put the learner on the same step, and
 * catch-up must still rebuild the lab from the same place. The fixture is such a file; next to
 * each stored index this test names the step id it meant when it was written.
 */
const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/progress-before-mesh-view.json', import.meta.url));

/** The steps as they were when the fixture was written, for the lessons that gained steps since. */
const STEPS_BEFORE: Readonly<Record<string, readonly string[]>> = {
	'mesh-the-clusters': ['enable', 'why-both-contexts', 'connect'],
	'global-vs-shared': ['unshare', 'koornacht-still-mixed', 'who-reaches-koornacht', 'reshare'],
	affinity: ['affinity-local', 'tion-still-mixed', 'local-down', 'local-back', 'affinity-remote', 'affinity-none'],
	'hubble-drops': ['break-again', 'one-agent', 'why-one-agent', 'every-agent', 'read-a-drop', 'which-checkpoint', 'restore'],
};

describe('progress saved before the mesh-view steps', () => {
	it('keeps every earlier step at its index: new steps only follow the old ones', async () => {
		const catalog = await loadCatalog(LESSONS);
		for (const [id, before] of Object.entries(STEPS_BEFORE)) {
			const lesson = catalog.lessons.find((l) => l.id === id);
			expect(lesson?.steps.slice(0, before.length).map((s) => s.id), id).toEqual(before);
		}
	});

	it('reopens on the same step and keeps finished lessons finished', async () => {
		const catalog = await loadCatalog(LESSONS);
		const progress = await loadProgress(FIXTURE, 'sim');
		const booted = reduce(initialState(progress), {type: 'booted', lessons: catalog.lessons, progress, backend: {kind: 'sim', label: 'SIMULATION', reason: 'test'}});
		expect(booted.position).toEqual({lesson: 'affinity', step: 5});
		const affinity = catalog.lessons.find((l) => l.id === 'affinity');
		expect(affinity?.steps[booted.position.step]?.id).toBe('affinity-none');
		for (const id of ['mesh-the-clusters', 'global-vs-shared']) {
			const lesson = catalog.lessons.find((l) => l.id === id);
			expect(lesson && lessonMark(progress, lesson), id).toBe('done');
		}
	});

	it('catches up from the stored lab position through the same steps as before', async () => {
		const catalog = await loadCatalog(LESSONS);
		const progress = await loadProgress(FIXTURE, 'sim');
		const from = progress.lab;
		expect(from).toBeDefined();
		// To the next core lesson: the rest of affinity (its old last step, then the new ones), nothing else.
		const next = coreLessons(catalog).find((l) => l.id === 'cross-cluster-policies');
		const items = replayItems(catalog.lessons, {lesson: next?.id ?? '', step: 0}, {from, simulator: true});
		const steps = [...new Set(items.map((i) => `${i.lesson} › ${i.step}`))];
		expect(steps[0]).toBe('affinity › affinity-none');
		expect(steps.every((s) => s.startsWith('affinity › '))).toBe(true);
		expect(steps).toContain('affinity › legacy-cleanup');
	});
});
