import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createSimBackend, fileSimStore} from '../../src/backends/sim/index.js';
import {evaluateCondition} from '../../src/checks/evaluate.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {labState, ROOT, SEED, seen, simLab} from './helpers.js';

/** Annotates rebel-base in one cluster (the lab targets that cluster's context). */
const annotate = (cluster: 'koornacht' | 'tion', ...pairs: string[]) => ({cluster, command: `kubectl annotate svc rebel-base --overwrite ${pairs.join(' ')}`});

describe('global and shared services (the docs flow chart)', () => {
	const cases: {name: string; setup: {cluster: 'koornacht' | 'tion'; command: string}[]; koornacht: string; tion: string}[] = [
		{name: 'neither side global', setup: [], koornacht: 'koornacht', tion: 'tion'},
		{name: 'only koornacht global', setup: [annotate('koornacht', 'service.cilium.io/global=true')], koornacht: 'koornacht', tion: 'tion'},
		{name: 'only tion global', setup: [annotate('tion', 'service.cilium.io/global=true')], koornacht: 'koornacht', tion: 'tion'},
		{
			name: 'both global and shared',
			setup: [annotate('koornacht', 'service.cilium.io/global=true'), annotate('tion', 'service.cilium.io/global=true')],
			koornacht: 'koornacht+tion',
			tion: 'koornacht+tion',
		},
		{
			name: 'both global, koornacht shared=false',
			setup: [annotate('koornacht', 'service.cilium.io/global=true', 'service.cilium.io/shared=false'), annotate('tion', 'service.cilium.io/global=true')],
			koornacht: 'koornacht+tion',
			tion: 'tion',
		},
		{
			name: 'shared=false on a non-global service is ignored',
			setup: [annotate('koornacht', 'service.cilium.io/shared=false'), annotate('tion', 'service.cilium.io/global=true')],
			koornacht: 'koornacht',
			tion: 'tion',
		},
		{
			name: 'old alias annotations',
			setup: [annotate('koornacht', 'io.cilium/global-service=true'), annotate('tion', 'io.cilium/global-service=True', 'io.cilium/shared-service=false')],
			koornacht: 'koornacht',
			tion: 'koornacht+tion',
		},
		{
			name: 'the new key wins over the alias',
			setup: [
				annotate('koornacht', 'service.cilium.io/global=true', 'io.cilium/global-service=false'),
				annotate('tion', 'service.cilium.io/global=TRUE', 'service.cilium.io/shared=true', 'io.cilium/shared-service=false'),
			],
			koornacht: 'koornacht+tion',
			tion: 'koornacht+tion',
		},
		{
			name: 'a value other than "true" is not global',
			setup: [annotate('koornacht', 'service.cilium.io/global=yes'), annotate('tion', 'service.cilium.io/global=true')],
			koornacht: 'koornacht',
			tion: 'tion',
		},
		{
			// Cilium lower-cases and compares with "true" (pkg/annotation/clustermesh.go), it does not use strconv.ParseBool.
			name: '"1" is not true: neither global nor, on a global service, shared',
			setup: [annotate('koornacht', 'service.cilium.io/global=1'), annotate('tion', 'service.cilium.io/global=TRUE', 'service.cilium.io/shared=1')],
			koornacht: 'koornacht',
			tion: 'tion',
		},
		{
			name: 'shared=False unshares as shared=false does',
			setup: [annotate('koornacht', 'service.cilium.io/global=True', 'service.cilium.io/shared=False'), annotate('tion', 'service.cilium.io/global=true')],
			koornacht: 'koornacht+tion',
			tion: 'tion',
		},
	];

	it.each(cases)('$name', async ({setup, koornacht, tion}) => {
		const lab = simLab(await labState());
		for (const step of setup) expect((await lab.run(step.command, step.cluster)).exitCode).toBe(0);
		expect(seen(await lab.probe('koornacht'))).toBe(koornacht);
		expect(seen(await lab.probe('tion'))).toBe(tion);
	});

	it('needs the mesh: without a connection, global services stay local', async () => {
		const lab = simLab(await labState());
		for (const c of ['koornacht', 'tion'] as const) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		expect((await lab.run('cilium clustermesh disconnect --context kind-koornacht --destination-context kind-tion', 'lab')).exitCode).toBe(0);
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht');
		expect(await lab.backend.observer.mesh('tion')).toEqual({enabled: true, connected: []});
	});
});

describe('service affinity', () => {
	const both = ['koornacht', 'tion'] as const;
	const cases: {affinity: string; koornachtReplicas: number; tionReplicas: number; expected: string}[] = [
		{affinity: 'local', koornachtReplicas: 2, tionReplicas: 2, expected: 'koornacht'},
		{affinity: 'local', koornachtReplicas: 0, tionReplicas: 2, expected: 'tion'},
		{affinity: 'remote', koornachtReplicas: 2, tionReplicas: 2, expected: 'tion'},
		{affinity: 'remote', koornachtReplicas: 2, tionReplicas: 0, expected: 'koornacht'},
		{affinity: 'none', koornachtReplicas: 2, tionReplicas: 2, expected: 'koornacht+tion'},
		{affinity: 'LOCAL', koornachtReplicas: 1, tionReplicas: 3, expected: 'koornacht'},
		{affinity: 'nonsense', koornachtReplicas: 2, tionReplicas: 2, expected: 'koornacht+tion'},
		{affinity: 'local', koornachtReplicas: 0, tionReplicas: 0, expected: 'error'},
	];

	it.each(cases)('affinity=$affinity with $koornachtReplicas local / $tionReplicas remote replicas → $expected', async ({affinity, koornachtReplicas, tionReplicas, expected}) => {
		const lab = simLab(await labState());
		for (const c of both) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		await lab.run(`kubectl annotate svc rebel-base service.cilium.io/affinity=${affinity}`, 'koornacht');
		await lab.run(`kubectl scale deploy rebel-base --replicas=${koornachtReplicas}`, 'koornacht');
		await lab.run(`kubectl scale deploy rebel-base --replicas=${tionReplicas}`, 'tion');
		expect(seen(await lab.probe('koornacht'))).toBe(expected);
		// Affinity is koornacht's annotation only: tion still spreads over whatever is there.
		if (koornachtReplicas > 0 && tionReplicas > 0) expect(seen(await lab.probe('tion'))).toBe('koornacht+tion');
	});

	it('lesson 7\'s first check passes on affinity=Local, as Cilium reads it, and says what it saw', async () => {
		const text = await readFile(path.join(ROOT, 'lessons/07-affinity.md'), 'utf8');
		const first = parseLesson(text, '07-affinity.md').lesson!.steps[0]!;
		const lab = simLab(await labState());
		for (const c of both) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		await lab.run('kubectl annotate service rebel-base service.cilium.io/affinity=Local --overwrite', 'koornacht');
		const results = await Promise.all(first.check.map((c) => evaluateCondition(c, lab.backend.observer)));
		expect(results.map((r) => r.pass)).toEqual([true, true]);
		expect(results[0]!.observed).toBe('service.cilium.io/affinity="Local" (Cilium reads "local")');
	});

	it('marks preferred backends in cilium-dbg service list --clustermesh-affinity', async () => {
		const lab = simLab(await labState());
		for (const c of both) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		await lab.run('kubectl annotate svc rebel-base service.cilium.io/affinity=local', 'koornacht');
		const r = await lab.run('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg service list --clustermesh-affinity');
		expect(r.exitCode).toBe(0);
		const rebel = r.stdout.split('\n').filter((l) => /=> 10\.[12]\./.test(l) && /:80\/TCP/.test(l));
		expect(rebel.filter((l) => l.includes('=> 10.1.') && l.endsWith('(preferred)'))).toHaveLength(2);
		expect(rebel.filter((l) => l.includes('=> 10.2.') && !l.includes('(preferred)'))).toHaveLength(2);
	});
});

describe('load spreading', () => {
	const dirs: string[] = [];
	afterEach(async () => {
		for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true});
	});

	async function globalLab() {
		const lab = simLab(await labState());
		for (const c of ['koornacht', 'tion'] as const) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		return lab;
	}

	it('is reproducible under a seed and advances between calls', async () => {
		const a = await globalLab();
		const b = await globalLab();
		const query = {...DEFAULT_PROBE, from: 'koornacht' as const, count: 20};
		const first = await a.backend.observer.probe(query);
		expect((await b.backend.observer.probe(query)).raw).toBe(first.raw);
		expect((await a.backend.observer.probe(query)).raw).not.toBe(first.raw);
		const {random} = await a.state();
		expect(random?.seed).toBe(SEED);
		expect(random?.state).not.toBe(SEED);
	});

	it('persists the PRNG through a file store, across store instances', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'sim-prng-'));
		dirs.push(dir);
		const file = path.join(dir, 'lab.json');
		const lab = await globalLab();
		const state = await lab.state();
		const reference = simLab(structuredClone(state));
		await fileSimStore(file).transact(() => ({state, result: null}));
		const query = {...DEFAULT_PROBE, from: 'koornacht' as const, count: 10};
		const open = () => createSimBackend({store: fileSimStore(file), root: ROOT, cwd: ROOT, now: () => new Date('2025-06-01T13:00:00Z')});
		const firstFile = await open().observer.probe(query);
		const secondFile = await open().observer.probe(query);
		expect(firstFile.raw).toBe((await reference.backend.observer.probe(query)).raw);
		expect(secondFile.raw).toBe((await reference.backend.observer.probe(query)).raw);
		expect(secondFile.raw).not.toBe(firstFile.raw);
	});

	it('picks backends uniformly: 400 requests over 4 backends split near 50/50 between clusters', async () => {
		const lab = await globalLab();
		const counts = await lab.probe('koornacht', {count: 400});
		expect(counts.koornacht + counts.tion).toBe(400);
		expect(counts.koornacht).toBeGreaterThan(160);
		expect(counts.tion).toBeGreaterThan(160);
	});
});
