import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createSimBackend, emptySimState, memorySimStore, simSnapshots} from '../../src/backends/sim/index.js';
import {DEFAULT_PROBE, type CheckCondition} from '../../src/checks/spec.js';
import {virtualClock} from '../../src/core/clock.js';
import {proveLessons} from '../../src/engine/author-test.js';
import type {LessonCommand} from '../../src/lessons/model.js';
import {lesson, step} from '../helpers/lessons.js';

const root = path.resolve(import.meta.dirname, '../..');
const annotate = (target: LessonCommand['target']): LessonCommand => ({
	target,
	command: 'kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
	line: 1,
});
const mixedFromKoornacht: CheckCondition = {type: 'probe', query: {...DEFAULT_PROBE, from: 'koornacht'}, expect: {kind: 'mixed'}};
const globalInKoornacht: CheckCondition = {
	type: 'service',
	cluster: 'koornacht',
	namespace: 'default',
	name: 'rebel-base',
	expect: {annotations: {'service.cilium.io/global': 'true'}},
};

async function prove(steps: Parameters<typeof lesson>[2]) {
	const store = memorySimStore(emptySimState(42));
	const backend = createSimBackend({store, root, cwd: root});
	const fixture = lesson(1, 'fixture', steps);
	return proveLessons([fixture], [fixture], {backend, lab: simSnapshots(store), clock: virtualClock()});
}

describe('author harness', () => {
	it('proves a sound check: fails before, passes after, rejects the declared wrong answer', async () => {
		const report = await prove([
			step('global', [], {
				commands: [annotate('both')],
				solution: [annotate('both')],
				check: [mixedFromKoornacht],
				wrong: [{label: 'only koornacht', commands: [annotate('koornacht')], line: 1}],
			}),
		]);
		expect(report.gaps).toBe(0);
		expect(report.proofs[0]).toMatchObject({failsBefore: 'proved', passesAfter: 'proved', rejectsWrong: 'proved', wrongTried: 1});
	});

	it('finds a check that accepts a declared wrong answer', async () => {
		const report = await prove([
			step('global', [], {
				commands: [annotate('koornacht')],
				solution: [annotate('koornacht')],
				check: [globalInKoornacht],
				wrong: [{label: 'annotate both (too much)', commands: [annotate('both')], line: 1}],
			}),
		]);
		expect(report.gaps).toBe(1);
		expect(report.proofs[0]?.rejectsWrong).toBe('gap');
		expect(report.proofs[0]?.notes.join('\n')).toContain('was accepted');
	});

	it('finds a check that already passes before a state-changing step', async () => {
		const report = await prove([
			step('scale', [], {
				commands: [{target: 'tion', command: 'kubectl scale deployment rebel-base --replicas=1', line: 1}],
				solution: [],
				check: [{type: 'probe', query: {...DEFAULT_PROBE, from: 'koornacht'}, expect: {kind: 'only', cluster: 'koornacht'}}],
				wrong: [{label: 'nothing', commands: [], line: 1}],
			}),
		]);
		expect(report.proofs[0]?.failsBefore).toBe('gap');
		expect(report.proofs[0]?.notes.join('\n')).toContain('already passed before');
	});

	it('finds a step whose own commands do not make its check pass, and a missing wrong answer', async () => {
		const report = await prove([
			step('global', [], {commands: [annotate('koornacht')], solution: [annotate('koornacht')], check: [mixedFromKoornacht]}),
		]);
		expect(report.proofs[0]).toMatchObject({passesAfter: 'gap', rejectsWrong: 'gap'});
		expect(report.proofs[0]?.notes).toContain('no wrong answer declared next to the check');
	});

	it('marks observe-only steps n/a for fails-before and wrong answers', async () => {
		const report = await prove([
			step('look', [], {
				commands: [{target: 'koornacht', command: "kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 3); do curl -sS --max-time 2 rebel-base; echo; done'", line: 1}],
				check: [{type: 'probe', query: {...DEFAULT_PROBE, from: 'koornacht'}, expect: {kind: 'only', cluster: 'koornacht'}}],
			}),
		]);
		expect(report.proofs[0]).toMatchObject({failsBefore: 'n/a', passesAfter: 'proved', rejectsWrong: 'n/a'});
		expect(report.gaps).toBe(0);
	});
});
