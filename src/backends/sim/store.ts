import {rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {TutorError} from '../../core/errors.js';
import {takeLock} from '../../state/file-lock.js';
import {readJsonFile, writeJsonAtomic} from '../../state/json-file.js';
import type {WriteFs} from '../../state/verified-write.js';
import {simStateSchema} from './state-schema.js';
import {copyState, emptySimState, type SimState} from './state.js';

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

/** How long a command waits for another one that holds the lab (each holds it for milliseconds). */
const LAB_LOCK_WAIT_MS = 20_000;

/**
 * JSON-file store: read-modify-write under a cross-process lock, written atomically. A missing
 * file is an empty lab; a corrupt, foreign-version or malformed file is an error naming it.
 */
export function fileSimStore(file: string, lockDir: string = path.dirname(file), options: {fs?: WriteFs} = {}): SimStore {
	const lockPath = path.join(lockDir, `${path.basename(file)}.lock`);
	const withLock = async <T>(work: () => Promise<T>): Promise<T> => {
		const lock = await takeLock(file, lockPath, {
			folder: lockDir,
			waitMs: LAB_LOCK_WAIT_MS,
			busy: (pid) =>
				new TutorError(
					`the simulated lab ${file} stayed locked by another command${pid ? ` (pid ${pid})` : ''} for ${LAB_LOCK_WAIT_MS / 1000}s`,
					1,
					'wait for that command to finish (or stop it), then run this one again',
				),
		});
		try {
			return await work();
		} finally {
			await lock.release();
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
		const state = ((await readJsonFile(file, simStateSchema, {keepOrder: true})) as SimState | undefined) ?? emptySimState();
		cached = {stamp, state: copyState(state)};
		return state;
	};
	const save = async (state: SimState) => {
		// The simulated lab can always be rebuilt: verified atomic write, but no fsync and no
		// indentation. What is cached is what the file now holds (sorted keys), so the next
		// command sees the same lab whether or not it re-reads the file.
		const text = await writeJsonAtomic(file, state, {durable: false, pretty: false, fs: options.fs});
		cached = {stamp: await stampOf(), state: JSON.parse(text) as SimState};
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
