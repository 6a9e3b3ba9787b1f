import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {resolveAssetPath} from '../../core/assets.js';
import {EXIT} from '../../core/exit-codes.js';
import {VERSIONS} from '../../core/versions.js';
import type {Backend} from '../backend.js';
import type {Files, ProgramContext} from './context.js';
import {createObserver} from './observer.js';
import {stateRandom} from './random.js';
import {runLine} from './run.js';
import type {SimState} from './state.js';
import type {SimStore} from './store.js';

export {emptySimState, type SimState} from './state.js';
export {fileSimStore, memorySimStore, type SimStore} from './store.js';
export {simSnapshots} from './snapshots.js';

export interface SimBackendOptions {
	/** Where the lab state lives. */
	readonly store: SimStore;
	/** Package root, for resolveAssetPath. */
	readonly root: string;
	/** The learner's working directory, for resolveAssetPath. */
	readonly cwd: string;
	/** Only tests pass a fixed seed; otherwise the PRNG is seeded randomly when the lab first needs it. */
	readonly seed?: number;
	/** For deterministic AGE columns and timestamps in tests. */
	readonly now?: () => Date;
	/** Defaults to VERSIONS.cilium. */
	readonly ciliumVersionDefault?: string;
}

/** Lesson paths (`manifests/...`, `kind-configs/...`) resolve like the live backend's. */
function assetFiles(root: string, cwd: string): Files {
	const resolve = (file: string) => resolveAssetPath(file, {cwd, root});
	return {
		resolve,
		exists: (file) => existsSync(resolve(file)),
		isDirectory: (file) => existsSync(resolve(file)) && statSync(resolve(file)).isDirectory(),
		read: (file) => readFileSync(resolve(file), 'utf8'),
		list: (dir) => readdirSync(resolve(dir)),
	};
}

/** The offline simulator: an in-process model of the two kind clusters behind the Backend contract. */
export function createSimBackend(options: SimBackendOptions): Backend {
	const files = assetFiles(options.root, options.cwd);
	const now = options.now ?? (() => new Date());
	const ciliumVersionDefault = options.ciliumVersionDefault ?? VERSIONS.cilium;
	const context = (state: SimState): ProgramContext => ({
		state,
		target: 'lab',
		env: {random: stateRandom(state, options.seed), now: now()},
		io: {stdout: () => {}, stderr: () => {}},
		stdin: '',
		files,
		ciliumVersionDefault,
		clock: {elapsedMs: 0},
	});
	return {
		kind: 'sim',
		label: 'SIMULATION',
		checkTiming: {budgetMs: 3000, intervalMs: 1000},
		observer: createObserver({store: options.store, context}),
		async run(request) {
			if (request.signal?.aborted) return {exitCode: EXIT.interrupted, cancelled: true};
			const result = await options.store.transact((state) => {
				const outcome = runLine(state, request, {files, now: now(), ciliumVersionDefault, seed: options.seed});
				return {state: outcome.state, result: outcome};
			});
			for (const chunk of result.chunks) request.onOutput(chunk);
			// Only a line that would have waited (a timeout, a sleep) says so; the others took no time here or there to speak of.
			return {exitCode: result.exitCode, cancelled: false, ...(result.elapsedMs > 0 && {simulatedMs: result.elapsedMs})};
		},
	};
}
