import path from 'node:path';
import {parse, stringify} from 'yaml';
import {UsageError} from '../core/errors.js';
import {CLUSTERS, type ClusterName} from '../core/lab.js';

/**
 * The tool's own kubeconfigs for attached clusters: the two contexts copied out of the
 * learner's file (with their cluster and user entries, and nothing else), each context's
 * namespace set to the lab namespace. After the copy the learner's file is never read again.
 */

type Entry = Record<string, unknown> & {name: string};

export interface OwnKubeconfigs {
	/** One file per cluster, its context the current one. */
	readonly perCluster: Readonly<Record<ClusterName, string>>;
	/** Both contexts and no current context: lab-wide commands name theirs. */
	readonly lab: string;
	/** Each context's API server URL, as the copied cluster entry says. */
	readonly servers: Readonly<Record<ClusterName, string>>;
}

/** Fields holding a file path, which kubectl resolves relative to the kubeconfig's own folder. */
const PATH_FIELDS = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile'];

function entries(doc: Record<string, unknown>, key: string): Entry[] {
	const list = doc[key];
	return Array.isArray(list) ? list.filter((e): e is Entry => typeof e === 'object' && e !== null && typeof (e as Entry).name === 'string') : [];
}

function absolutePaths(body: unknown, folder: string): unknown {
	if (typeof body !== 'object' || body === null) return body;
	const copy: Record<string, unknown> = {...(body as Record<string, unknown>)};
	for (const field of PATH_FIELDS) {
		const value = copy[field];
		if (typeof value === 'string' && value && !path.isAbsolute(value)) copy[field] = path.resolve(folder, value);
	}
	return copy;
}

/** Pure: the tool's kubeconfigs from the learner's file's text. `file` names it in errors and anchors relative paths. */
export function ownKubeconfigs(text: string, file: string, contexts: Readonly<Record<ClusterName, string>>, namespace: string): OwnKubeconfigs {
	let doc: unknown;
	try {
		doc = parse(text);
	} catch (error) {
		throw new UsageError(`--kubeconfig ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
	}
	const source = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
	const folder = path.dirname(path.resolve(file));
	const [allContexts, allClusters, allUsers] = [entries(source, 'contexts'), entries(source, 'clusters'), entries(source, 'users')];
	const picked = CLUSTERS.map((c) => {
		const name = contexts[c];
		const flag = `--${c}`;
		const context = allContexts.find((e) => e.name === name);
		if (!context) {
			throw new UsageError(`${flag} ${name}: no such context in ${file}`, `pick one of: ${allContexts.map((e) => e.name).join(', ') || '(the file has no contexts)'}`);
		}
		const body = (typeof context.context === 'object' && context.context !== null ? context.context : {}) as Record<string, unknown>;
		const cluster = allClusters.find((e) => e.name === body.cluster);
		if (!cluster) throw new UsageError(`${flag} ${name}: its cluster "${String(body.cluster)}" is not in ${file}`);
		const user = allUsers.find((e) => e.name === body.user);
		if (body.user !== undefined && !user) throw new UsageError(`${flag} ${name}: its user "${String(body.user)}" is not in ${file}`);
		const server = (cluster.cluster as Record<string, unknown> | undefined)?.server;
		return {
			c,
			server: typeof server === 'string' ? server : '',
			context: {name, context: {...body, namespace}},
			cluster: {...cluster, cluster: absolutePaths(cluster.cluster, folder)},
			user: user ? {...user, user: absolutePaths(user.user, folder)} : undefined,
		};
	});
	if (contexts.koornacht === contexts.tion) throw new UsageError(`--koornacht and --tion both name ${contexts.koornacht}`, 'give the contexts of two different meshed clusters');
	const render = (items: typeof picked, current?: string) =>
		stringify({
			apiVersion: 'v1',
			kind: 'Config',
			preferences: {},
			clusters: dedupe(items.map((p) => p.cluster)),
			contexts: items.map((p) => p.context),
			users: dedupe(items.flatMap((p) => (p.user ? [p.user] : []))),
			...(current ? {'current-context': current} : {}),
		});
	const byCluster = (c: ClusterName) => picked.filter((p) => p.c === c);
	return {
		perCluster: {koornacht: render(byCluster('koornacht'), contexts.koornacht), tion: render(byCluster('tion'), contexts.tion)},
		lab: render(picked),
		servers: {koornacht: byCluster('koornacht')[0]?.server ?? '', tion: byCluster('tion')[0]?.server ?? ''},
	};
}

function dedupe<T extends {name: string}>(items: readonly T[]): T[] {
	return items.filter((item, i) => items.findIndex((o) => o.name === item.name) === i);
}
