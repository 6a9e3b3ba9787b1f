import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {parse, stringify} from 'yaml';
import {CLUSTERS} from '../../core/lab.js';
import type {StatePaths} from '../../state/paths.js';
import {writeFileVerified} from '../../state/verified-write.js';

/** A kubeconfig's named entries (clusters, contexts, users) and its current context. */
export interface Kubeconfig {
	readonly clusters: readonly NamedEntry[];
	readonly contexts: readonly NamedEntry[];
	readonly users: readonly NamedEntry[];
	readonly currentContext?: string;
}

interface NamedEntry {
	readonly name: string;
	readonly [key: string]: unknown;
}

function entries(value: unknown): NamedEntry[] {
	if (!Array.isArray(value)) return [];
	return value.filter((e): e is NamedEntry => typeof e === 'object' && e !== null && typeof (e as NamedEntry).name === 'string');
}

/** Reads a kubeconfig's YAML; anything unexpected reads as empty rather than throwing. */
export function parseKubeconfig(text: string): Kubeconfig {
	let doc: unknown;
	try {
		doc = parse(text);
	} catch {
		doc = undefined;
	}
	const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
	const current = o['current-context'];
	return {
		clusters: entries(o.clusters),
		contexts: entries(o.contexts),
		users: entries(o.users),
		currentContext: typeof current === 'string' && current ? current : undefined,
	};
}

/**
 * Merges per-cluster kubeconfigs into one (first entry of a name wins). The result has no
 * current context on purpose: a lab-wide command that forgets `--context` then fails in
 * kubectl too, not only in the safety check.
 */
export function mergeKubeconfigs(texts: readonly string[]): string {
	const merged = {clusters: new Map<string, NamedEntry>(), contexts: new Map<string, NamedEntry>(), users: new Map<string, NamedEntry>()};
	for (const text of texts) {
		const config = parseKubeconfig(text);
		for (const key of ['clusters', 'contexts', 'users'] as const) {
			for (const entry of config[key]) if (!merged[key].has(entry.name)) merged[key].set(entry.name, entry);
		}
	}
	return stringify({
		apiVersion: 'v1',
		kind: 'Config',
		preferences: {},
		clusters: [...merged.clusters.values()],
		contexts: [...merged.contexts.values()],
		users: [...merged.users.values()],
	});
}

/** Regenerates the lab kubeconfig from the per-cluster files that exist; returns its path. */
export async function writeLabKubeconfig(paths: StatePaths): Promise<string> {
	const texts: string[] = [];
	for (const cluster of CLUSTERS) {
		try {
			texts.push(await readFile(paths.kubeconfig(cluster), 'utf8'));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
	await mkdir(path.dirname(paths.labKubeconfig), {recursive: true, mode: 0o700});
	await writeFileVerified(paths.labKubeconfig, mergeKubeconfigs(texts), {mode: 0o600});
	return paths.labKubeconfig;
}
