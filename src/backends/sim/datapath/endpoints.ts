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

/**
 * The identity labels Cilium gives a pod. The cluster label carries the CILIUM cluster name, so
 * a lab installed without `--set cluster.name` labels its pods `kind-koornacht`.
 */
export function identityLabels(cluster: ClusterState, pod: K8sObject): Record<string, string> {
	const namespace = pod.metadata.namespace ?? 'default';
	const nsObject = findObject(cluster, 'Namespace', undefined, namespace);
	const nsLabels = Object.fromEntries(
		Object.entries(nsObject?.metadata.labels ?? {}).map(([k, v]) => [`io.cilium.k8s.namespace.labels.${k}`, v]),
	);
	const serviceAccount = String(field(pod, 'spec').serviceAccountName ?? 'default');
	return {
		...(pod.metadata.labels ?? {}),
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

export function podRef(endpoint: Endpoint): string {
	return `${endpoint.namespace}/${endpoint.pod.metadata.name}`;
}
