import {quote} from 'shell-quote';
import {CLUSTERS, type ClusterName} from '../core/lab.js';
import type {ManifestObject} from '../gate/attach-policy.js';
import type {Attachment} from './attachment.js';

/** An object found in the lab namespace. */
export interface ListedObject {
	readonly kind: string;
	readonly name: string;
}

export interface DetachStep {
	readonly cluster: ClusterName;
	readonly context: string;
	readonly args: readonly string[];
	readonly what: string;
}

/** The kinds the tutorial's manifests create: what `detach` lists in the lab namespace. */
export function ownedKinds(manifests: ReadonlyMap<string, readonly ManifestObject[]>): string[] {
	return [...new Set([...manifests.values()].flat().map((o) => o.kind))].sort();
}

/** `kubectl get <kinds> -o json` → the objects listed (kind, name); unreadable output lists none. */
export function parseObjectList(stdout: string): ListedObject[] {
	try {
		const items = (JSON.parse(stdout) as {items?: unknown}).items;
		if (!Array.isArray(items)) return [];
		return items.flatMap((item: {kind?: unknown; metadata?: {name?: unknown}}) =>
			typeof item.kind === 'string' && typeof item.metadata?.name === 'string' ? [{kind: item.kind, name: item.metadata.name}] : [],
		);
	} catch {
		return [];
	}
}

/**
 * What `detach` deletes, in order: in each cluster, the objects of the lab namespace that one of
 * the tutorial's manifests declares (same kind and name; anything else there is left alone),
 * then the namespace, only where attach created it. Pure.
 */
export function planDetach(attachment: Attachment, listed: Readonly<Record<ClusterName, readonly ListedObject[]>>, manifests: ReadonlyMap<string, readonly ManifestObject[]>): DetachStep[] {
	const owned = new Set([...manifests.values()].flat().flatMap((o) => (o.name ? [`${o.kind}/${o.name}`] : [])));
	const ns = attachment.namespace;
	return CLUSTERS.flatMap((cluster) => {
		const {context, createdNamespace} = attachment.clusters[cluster];
		const objects = listed[cluster].filter((o) => owned.has(`${o.kind}/${o.name}`));
		const steps: DetachStep[] = objects.map((o) => ({cluster, context, what: `${o.kind} ${ns}/${o.name}`, args: ['--context', context, '-n', ns, 'delete', `${o.kind}/${o.name}`, '--ignore-not-found']}));
		if (createdNamespace) steps.push({cluster, context, what: `Namespace ${ns} (created by attach)`, args: ['--context', context, 'delete', 'namespace', ns, '--ignore-not-found']});
		return steps;
	});
}

export function renderStep(step: DetachStep): string {
	return `kubectl ${quote([...step.args])}`;
}
