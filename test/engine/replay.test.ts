import {describe, expect, it} from 'vitest';
import {baseStage, replayItems, resumePoint} from '../../src/engine/curriculum.js';
import {selectLessons} from '../../src/engine/verify.js';
import {lesson, stage, step} from '../helpers/lessons.js';

const catalog = [
	lesson(4, 'global', [step('a', ['annotate k']), step('b', ['annotate t'])]),
	lesson(3, 'app', [step('apply', ['apply app']), step('look', [])], {starts: stage('mesh')}),
	lesson(5, 'failover', [step('scale', ['scale 0']), step('back', ['scale 2'])]),
	lesson(9, 'ingress', [step('x', ['helm install'])], {optional: true}),
	lesson(6, 'shared', [
		step('doctor', ['doctor'], {liveOnly: 'needs Docker', check: [{type: 'clusters', expect: {exist: ['koornacht']}}]}),
		step('demo', ['connectivity test'], {liveOnly: 'an optional demonstration'}),
		step('s', ['annotate shared']),
	]),
];

const commands = (items: ReturnType<typeof replayItems>) => items.map((i) => `${i.lesson}/${i.step}: ${i.command.command}`);

describe('replayItems', () => {
	it('replays every earlier core lesson, then the target lesson up to the step', () => {
		expect(commands(replayItems(catalog, {lesson: 'failover', step: 1}, {simulator: true}))).toEqual([
			'app/apply: apply app',
			'global/a: annotate k',
			'global/b: annotate t',
			'failover/scale: scale 0',
		]);
	});

	it('starts after the lesson the lab already finished', () => {
		expect(commands(replayItems(catalog, {lesson: 'shared', step: 0}, {from: {lesson: 'global', step: 2}, simulator: true}))).toEqual([
			'failover/scale: scale 0',
			'failover/back: scale 2',
		]);
	});

	it('leaves optional lessons out of the chain, live-only steps out on the simulator and live-only demonstrations out everywhere', () => {
		const target = {lesson: 'ingress', step: 0};
		const from = {lesson: 'failover', step: 2};
		expect(commands(replayItems(catalog, target, {from, simulator: true}))).toEqual(['shared/s: annotate shared']);
		expect(commands(replayItems(catalog, target, {from, simulator: false}))).toEqual([
			'shared/doctor: doctor',
			'shared/s: annotate shared',
		]);
	});

	it('knows the base stage a fresh lab must be built to', () => {
		expect(baseStage(catalog)).toBe('mesh');
		expect(baseStage([])).toBe('none');
	});

	it('catches up from the middle of a lesson, within it or across lessons', () => {
		expect(commands(replayItems(catalog, {lesson: 'global', step: 2}, {from: {lesson: 'global', step: 1}, simulator: true}))).toEqual([
			'global/b: annotate t',
		]);
		expect(commands(replayItems(catalog, {lesson: 'failover', step: 1}, {from: {lesson: 'global', step: 1}, simulator: true}))).toEqual([
			'global/b: annotate t',
			'failover/scale: scale 0',
		]);
	});

	it('rejects an unknown lesson', () => {
		expect(() => replayItems(catalog, {lesson: 'nope', step: 0}, {simulator: true})).toThrow('no lesson "nope"');
	});
});

describe('selectLessons', () => {
	it('defaults to the core lessons in order; explicit ids may include optional ones', () => {
		expect(selectLessons(catalog, []).map((l) => l.order)).toEqual([3, 4, 5, 6]);
		expect(selectLessons(catalog, ['ingress', 'app']).map((l) => l.id)).toEqual(['app', 'ingress']);
	});
});

describe('resumePoint', () => {
	const chain = [
		lesson(0, 'welcome', [], {starts: stage('none'), leaves: stage('none')}),
		lesson(1, 'build', [step('a'), step('b')], {starts: stage('none'), leaves: stage('cilium')}),
		lesson(2, 'mesh', [step('c')], {starts: stage('cilium'), leaves: stage('mesh')}),
		lesson(3, 'app', [step('d'), step('e')], {starts: stage('mesh'), leaves: stage('app')}),
		lesson(4, 'global', [step('f')], {starts: stage('app'), leaves: stage('app')}),
		lesson(5, 'extra', [step('g')], {optional: true, starts: stage('app'), leaves: stage('app')}),
		lesson(6, 'clean-up', [step('h', ['kind delete cluster --name koornacht'])], {starts: stage('app'), leaves: stage('none')}),
		lesson(7, 'advanced', [step('i')], {optional: true, starts: stage('app'), leaves: stage('app')}),
	];
	const at = (id: string) => chain.find((l) => l.id === id)!;

	it('resumes after the latest core lesson whose end state the lab is in', () => {
		expect(resumePoint(chain, at('global'), stage('mesh'))).toEqual({lesson: 'mesh', step: 1});
		expect(resumePoint(chain, at('extra'), stage('app'))).toEqual({lesson: 'global', step: 1});
		expect(resumePoint(chain, at('app'), stage('none'))).toEqual({lesson: 'welcome', step: 0});
	});

	it('an optional lesson hangs off the chain where its start state is reached, never after a later lesson', () => {
		expect(resumePoint(chain, at('advanced'), stage('none'))).toEqual({lesson: 'welcome', step: 0});
		const items = replayItems(chain, {lesson: 'advanced', step: 0}, {simulator: true});
		expect(items.map((i) => i.lesson)).not.toContain('clean-up');
		expect(replayItems(chain, {lesson: 'advanced', step: 0}, {from: {lesson: 'global', step: 1}, simulator: true})).toEqual([]);
	});

	it('finds no point for a lab in a state no earlier lesson leaves', () => {
		const drifted = {stage: 'app' as const, encryption: true};
		expect(resumePoint(chain, at('global'), drifted)).toBeUndefined();
		expect(resumePoint(chain, at('welcome'), stage('none'))).toBeUndefined();
	});
});
