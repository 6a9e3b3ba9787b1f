import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {coreLessons, loadCatalog} from '../../src/lessons/catalog.js';
import {labPosition, positionOf, replayItems} from '../../src/engine/curriculum.js';
import {loadProgress, migrateV1Position} from '../../src/state/progress-file.js';
import {V1_STEP_IDS} from '../../src/state/progress-v1-steps.js';
import {initialState, lessonMark, reduce} from '../../src/tui/store/session-state.js';

/**
 * Progress schema 1 stored positions as a lesson id and a step INDEX; lessons have since gained
 * question steps placed before older steps, so an old index names another step today. Schema 2
 * stores step ids and migrates schema 1 files through the frozen table of each lesson's steps as
 * they were then. The fixture is such a file, written before the insertions: it stands on
 * affinity's sixth step ("affinity-none") with the lab there too.
 */
const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/progress-before-mesh-view.json', import.meta.url));
const backend = {kind: 'sim', label: 'SIMULATION', reason: 'test'} as const;

describe('progress saved with step indexes (schema 1)', () => {
	it('the frozen table names steps the lessons of today still have (one was removed since: it opens its lesson at the start)', async () => {
		const catalog = await loadCatalog(LESSONS);
		const gone: string[] = [];
		for (const [id, before] of Object.entries(V1_STEP_IDS)) {
			const lesson = catalog.lessons.find((l) => l.id === id);
			expect(lesson, id).toBeDefined();
			const today = lesson?.steps.map((s) => s.id) ?? [];
			gone.push(...before.filter((step) => !today.includes(step)).map((step) => `${id} › ${step}`));
		}
		expect(gone).toEqual(['l7-policy › affinity-local']);
		expect(positionOf(catalog.lessons, {lesson: 'l7-policy', step: 'affinity-local'})).toEqual({lesson: 'l7-policy', step: 0});
	});

	it('maps an index to the step it meant, and past the last step to the lesson end', () => {
		expect(migrateV1Position({lesson: 'affinity', step: 5})).toEqual({lesson: 'affinity', step: 'affinity-none'});
		expect(migrateV1Position({lesson: 'global-services', step: 0})).toEqual({lesson: 'global-services', step: 'annotate-koornacht'});
		expect(migrateV1Position({lesson: 'affinity', step: 6})).toEqual({lesson: 'affinity'});
	});

	it('reopens on the same step id and keeps finished lessons finished', async () => {
		const catalog = await loadCatalog(LESSONS);
		const progress = await loadProgress(FIXTURE, 'sim');
		expect(progress.schema).toBe(2);
		expect(progress.current).toEqual({lesson: 'affinity', step: 'affinity-none', screen: 'step'});
		const booted = reduce(initialState(progress), {type: 'booted', lessons: catalog.lessons, progress, backend});
		const affinity = catalog.lessons.find((l) => l.id === 'affinity');
		expect(booted.screen).toBe('step');
		expect(affinity?.steps[booted.position.step]?.id).toBe('affinity-none');
		// The index moved: a question step now comes earlier in the lesson.
		expect(booted.position.step).not.toBe(5);
		for (const id of ['mesh-the-clusters', 'global-vs-shared']) {
			const lesson = catalog.lessons.find((l) => l.id === id);
			expect(lesson && lessonMark({lessons: catalog.lessons, progress}, lesson), id).toBe('done');
		}
		expect(progress.lessons['hubble-drops']?.passed).toEqual(['break-again', 'one-agent', 'why-one-agent']);
	});

	it('catches up from the stored lab position through the right steps', async () => {
		const catalog = await loadCatalog(LESSONS);
		const progress = await loadProgress(FIXTURE, 'sim');
		const from = labPosition(catalog.lessons, progress);
		const affinity = catalog.lessons.find((l) => l.id === 'affinity');
		expect(from && affinity?.steps[from.step]?.id).toBe('affinity-none');
		// To the next core lesson: affinity from its old last step on (then the steps after it), nothing else.
		const next = coreLessons(catalog).find((l) => l.id === 'cross-cluster-policies');
		const items = replayItems(catalog.lessons, {lesson: next?.id ?? '', step: 0}, {from, simulator: true});
		const steps = [...new Set(items.map((i) => `${i.lesson} › ${i.step}`))];
		expect(steps[0]).toBe('affinity › affinity-none');
		expect(steps.every((s) => s.startsWith('affinity › '))).toBe(true);
		const expected = (affinity?.steps.slice(from?.step) ?? []).filter((s) => s.solution.length > 0 && !s.liveOnly).map((s) => `affinity › ${s.id}`);
		expect(steps).toEqual(expected);
	});

	it('a schema 2 file keeps its step ids as they are', async () => {
		const catalog = await loadCatalog(LESSONS);
		const progress = await loadProgress(FIXTURE, 'sim');
		const booted = reduce(initialState(progress), {type: 'booted', lessons: catalog.lessons, progress, backend});
		const reopened = reduce(booted, {type: 'open', position: booted.position, screen: 'step'});
		expect(reopened.progress.current).toEqual({lesson: 'affinity', step: 'affinity-none', screen: 'step'});
	});
});
