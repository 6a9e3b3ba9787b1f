import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createSimBackend, emptySimState, memorySimStore, simSnapshots} from '../../src/backends/sim/index.js';
import {virtualClock} from '../../src/core/clock.js';
import {proveLessons} from '../../src/engine/author-test.js';
import {verifyLessons} from '../../src/engine/verify.js';
import {loadCatalog} from '../../src/lessons/catalog.js';

const root = path.resolve(import.meta.dirname, '../..');

function freshSim(seed: number) {
	const store = memorySimStore(emptySimState(seed));
	return {store, backend: createSimBackend({store, root, cwd: root})};
}

describe('the whole curriculum on the simulator', () => {
	it('verify passes lessons 0 to 13 in order from a fresh lab; only live-only steps are skipped, with their reason', async () => {
		const {lessons} = await loadCatalog(path.join(root, 'lessons'));
		const report = await verifyLessons(lessons, freshSim(2024).backend, {lessons: [], clock: virtualClock()});
		const failures = report.steps.filter((s) => s.verdict === 'fail');
		expect(failures).toEqual([]);
		expect(new Set(report.steps.map((s) => s.lesson)).size).toBe(14);
		const liveOnly = lessons.filter((l) => !l.optional).flatMap((l) => l.steps.filter((s) => s.liveOnly).map((s) => `${l.id}/${s.id}`));
		expect(report.steps.filter((s) => s.verdict === 'skip').map((s) => `${s.lesson}/${s.step}`)).toEqual(liveOnly);
		for (const skipped of report.steps.filter((s) => s.verdict === 'skip')) expect(skipped.reason).toMatch(/^live only: .{10,}/);
	});

	it('advanced lessons run on live clusters only: verify skips every step that runs commands, with its reason', async () => {
		const {lessons} = await loadCatalog(path.join(root, 'lessons'));
		const advanced = lessons.filter((l) => l.optional);
		expect(advanced.length).toBeGreaterThanOrEqual(2);
		const steps = advanced.flatMap((l) => l.steps);
		// Questions and reading steps run no command, so they need no lab and pass anywhere.
		const offline = steps.filter((s) => s.quiz || (s.commands.length === 0 && s.check.length === 0));
		expect(steps.filter((s) => !offline.includes(s)).every((s) => s.liveOnly)).toBe(true);
		const report = await verifyLessons(lessons, freshSim(7).backend, {lessons: advanced.map((l) => l.id), clock: virtualClock()});
		expect(report.failed).toBe(0);
		expect(report.passed).toBe(offline.length);
		expect(report.skipped).toBe(steps.length - offline.length);
	});

	it('the author harness proves every check: fails before, passes after, rejects the declared wrong answers', async () => {
		const {lessons} = await loadCatalog(path.join(root, 'lessons'));
		const {store, backend} = freshSim(1977);
		const report = await proveLessons(lessons, lessons, {backend, lab: simSnapshots(store), clock: virtualClock()});
		const gaps = report.proofs.filter((p) => [p.failsBefore, p.passesAfter, p.rejectsWrong].includes('gap'));
		expect(gaps).toEqual([]);
		const stateChanging = report.proofs.filter((p) => p.failsBefore === 'proved');
		expect(stateChanging.length).toBeGreaterThan(30);
		for (const proof of stateChanging) expect(proof.rejectsWrong, `${proof.lesson}/${proof.step}`).toBe('proved');
	});
});
