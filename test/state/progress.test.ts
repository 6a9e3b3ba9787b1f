import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	clearLesson,
	emptyProgress,
	markPassed,
	markSkipped,
	moveTo,
	recordHint,
} from '../../src/state/progress.js';
import {loadProgress, saveProgress} from '../../src/state/progress-file.js';
import {statePaths, stateHome} from '../../src/state/paths.js';

const now = new Date('2026-11-21T10:00:00Z');

describe('progress', () => {
	it('records passes, skips and hints without duplicates', () => {
		let p = emptyProgress('sim', now);
		p = markSkipped(p, 'global-services', 'annotate-koornacht', now);
		p = markPassed(p, 'global-services', 'annotate-koornacht', now);
		p = markPassed(p, 'global-services', 'annotate-koornacht', now);
		p = recordHint(p, 'global-services', 'annotate-koornacht', 2, now);
		p = recordHint(p, 'global-services', 'annotate-koornacht', 1, now);
		expect(p.lessons['global-services']).toEqual({passed: ['annotate-koornacht'], skipped: [], hints: {'annotate-koornacht': 2}, solutions: []});
		expect(clearLesson(p, 'global-services', now).lessons['global-services']).toBeUndefined();
	});

	it('survives a save/load round trip and starts empty when there is no file', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-progress-'));
		const file = path.join(dir, 'nested', 'progress-sim.json');
		expect(await loadProgress(file, 'sim')).toMatchObject({schema: 2, backend: 'sim', lessons: {}});
		const p = moveTo(markPassed(emptyProgress('sim', now), 'deploy-the-app', 'apply', now), {lesson: 'deploy-the-app', step: 'look', screen: 'step'}, now);
		await saveProgress(file, p);
		expect(await loadProgress(file, 'sim')).toEqual(p);
	});

	it('attached clusters keep progress of their own, apart from the kind lab\'s', async () => {
		const paths = statePaths(mkdtempSync(path.join(tmpdir(), 'cmt-progress-')));
		expect(path.basename(paths.progress('attached'))).toBe('progress-attached.json');
		const attached = markPassed(emptyProgress('attached', now), 'global-services', 'annotate-koornacht', now);
		await saveProgress(paths.progress('attached'), attached);
		expect(await loadProgress(paths.progress('attached'), 'attached')).toEqual(attached);
		expect(await loadProgress(paths.progress('kind'), 'kind')).toMatchObject({backend: 'kind', lessons: {}});
	});

	it('refuses a corrupt file with its name instead of overwriting it', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-progress-'));
		const file = path.join(dir, 'progress-kind.json');
		writeFileSync(file, '{"schema": 1, "backend": "kind", "lessons": {"x": {"passed": 3}}');
		await expect(loadProgress(file, 'kind')).rejects.toThrow(file);
		writeFileSync(file, '{"schema": 3}');
		await expect(loadProgress(file, 'kind')).rejects.toThrow(/progress-kind\.json: unexpected content at schema/);
		expect(readFileSync(file, 'utf8')).toBe('{"schema": 3}');
	});
});

describe('state paths', () => {
	it('uses CLUSTERMESH_TUTOR_HOME, else XDG_STATE_HOME', () => {
		expect(stateHome({CLUSTERMESH_TUTOR_HOME: '/tmp/cmt'})).toBe('/tmp/cmt');
		expect(stateHome({XDG_STATE_HOME: '/x/state'})).toBe('/x/state/clustermesh-tutor');
		const p = statePaths('/h');
		expect([p.progress('sim'), p.progress('kind'), p.simState, p.kubeconfig('tion'), p.labKubeconfig]).toEqual([
			'/h/progress-sim.json',
			'/h/progress-kind.json',
			'/h/sim/lab.json',
			'/h/kube/tion.yaml',
			'/h/kube/lab.yaml',
		]);
	});
});
