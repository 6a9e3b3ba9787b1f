import type {BackendKind} from '../core/backend-kind.js';
import type {BackendChoice} from './choices.js';
import {askTool} from './kind/doctor/ask.js';

export type {BackendChoice} from './choices.js';

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
	const [docker, kind] = await Promise.all([
		askTool('docker', ['info', '--format', '{{.ServerVersion}}'], {env, timeoutMs}),
		askTool('kind', ['version'], {env, timeoutMs}),
	]);
	return {
		docker:
			docker.exitCode === 0
				? {ok: true, detail: docker.stdout.trim().split('\n')[0] ?? ''}
				: {ok: false, detail: docker.found ? 'no Docker engine is reachable (`docker info` failed)' : 'Docker is not installed'},
		kind:
			kind.exitCode === 0
				? {ok: true, detail: kind.stdout.trim().split(/\s+/)[1] ?? kind.stdout.trim()}
				: {ok: false, detail: kind.found ? '`kind version` failed' : 'kind is not installed'},
	};
}
