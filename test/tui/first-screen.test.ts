import {mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterEach, describe, expect, it} from 'vitest';
import {likelyLab, previewPosition, previewProgress, progressTimes} from '../../src/tui/first-lesson.js';
import {emptyProgress} from '../../src/state/progress.js';

const temps: string[] = [];
const tempDir = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cmt-first-screen-'));
	temps.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true});
});

describe('the lab the first frame follows (before the backend is chosen)', () => {
	it('is the one the learner named; attached clusters count for kind', () => {
		expect(likelyLab('sim', {kind: 5, attached: 9})).toBe('sim');
		expect(likelyLab('kind', {})).toBe('kind');
		expect(likelyLab('kind', {kind: 5, attached: 9})).toBe('attached');
		expect(likelyLab('kind', {sim: 99, kind: 5})).toBe('kind');
	});

	it('for auto, the lab used last, else the simulator', () => {
		expect(likelyLab('auto', {})).toBe('sim');
		expect(likelyLab('auto', {sim: 1, kind: 2})).toBe('kind');
		expect(likelyLab('auto', {sim: 3, kind: 2})).toBe('sim');
		expect(likelyLab('auto', {attached: 1})).toBe('attached');
	});

	it('reads when each progress file was written, leaving out the missing ones', async () => {
		const dir = tempDir();
		const file = (lab: string) => path.join(dir, `progress-${lab}.json`);
		writeFileSync(file('kind'), '{}');
		utimesSync(file('kind'), new Date(2_000_000), new Date(2_000_000));
		expect(await progressTimes(file)).toEqual({kind: 2_000_000});
	});
});

describe('the saved position, read without the validator', () => {
	it('takes a well-formed current position of the current schema', () => {
		expect(previewPosition(JSON.stringify({schema: 2, current: {lesson: 'global-services', step: 'curl', screen: 'step'}}))).toEqual({
			lesson: 'global-services',
			step: 'curl',
			screen: 'step',
		});
		expect(previewPosition(JSON.stringify({schema: 2, current: {lesson: 'wireguard', screen: 'intro'}}))).toEqual({lesson: 'wireguard', screen: 'intro'});
	});

	it('ignores anything else: the full, validated progress decides a moment later', () => {
		for (const text of ['', 'not json', 'null', '[]', '{"schema":1,"current":{"lesson":"a","step":0}}', '{"schema":2,"current":{"lesson":7,"screen":"step"}}', '{"schema":2,"current":{"lesson":"a","screen":"list"}}', '{"schema":2,"current":{"lesson":"a","step":3,"screen":"step"}}'])
			expect(previewPosition(text), text).toBeUndefined();
	});

	it('never throws, and returns only strings it was given', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
				const position = previewPosition(text);
				if (position) expect(typeof position.lesson).toBe('string');
			}),
			{numRuns: 500},
		);
	});

	it('as progress: the position on an empty record of the lab; a missing file is a first start', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'progress-sim.json');
		expect(await previewProgress(file, 'sim')).toMatchObject({...emptyProgress('sim'), updatedAt: expect.any(String)});
		writeFileSync(file, JSON.stringify({schema: 2, backend: 'sim', current: {lesson: 'failover', step: 'scale', screen: 'step'}, lessons: {failover: {passed: ['x']}}}));
		const progress = await previewProgress(file, 'sim');
		expect(progress.current).toEqual({lesson: 'failover', step: 'scale', screen: 'step'});
		expect(progress.lessons).toEqual({});
	});
});
