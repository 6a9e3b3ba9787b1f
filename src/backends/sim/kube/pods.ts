import type {ClusterState, K8sObject} from '../state.js';
import {field, isObject, listObjects} from './objects.js';
import {matchesSelector, selectorFromObject} from './selectors.js';

/** Read-only views of pods and nodes that the controllers, printers and datapath share. */

export interface ContainerSpec {
	readonly name: string;
	readonly image: string;
}

export function containersOf(pod: K8sObject): ContainerSpec[] {
	const containers = field(pod, 'spec').containers;
	if (!Array.isArray(containers)) return [];
	return containers.filter(isObject).map((c) => ({name: String(c.name ?? ''), image: String(c.image ?? '')}));
}

export function podPhase(pod: K8sObject): string {
	return String(field(pod, 'status').phase ?? 'Pending');
}

export function podIp(pod: K8sObject): string | undefined {
	const ip = field(pod, 'status').podIP;
	return typeof ip === 'string' ? ip : undefined;
}

export function podNode(pod: K8sObject): string | undefined {
	const node = field(pod, 'spec').nodeName;
	return typeof node === 'string' ? node : undefined;
}

export function isHostNetwork(pod: K8sObject): boolean {
	return field(pod, 'spec').hostNetwork === true;
}

/** Whether the object's status has the condition `Ready=True` (pods and nodes alike). */
function hasReadyCondition(object: K8sObject): boolean {
	const conditions = field(object, 'status').conditions;
	return Array.isArray(conditions) && conditions.some((c) => isObject(c) && c.type === 'Ready' && c.status === 'True');
}

export function isPodReady(pod: K8sObject): boolean {
	return podPhase(pod) === 'Running' && hasReadyCondition(pod);
}

/** How kubectl shows a pod's state: Running, Pending, ContainerCreating... */
export function podStatusText(pod: K8sObject): string {
	const statuses = field(pod, 'status').containerStatuses;
	if (Array.isArray(statuses)) {
		for (const s of statuses) {
			if (!isObject(s)) continue;
			const waiting = field(field(s, 'state'), 'waiting');
			if (typeof waiting.reason === 'string') return waiting.reason;
		}
	}
	return podPhase(pod);
}

export function readyContainers(pod: K8sObject): {ready: number; total: number} {
	const total = containersOf(pod).length;
	return {ready: isPodReady(pod) ? total : 0, total};
}

export function nodeIsReady(node: K8sObject): boolean {
	return hasReadyCondition(node);
}

export function nodeInternalIp(node: K8sObject): string {
	const addresses = field(node, 'status').addresses;
	const internal = Array.isArray(addresses) ? addresses.find((a) => isObject(a) && a.type === 'InternalIP') : undefined;
	return isObject(internal) ? String(internal.address) : '';
}

export function isControlPlane(node: K8sObject): boolean {
	return 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {});
}

export function nodesOf(cluster: ClusterState): K8sObject[] {
	return listObjects(cluster, 'Node');
}

export function podsOf(cluster: ClusterState, namespace?: string): K8sObject[] {
	return listObjects(cluster, 'Pod', namespace);
}

/** The pods a workload's label selector (`spec.selector`) picks in its namespace. */
export function workloadPods(cluster: ClusterState, workload: K8sObject): K8sObject[] {
	const selector = selectorFromObject(field(workload, 'spec').selector);
	return podsOf(cluster, workload.metadata.namespace).filter((p) => matchesSelector(p.metadata.labels ?? {}, selector));
}

/** The pod kubectl picks among several (`exec deploy/x`): ready ones first, then the oldest, then by name. */
export function preferredPod(pods: readonly K8sObject[]): K8sObject | undefined {
	return [...pods].sort(
		(a, b) =>
			Number(isPodReady(b)) - Number(isPodReady(a)) ||
			String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) ||
			a.metadata.name.localeCompare(b.metadata.name),
	)[0];
}
