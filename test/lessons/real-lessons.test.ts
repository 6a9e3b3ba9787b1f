import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {coreLessons, findLesson, loadCatalog, packageExists, parseLesson, readLessonSources} from '../../src/lessons/catalog.js';
import {lintLessons} from '../../src/lessons/lint.js';
import {formatProblem} from '../../src/lessons/problems.js';

const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));

/** The one request loop every lesson uses, so learners recognise it. */
const REQUEST_LOOP =
	"kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'";
/** Its status-code form for the L7 lesson, which judges replies by HTTP status (GET and POST). */
const STATUS_LOOPS = ['', '-X POST '].map(
	(method) => `kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS -o /dev/null -w "%{http_code}\\n" --max-time 2 ${method}rebel-base; done'`,
);

describe('the lessons folder', () => {
	it('lints clean', async () => {
		const sources = await readLessonSources(LESSONS);
		const problems = lintLessons(
			sources.map((s) => parseLesson(s.text, s.file)),
			packageExists(LESSONS),
		);
		expect(problems.map(formatProblem)).toEqual([]);
	});

	it('loads as a catalog in order, with lookups by number and id', async () => {
		const catalog = await loadCatalog(LESSONS);
		const orders = catalog.lessons.map((l) => l.order);
		expect(orders).toEqual([...orders].sort((a, b) => a - b));
		expect(coreLessons(catalog).every((l) => !l.optional)).toBe(true);
		expect(findLesson(catalog, '04')?.id).toBe('global-services');
		expect(findLesson(catalog, '4')?.id).toBe('global-services');
		expect(findLesson(catalog, 'global-services')?.order).toBe(4);
		expect(findLesson(catalog, 'nope')).toBeUndefined();
	});

	it('uses the canonical request loop for every request loop', async () => {
		const catalog = await loadCatalog(LESSONS);
		const loops = catalog.lessons
			.flatMap((l) => l.steps.flatMap((s) => s.commands))
			.filter((c) => c.command.includes('deploy/x-wing') && /\bfor i in\b/.test(c.command));
		expect(loops.length).toBeGreaterThan(0);
		for (const loop of loops) expect([REQUEST_LOOP, ...STATUS_LOOPS]).toContain(loop.command);
	});

	it('chains lessons 3 to 8 from the meshed lab to the policy lesson', async () => {
		const catalog = await loadCatalog(LESSONS);
		const ids = ['deploy-the-app', 'global-services', 'fault-resilience', 'global-vs-shared', 'affinity', 'cross-cluster-policies'];
		const lessons = ids.map((id) => findLesson(catalog, id));
		expect(lessons.map((l) => l?.order)).toEqual([3, 4, 5, 6, 7, 8]);
		expect(lessons[0]?.starts).toEqual({stage: 'mesh', encryption: false});
		expect(lessons[5]?.leaves.workloads).toEqual({
			koornacht: {
				replicas: 2,
				annotations: {'service.cilium.io/global': 'true'},
				policies: ['default-deny', 'rebel-base-from-x-wing', 'x-wing-to-rebel-base'],
			},
			tion: {replicas: 2, annotations: {'service.cilium.io/global': 'true'}, policies: ['default-deny', 'rebel-base-from-x-wing']},
		});
	});

	it('gives every checked step a hint ladder of two or three rungs', async () => {
		const catalog = await loadCatalog(LESSONS);
		const ours = catalog.lessons.filter((l) => l.order >= 3 && l.order <= 8);
		for (const step of ours.flatMap((l) => l.steps.filter((s) => s.check.length > 0))) {
			expect(step.hints.length, step.id).toBeGreaterThanOrEqual(2);
			expect(step.hints.length, step.id).toBeLessThanOrEqual(3);
		}
	});

	it('checks the resulting state, not only replies, after every change a learner makes', async () => {
		const catalog = await loadCatalog(LESSONS);
		const ours = catalog.lessons.filter((l) => l.order >= 3 && l.order <= 8);
		const changes = /^kubectl (apply|annotate|scale)\b/;
		for (const step of ours.flatMap((l) => l.steps)) {
			if (step.check.length === 0 || !step.commands.some((c) => changes.test(c.command))) continue;
			expect(step.check.some((c) => c.type !== 'probe'), step.id).toBe(true);
		}
	});
});
