import {Buffer} from 'node:buffer';
import type {V1ConfigMap, V1DaemonSet, V1Deployment, V1Node, V1Pod, V1Status} from '@kubernetes/client-node';
import type {CiliumConfigObservation, DeploymentObservation, EncryptionObservation, NodeObservation} from '../observations.js';

/** Pure mappings from Kubernetes objects to the observations checks judge. */

export function nodeObservation(node: V1Node): NodeObservation {
	const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
	const labels = node.metadata?.labels ?? {};
	return {
		name: node.metadata?.name ?? '',
		ready,
		role: 'node-role.kubernetes.io/control-plane' in labels ? 'control-plane' : 'worker',
	};
}

export function deploymentObservation(deployment: V1Deployment): DeploymentObservation {
	return {replicas: deployment.spec?.replicas ?? 0, readyReplicas: deployment.status?.readyReplicas ?? 0};
}

/** `cilium-config` keys written by the chart from `cluster.name`, `cluster.id` and `clustermesh.policyDefaultLocalCluster`. */
export function ciliumConfigObservation(config: V1ConfigMap): CiliumConfigObservation | null {
	const data = config.data ?? {};
	const name = data['cluster-name'];
	if (name === undefined) return null;
	return {
		clusterName: name,
		clusterId: Number(data['cluster-id'] ?? 0),
		policyDefaultLocalCluster: data['policy-default-local-cluster'] === 'true',
	};
}

/** Transparent encryption as configured (`enable-wireguard` / `enable-ipsec` in cilium-config, set by the chart's `encryption.type`). */
export function encryptionModeOf(config: V1ConfigMap): EncryptionObservation['mode'] {
	const data = config.data ?? {};
	if (data['enable-wireguard'] === 'true') return 'wireguard';
	if (data['enable-ipsec'] === 'true') return 'ipsec';
	return 'disabled';
}

/** The PEM of `cilium-ca`'s `ca.crt` (secret data is base64). */
export function caCertificateOf(data: Readonly<Record<string, string>> | undefined): string | null {
	const encoded = data?.['ca.crt'];
	return encoded ? Buffer.from(encoded, 'base64').toString('utf8') : null;
}

function isRunning(pod: V1Pod): boolean {
	return pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp;
}

function isReady(pod: V1Pod): boolean {
	return isRunning(pod) && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pod to exec into: the first ready one by name, so repeated probes use the same pod. */
export function pickReadyPod(pods: readonly V1Pod[]): V1Pod | undefined {
	return [...pods].filter(isReady).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))[0];
}

/** Running pods (for per-node exec such as hubble observe in every agent). */
export function runningPods(pods: readonly V1Pod[]): V1Pod[] {
	return pods.filter(isRunning);
}

/** A workload's `matchLabels` as a label selector string (Deployments and DaemonSets alike). */
export function selectorOf(workload: V1Deployment | V1DaemonSet): string | undefined {
	const labels = workload.spec?.selector?.matchLabels;
	if (!labels || Object.keys(labels).length === 0) return undefined;
	return Object.entries(labels)
		.map(([k, v]) => `${k}=${v}`)
		.join(',');
}

/**
 * The exit code an exec's status (channel 3) reports: Success is 0, a Failure carries an
 * `ExitCode` cause; `undefined` when no status arrived (client-node issue #714).
 */
export function exitCodeOfStatus(status: V1Status | undefined): number | undefined {
	if (!status) return undefined;
	if (status.status === 'Success') return 0;
	const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
	const code = Number(cause?.message);
	return Number.isInteger(code) && code > 0 ? code : 1;
}
