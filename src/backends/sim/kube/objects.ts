import {randomUid, type Random} from '../random.js';
import type {ClusterState, K8sObject, OwnerReference} from '../state.js';
import {validateObject} from './validation.js';

/** What mutating the simulated API server needs besides the cluster: time and randomness. */
export interface ServerEnv {
	readonly random: Random;
	readonly now: Date;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function findObject(cluster: ClusterState, kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
	return cluster.objects.find(
		(o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? undefined) === (namespace ?? undefined),
	);
}

/** Objects of a kind, in one namespace or (namespace undefined) all; sorted like the API server. */
export function listObjects(cluster: ClusterState, kind: string, namespace?: string): K8sObject[] {
	return cluster.objects
		.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace))
		.sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
}

/** A timestamp as the API server writes one (RFC 3339, whole seconds). */
export function kubeTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nextResourceVersion(cluster: ClusterState): string {
	cluster.resourceVersion += 1;
	return String(cluster.resourceVersion);
}

/** Stores a new object with the fields the API server sets on create. */
export function createObject(cluster: ClusterState, env: ServerEnv, object: K8sObject): K8sObject {
	validateObject(object);
	const meta = object.metadata;
	const created: K8sObject = {
		...object,
		metadata: {
			...meta,
			uid: randomUid(env.random),
			resourceVersion: nextResourceVersion(cluster),
			creationTimestamp: kubeTime(env.now),
			...(hasGeneration(object.kind) ? {generation: 1} : {}),
		},
	};
	cluster.objects.push(created);
	return created;
}

function hasGeneration(kind: string): boolean {
	return !['Pod', 'ConfigMap', 'Secret', 'Service', 'Namespace', 'Node', 'ServiceAccount'].includes(kind);
}

/** Replaces a stored object in place, bumping resourceVersion (and generation when the spec changed). */
export function updateObject(cluster: ClusterState, object: K8sObject): K8sObject {
	validateObject(object);
	const index = cluster.objects.findIndex(
		(o) => o.kind === object.kind && o.metadata.name === object.metadata.name && o.metadata.namespace === object.metadata.namespace,
	);
	const previous = cluster.objects[index];
	if (!previous) throw new Error(`update of a missing ${object.kind} ${object.metadata.name}`);
	const specChanged = JSON.stringify(previous.spec) !== JSON.stringify(object.spec);
	const updated: K8sObject = {
		...object,
		metadata: {
			...object.metadata,
			resourceVersion: nextResourceVersion(cluster),
			...(specChanged && typeof previous.metadata.generation === 'number'
				? {generation: previous.metadata.generation + 1}
				: {}),
		},
	};
	cluster.objects[index] = updated;
	return updated;
}

export function removeObject(cluster: ClusterState, object: K8sObject): void {
	cluster.objects = cluster.objects.filter((o) => o !== object);
}

export function ownerRef(owner: K8sObject): OwnerReference {
	return {apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true};
}

export function ownedBy(object: K8sObject, owner: K8sObject): boolean {
	return (object.metadata.ownerReferences ?? []).some((ref) => ref.uid === owner.metadata.uid && ref.kind === owner.kind);
}

/** `spec` (or any field) as a record, empty when absent or not an object. */
export function field(object: Record<string, unknown>, key: string): Record<string, unknown> {
	const value = object[key];
	return isObject(value) ? value : {};
}

export function stringRecord(value: unknown): Record<string, string> {
	if (!isObject(value)) return {};
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
