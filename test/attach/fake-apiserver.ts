import {readFileSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {parse, stringify} from 'yaml';
import type {World} from './attached-world.js';

/**
 * A Kubernetes API server for the attached clusters' world (tests only): answers the GET requests
 * the live observer makes through client-node (cilium-config, Deployments, Services, Cilium
 * network policies) from the same world file the fake kubectl and cilium read, over plain HTTP.
 * Anything else is a 404 Status, as the API server answers an unknown object.
 */

interface WorldObject {
	readonly kind: string;
	readonly name: string;
	readonly replicas?: number;
	readonly annotations?: Record<string, string>;
}

const notFound = (what: string) => ({kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${what} not found`});

function answer(cluster: Record<string, unknown>, url: string): {code: number; body: unknown} {
	const objects = (ns: string) => ((cluster.objects as Record<string, WorldObject[]> | undefined)?.[ns] ?? []);
	const find = (ns: string, kind: string, name: string) => objects(ns).find((o) => o.kind === kind && o.name === name);
	let m: RegExpMatchArray | null;
	if (url === '/api/v1/namespaces/kube-system/configmaps/cilium-config') {
		const data = cluster.ciliumConfig as Record<string, string> | null;
		return data ? {code: 200, body: {kind: 'ConfigMap', apiVersion: 'v1', metadata: {name: 'cilium-config', namespace: 'kube-system'}, data}} : {code: 404, body: notFound('configmaps "cilium-config"')};
	}
	if (url === '/apis/apps/v1/namespaces/kube-system/deployments/clustermesh-apiserver') {
		return cluster.mesh
			? {code: 200, body: {kind: 'Deployment', apiVersion: 'apps/v1', metadata: {name: 'clustermesh-apiserver'}, spec: {replicas: 1}, status: {readyReplicas: 1}}}
			: {code: 404, body: notFound('deployments.apps "clustermesh-apiserver"')};
	}
	if ((m = url.match(/^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/?]+)$/))) {
		const d = find(m[1] ?? '', 'Deployment', m[2] ?? '');
		const replicas = d?.replicas ?? 1;
		return d ? {code: 200, body: {kind: 'Deployment', apiVersion: 'apps/v1', metadata: {name: d.name}, spec: {replicas}, status: {readyReplicas: replicas}}} : {code: 404, body: notFound(`deployments.apps "${m[2]}"`)};
	}
	if ((m = url.match(/^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/?]+)$/))) {
		const s = find(m[1] ?? '', 'Service', m[2] ?? '');
		return s ? {code: 200, body: {kind: 'Service', apiVersion: 'v1', metadata: {name: s.name, annotations: s.annotations ?? {}}}} : {code: 404, body: notFound(`services "${m[2]}"`)};
	}
	if ((m = url.match(/^\/apis\/cilium\.io\/v2\/namespaces\/([^/]+)\/ciliumnetworkpolicies$/))) {
		const items = objects(m[1] ?? '').filter((o) => o.kind === 'CiliumNetworkPolicy').map((o) => ({metadata: {name: o.name}}));
		return {code: 200, body: {kind: 'CiliumNetworkPolicyList', apiVersion: 'cilium.io/v2', items}};
	}
	return {code: 404, body: notFound(url)};
}

/** One server per context of the world; `pointAt` rewrites the tool's own kubeconfig files to reach them. */
export async function fakeApiServers(world: () => World, contexts: readonly string[]): Promise<{urls: Record<string, string>; pointAt(files: readonly string[]): void; close(): Promise<void>}> {
	const servers: Server[] = [];
	const urls: Record<string, string> = {};
	for (const context of contexts) {
		const server = createServer((req, res) => {
			const cluster = world().clusters[context] ?? {};
			const {code, body} = answer(cluster, (req.url ?? '').split('?')[0] ?? '');
			res.writeHead(code, {'content-type': 'application/json'});
			res.end(JSON.stringify(body));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		servers.push(server);
		urls[context] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}
	return {
		urls,
		pointAt(files) {
			for (const file of files) {
				const config = parse(readFileSync(file, 'utf8')) as {contexts: {context: {cluster: string}; name: string}[]; clusters: {name: string; cluster: Record<string, unknown>}[]};
				for (const entry of config.clusters) {
					const context = config.contexts.find((c) => c.context.cluster === entry.name)?.name ?? '';
					// client-node speaks plain HTTP only with TLS verification off (there is no TLS to verify).
					entry.cluster = {server: urls[context], 'insecure-skip-tls-verify': true};
				}
				writeFileSync(file, stringify(config));
			}
		},
		close: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined),
	};
}
