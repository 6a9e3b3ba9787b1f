import {mkdir, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import {z} from 'zod';
import {readJsonFile, writeJsonAtomic} from '../../state/json-file.js';
import {copyState, emptySimState, SIM_SCHEMA_VERSION, type SimState} from './state.js';

/**
 * Where the simulated lab lives between commands (and between CLI invocations). The store never
 * shares state with its callers: it hands out private copies and keeps copies of what it is given.
 */
export interface SimStore {
	/** Runs `fn` on (a copy of) the current state under a lock; a returned `state` replaces it. */
	transact<T>(fn: (state: SimState) => {state?: SimState; result: T}): Promise<T>;
	/** A private copy of the current state. */
	read(): Promise<SimState>;
	reset(): Promise<void>;
}

/** In-process store for tests; transactions run one after another on private copies. */
export function memorySimStore(initial: SimState = emptySimState()): SimStore {
	let current = structuredClone(initial);
	let queue: Promise<unknown> = Promise.resolve();
	const serialize = <T>(work: () => T): Promise<T> => {
		const next = queue.then(work);
		queue = next.catch(() => undefined);
		return next;
	};
	return {
		transact: (fn) =>
			serialize(() => {
				const {state, result} = fn(copyState(current));
				if (state) current = copyState(state);
				return result;
			}),
		read: () => serialize(() => copyState(current)),
		reset: () =>
			serialize(() => {
				current = emptySimState();
			}),
	};
}

/** Only the envelope is checked here; the clusters are the simulator's own output. */
const stateSchema = z
	.object({
		schema: z.literal(SIM_SCHEMA_VERSION),
		random: z.object({seed: z.number(), state: z.number()}).nullable(),
		clusters: z.record(z.string(), z.object({name: z.string(), objects: z.array(z.unknown())}).loose()),
	})
	.loose();

/**
 * JSON-file store: read-modify-write under a cross-process lock, written atomically. A missing
 * file is an empty lab; a corrupt or foreign-version file is an error naming it.
 */
export function fileSimStore(file: string, lockDir: string = path.dirname(file)): SimStore {
	const lockPath = path.join(lockDir, `${path.basename(file)}.lock`);
	const withLock = async <T>(work: () => Promise<T>): Promise<T> => {
		await mkdir(lockDir, {recursive: true});
		const release = await lockfile.lock(file, {
			realpath: false,
			lockfilePath: lockPath,
			stale: 15_000,
			retries: {retries: 200, minTimeout: 5, maxTimeout: 100, factor: 1.3},
		});
		try {
			return await work();
		} finally {
			await release();
		}
	};
	// The lab this process last read or wrote, keyed by the file's identity: while nobody else
	// has written the file since, a transaction skips re-reading and re-validating it.
	let cached: {stamp: string; state: SimState} | undefined;
	const stampOf = async () => {
		const info = await stat(file).catch(() => undefined);
		return info ? `${info.mtimeMs}:${info.size}:${info.ino}` : 'missing';
	};
	const load = async (): Promise<SimState> => {
		const stamp = await stampOf();
		if (cached?.stamp === stamp) return copyState(cached.state);
		const state = ((await readJsonFile(file, stateSchema)) as SimState | undefined) ?? emptySimState();
		cached = {stamp, state: copyState(state)};
		return state;
	};
	const save = async (state: SimState) => {
		// The simulated lab can always be rebuilt: atomic rename, but no fsync and no indentation.
		await writeJsonAtomic(file, state, {durable: false, pretty: false});
		cached = {stamp: await stampOf(), state: copyState(state)};
	};
	return {
		transact: (fn) =>
			withLock(async () => {
				const {state, result} = fn(await load());
				if (state) await save(state);
				return result;
			}),
		read: () => withLock(load),
		reset: () =>
			withLock(async () => {
				await rm(file, {force: true});
				cached = undefined;
			}),
	};
}
