import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {emptySimState, fileSimStore, memorySimStore} from '../../src/backends/sim/index.js';
import {SIM_SCHEMA_VERSION} from '../../src/backends/sim/state.js';

describe('fileSimStore', () => {
	let dir: string;
	let file: string;
	beforeEach(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'sim-store-'));
		file = path.join(dir, 'sim', 'lab.json');
	});
	afterEach(() => rm(dir, {recursive: true, force: true}));

	it('starts empty, writes atomically and persists across store instances', async () => {
		const first = fileSimStore(file);
		expect((await first.read()).clusters).toEqual({});
		await first.transact((state) => ({state: {...state, random: {seed: 7, state: 9}}, result: undefined}));
		expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({schema: SIM_SCHEMA_VERSION, random: {seed: 7, state: 9}});
		expect(await readdir(path.dirname(file))).toEqual(['lab.json']);
		expect((await fileSimStore(file).read()).random).toEqual({seed: 7, state: 9});
	});

	it('does not write when a transaction returns no state', async () => {
		await fileSimStore(file).transact(() => ({result: 1}));
		await expect(readFile(file, 'utf8')).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('refuses a corrupt file, naming it, and leaves it alone', async () => {
		const store = fileSimStore(file);
		await store.transact((s) => ({state: s, result: null}));
		await writeFile(file, '{"schema": 1, "random": nul');
		await expect(store.read()).rejects.toThrow(file);
		await expect(store.transact((s) => ({state: s, result: null}))).rejects.toThrow(/not valid JSON/);
		expect(await readFile(file, 'utf8')).toBe('{"schema": 1, "random": nul');
	});

	it('refuses a file of another schema version', async () => {
		await fileSimStore(file).transact((s) => ({state: s, result: null}));
		await writeFile(file, JSON.stringify({schema: 99, random: null, clusters: {}}));
		await expect(fileSimStore(file).read()).rejects.toThrow(/unexpected content at schema/);
	});

	it('loses no update when two store instances transact concurrently', async () => {
		const a = fileSimStore(file);
		const b = fileSimStore(file);
		const bump = (store: typeof a) =>
			store.transact((state) => {
				const n = (state.random?.state ?? 0) + 1;
				return {state: {...state, random: {seed: 0, state: n}}, result: n};
			});
		await Promise.all(Array.from({length: 10}, (_, i) => bump(i % 2 === 0 ? a : b)));
		expect((await a.read()).random?.state).toBe(10);
	});

	it('reset removes the lab', async () => {
		const store = fileSimStore(file);
		await store.transact((s) => ({state: {...s, random: {seed: 1, state: 1}}, result: null}));
		await store.reset();
		expect((await store.read()).random).toBeNull();
	});
});

describe('memorySimStore', () => {
	it('hands out copies, so callers cannot change the lab behind its back', async () => {
		const store = memorySimStore(emptySimState(5));
		const read = await store.read();
		read.clusters.x = {} as never;
		expect((await store.read()).clusters).toEqual({});
		expect((await store.read()).random).toEqual({seed: 5, state: 5});
	});
});
