import {agentSettings} from '../cilium/release.js';
import {field, findObject} from '../kube/objects.js';
import {isHostNetwork, isPodReady, podIp, podNode, podsOf} from '../kube/pods.js';
import type {ClusterState, K8sObject} from '../state.js';

/** A pod as Cilium sees it: its identity labels, address and node, in its cluster. */
export interface Endpoint {
	readonly cluster: ClusterState;
	readonly pod: K8sObject;
	readonly namespace: string;
	readonly ip: string;
	readonly node: string;
	/** Pod labels plus the labels Cilium derives (namespace, Cilium cluster name, service account). */
	readonly labels: Readonly<Record<string, string>>;
}

export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
export const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** Labels Cilium's default label filter keeps out of identities: they change with every rollout. */
const NON_IDENTITY_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'pod-template-generation']);

/**
 * The identity labels Cilium gives a pod. The cluster label carries the CILIUM cluster name, so
 * a lab installed without `--set cluster.name` labels its pods `kind-koornacht`.
 */
function identityLabels(cluster: ClusterState, pod: K8sObject): Record<string, string> {
	const namespace = pod.metadata.namespace ?? 'default';
	const podLabels = Object.entries(pod.metadata.labels ?? {}).filter(([k]) => !NON_IDENTITY_LABELS.has(k));
	const nsObject = findObject(cluster, 'Namespace', undefined, namespace);
	const nsLabels = Object.fromEntries(
		Object.entries(nsObject?.metadata.labels ?? {}).map(([k, v]) => [`io.cilium.k8s.namespace.labels.${k}`, v]),
	);
	const serviceAccount = String(field(pod, 'spec').serviceAccountName ?? 'default');
	return {
		...Object.fromEntries(podLabels),
		...nsLabels,
		[NAMESPACE_LABEL]: namespace,
		[CLUSTER_LABEL]: agentSettings(cluster)?.clusterName ?? 'default',
		'io.cilium.k8s.policy.serviceaccount': serviceAccount,
	};
}

export function endpointOf(cluster: ClusterState, pod: K8sObject): Endpoint {
	return {
		cluster,
		pod,
		namespace: pod.metadata.namespace ?? 'default',
		ip: podIp(pod) ?? '',
		node: podNode(pod) ?? '',
		labels: identityLabels(cluster, pod),
	};
}

/** Ready endpoints of a cluster; host-network pods only when asked (they carry the host's identity, not theirs). */
export function readyEndpoints(cluster: ClusterState, namespace?: string, includeHostNetwork = false): Endpoint[] {
	return podsOf(cluster, namespace)
		.filter((p) => isPodReady(p) && (includeHostNetwork || !isHostNetwork(p)) && podIp(p))
		.map((p) => endpointOf(cluster, p));
}

/** Hubble's label list: `k8s:key=value`, sorted. */
export function hubbleLabels(endpoint: Endpoint): string[] {
	return Object.entries(endpoint.labels)
		.map(([k, v]) => `k8s:${k}=${v}`)
		.sort();
}

/** FNV-1a over a string: the stable hashes behind identities and endpoint IDs. */
function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return h;
}

/**
 * The numeric security identity of the endpoint's label set. In a mesh the cluster ID fills the
 * upper 16 bits, so identities never collide across clusters; cluster-local ones start at 256.
 */
export function numericIdentity(endpoint: Endpoint): number {
	const clusterId = agentSettings(endpoint.cluster)?.clusterId ?? 0;
	return clusterId * 65536 + 256 + (fnv1a(hubbleLabels(endpoint).join(',')) % (65536 - 256));
}

/** Cilium's per-node endpoint ID (a small number the agent hands out). */
export function endpointId(endpoint: Endpoint): number {
	return 1 + (fnv1a(endpoint.pod.metadata.uid ?? endpoint.pod.metadata.name) % 4000);
}
