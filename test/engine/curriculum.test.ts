import {describe, expect, it} from 'vitest';
import type {LabStateSpec} from '../../src/lessons/model.js';
import {catchUpPlan, planSize, resetPlan, undoCommands} from '../../src/engine/curriculum.js';
import {fixtureLessons} from '../tui/fixtures.js';

const app = (k: Partial<{replicas: number; annotations: Record<string, string>; policies: string[]}>, t = {}): LabStateSpec => ({
	stage: 'app',
	encryption: false,
	workloads: {
		koornacht: {replicas: 2, annotations: {}, policies: [], ...k},
		tion: {replicas: 2, annotations: {}, policies: [], ...t},
	},
});

describe('lab plans', () => {
	const lessons = fixtureLessons();

	it('catches the simulator up from scratch: fresh lab, base stage, every earlier solution', () => {
		const plan = catchUpPlan(lessons, {lesson: 'global-services', step: 1}, {backend: 'sim', lab: {lesson: 'deploy-the-app', step: 0}, labEmpty: false});
		expect(plan).toMatchObject({wipe: true, buildBase: 'mesh', undo: []});
		expect(plan.items.map((i) => `${i.lesson}/${i.step}`)).toEqual(['deploy-the-app/apply', 'global-services/annotate-koornacht']);
		expect(planSize(plan)).toBe(3);
	});

	it('catches live clusters up only from where the lab is', () => {
		const plan = catchUpPlan(lessons, {lesson: 'fault-resilience', step: 0}, {backend: 'kind', lab: {lesson: 'global-services', step: 2}, labEmpty: false});
		expect(plan).toMatchObject({wipe: false, buildBase: undefined});
		expect(plan.items.map((i) => `${i.lesson}/${i.step}`)).toEqual(['global-services/annotate-tion']);
	});

	it('builds the base stage first when live clusters are missing', () => {
		const plan = catchUpPlan(lessons, {lesson: 'deploy-the-app', step: 1}, {backend: 'kind', lab: {lesson: 'deploy-the-app', step: 0}, labEmpty: true});
		expect(plan.buildBase).toBe('mesh');
	});

	it('resets live clusters by undoing what differs from the declared start, then replaying earlier lessons', () => {
		const global = {'service.cilium.io/global': 'true'};
		const lesson = {...lessons.find((l) => l.id === 'fault-resilience')!, starts: app({annotations: global}, {annotations: global})};
		const observed = app({replicas: 0, annotations: {'service.cilium.io/global': 'true', 'service.cilium.io/affinity': 'local'}, policies: ['default-deny']});
		const plan = resetPlan(lessons, lesson, {backend: 'kind', observed});
		expect(plan.undo.map((c) => `${c.target}: ${c.command}`)).toEqual([
			'koornacht: kubectl delete ciliumnetworkpolicy default-deny',
			'koornacht: kubectl annotate service rebel-base service.cilium.io/affinity-',
			'koornacht: kubectl scale deployment rebel-base --replicas=2',
			'tion: kubectl annotate service rebel-base service.cilium.io/global=true --overwrite',
		]);
		expect(plan.items.map((i) => i.step)).toEqual(['apply', 'annotate-koornacht', 'annotate-tion']);
	});

	it('undo sets declared annotation values and leaves matching state alone', () => {
		const declared = app({annotations: {'service.cilium.io/global': 'true'}});
		expect(undoCommands(declared, app({annotations: {'service.cilium.io/global': 'false'}}))).toEqual([
			{target: 'koornacht', command: 'kubectl annotate service rebel-base service.cilium.io/global=true --overwrite', line: 0},
		]);
		expect(undoCommands(declared, declared)).toEqual([]);
		expect(undoCommands({stage: 'mesh', encryption: false}, declared)).toEqual([]);
	});
});
