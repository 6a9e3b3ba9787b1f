import {execa} from 'execa';
import type {BackendKind} from './backend.js';
import type {BackendChoice} from './choices.js';

export {BACKEND_CHOICES, type BackendChoice} from './choices.js';


/** What a quick look at the machine found: is a Docker engine answering, is kind installed? */
export interface LiveEnvironment {
	readonly docker: {readonly ok: boolean; readonly detail: string};
	readonly kind: {readonly ok: boolean; readonly detail: string};
}

export interface BackendDecision {
	readonly kind: BackendKind;
	/** Why, in words the learner understands; printed on stderr. */
	readonly reason: string;
}

/** Pure: which backend `--backend auto` picks for this environment. */
export function chooseBackend(requested: BackendChoice, env: LiveEnvironment | undefined): BackendDecision {
	if (requested === 'sim') return {kind: 'sim', reason: 'simulator (--backend sim)'};
	if (requested === 'kind') return {kind: 'kind', reason: 'live kind clusters (--backend kind)'};
	if (!env) return {kind: 'sim', reason: 'simulator'};
	if (!env.docker.ok) return {kind: 'sim', reason: `simulator: ${env.docker.detail}`};
	if (!env.kind.ok) return {kind: 'sim', reason: `simulator: ${env.kind.detail}`};
	return {kind: 'kind', reason: `live kind clusters (Docker ${env.docker.detail}, kind ${env.kind.detail})`};
}

/** Thin I/O: asks `docker info` and `kind version`, each bounded by a short timeout. */
export async function probeLiveEnvironment(timeoutMs = 4000, env: NodeJS.ProcessEnv = process.env): Promise<LiveEnvironment> {
	const ask = async (file: string, args: string[]) => {
		try {
			const r = await execa(file, args, {timeout: timeoutMs, reject: false, stdin: 'ignore', env, extendEnv: false});
			// With reject: false a binary that is not installed comes back as a result, not a throw.
			const missing = (r as {code?: string}).code === 'ENOENT';
			return {ok: r.exitCode === 0, out: (r.exitCode === 0 ? r.stdout : r.stderr || r.stdout).trim(), missing};
		} catch (error) {
			return {ok: false, out: (error as Error).message, missing: (error as NodeJS.ErrnoException).code === 'ENOENT'};
		}
	};
	const [docker, kind] = await Promise.all([
		ask('docker', ['info', '--format', '{{.ServerVersion}}']),
		ask('kind', ['version']),
	]);
	return {
		docker: docker.ok
			? {ok: true, detail: docker.out.split('\n')[0] ?? ''}
			: {
					ok: false,
					detail: docker.missing ? 'Docker is not installed' : 'no Docker engine is reachable (`docker info` failed)',
				},
		kind: kind.ok
			? {ok: true, detail: kind.out.split(/\s+/)[1] ?? kind.out}
			: {ok: false, detail: kind.missing ? 'kind is not installed' : '`kind version` failed'},
	};
}
