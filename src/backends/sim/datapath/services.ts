import {serviceMeshSettings, type ServiceMeshSettings} from '../../../core/cilium-service-annotations.js';
import {peerConnected} from '../cilium/status.js';
import {field, findObject, isObject, listObjects} from '../kube/objects.js';
import type {ClusterState, K8sObject, SimState} from '../state.js';
import {readyEndpoints, type Endpoint} from './endpoints.js';

/**
 * Global service semantics (cilium-facts §2): which backends a Service has when seen from a
 * cluster, given the global / shared / affinity annotations on both sides of the mesh.
 */

/** How Cilium reads the Service's global / shared / affinity annotations (aliases and case included). */
export const serviceAnnotations = (svc: K8sObject): ServiceMeshSettings => serviceMeshSettings(svc.metadata.annotations ?? {});

export interface ServicePort {
	readonly port: number;
	readonly protocol: string;
	readonly targetPort: number | string;
}

export function servicePorts(svc: K8sObject): ServicePort[] {
	const ports = field(svc, 'spec').ports;
	if (!Array.isArray(ports)) return [];
	return ports.filter(isObject).map((p) => ({
		port: Number(p.port),
		protocol: String(p.protocol ?? 'TCP'),
		targetPort: typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort) ? p.targetPort : Number(p.targetPort ?? p.port),
	}));
}

export interface Backend {
	readonly endpoint: Endpoint;
	readonly port: number;
}

function targetPortOf(pod: K8sObject, target: number | string): number | null {
	if (typeof target === 'number') return target;
	const containers = field(pod, 'spec').containers;
	for (const c of Array.isArray(containers) ? containers : []) {
		if (!isObject(c) || !Array.isArray(c.ports)) continue;
		const named = c.ports.find((p) => isObject(p) && p.name === target);
		if (isObject(named)) return Number(named.containerPort);
	}
	return null;
}

/** Ready pods of a cluster selected by the Service, on the target port. */
function localBackends(cluster: ClusterState, svc: K8sObject, port: ServicePort): Backend[] {
	const selector = field(field(svc, 'spec'), 'selector');
	const entries = Object.entries(selector);
	if (entries.length === 0) return [];
	return readyEndpoints(cluster, svc.metadata.namespace, true)
		.filter((e) => entries.every(([k, v]) => e.pod.metadata.labels?.[k] === String(v)))
		.flatMap((endpoint) => {
			const target = targetPortOf(endpoint.pod, port.targetPort);
			return target === null ? [] : [{endpoint, port: target}];
		});
}

/** Connected remote clusters whose same-named Service is global and shared. */
function remoteBackends(state: SimState, cluster: ClusterState, svc: K8sObject, port: ServicePort): Backend[] {
	const out: Backend[] = [];
	for (const peer of cluster.cilium?.peers ?? []) {
		if (!peerConnected(state, cluster, peer)) continue;
		const remote = state.clusters[peer.kindCluster];
		if (!remote) continue;
		const remoteSvc = findObject(remote, 'Service', svc.metadata.namespace, svc.metadata.name);
		if (!remoteSvc) continue;
		const remoteAnnotations = serviceAnnotations(remoteSvc);
		if (!remoteAnnotations.global || !remoteAnnotations.shared) continue;
		const remotePort = servicePorts(remoteSvc).find((p) => p.port === port.port && p.protocol === port.protocol);
		if (remotePort) out.push(...localBackends(remote, remoteSvc, remotePort));
	}
	return out;
}

export interface BackendSet {
	readonly local: readonly Backend[];
	readonly remote: readonly Backend[];
	/** What the load balancer picks from, after affinity. */
	readonly selected: readonly Backend[];
}

/** The backends a client in `cluster` load-balances over for one port of a Service. */
export function serviceBackends(state: SimState, cluster: ClusterState, svc: K8sObject, port: ServicePort): BackendSet {
	const local = localBackends(cluster, svc, port);
	const annotations = serviceAnnotations(svc);
	if (!annotations.global) return {local, remote: [], selected: local};
	const remote = remoteBackends(state, cluster, svc, port);
	switch (annotations.affinity) {
		case 'local':
			return {local, remote, selected: local.length > 0 ? local : remote};
		case 'remote':
			return {local, remote, selected: remote.length > 0 ? remote : local};
		default:
			return {local, remote, selected: [...local, ...remote]};
	}
}

export function serviceByClusterIp(cluster: ClusterState, ip: string): K8sObject | undefined {
	return listObjects(cluster, 'Service').find((s) => field(s, 'spec').clusterIP === ip);
}
