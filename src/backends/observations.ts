import type {ClusterName} from '../core/lab.js';

/**
 * What a backend can observe about the lab. Checks see the lab only through this interface,
 * never through a backend's internals, so the same verdict code judges the simulator and
 * live clusters. Methods resolve `null` when the object (or cluster) does not exist and
 * reject with an ObservationError when the backend cannot observe at all.
 */
export interface Observer {
	/** Lab clusters that exist right now. */
	clusters(): Promise<readonly ClusterName[]>;
	nodes(cluster: ClusterName): Promise<readonly NodeObservation[] | null>;
	deployment(cluster: ClusterName, namespace: string, name: string): Promise<DeploymentObservation | null>;
	service(cluster: ClusterName, namespace: string, name: string): Promise<ServiceObservation | null>;
	configMap(cluster: ClusterName, namespace: string, name: string): Promise<ConfigMapObservation | null>;
	/** CiliumNetworkPolicy names in a namespace. */
	policies(cluster: ClusterName, namespace: string): Promise<readonly string[] | null>;
	/** The `cilium-config` ConfigMap's cluster identity. */
	ciliumConfig(cluster: ClusterName): Promise<CiliumConfigObservation | null>;
	/** `ca.crt` of the `cilium-ca` secret in kube-system. */
	caCertificate(cluster: ClusterName): Promise<string | null>;
	mesh(cluster: ClusterName): Promise<MeshObservation | null>;
	/**
	 * Every policy `cilium clustermesh inspect-policy-default-local-cluster --all-namespaces`
	 * lists, and whether it is flagged (a peer selector that names no cluster).
	 */
	policyDefaultLocalCluster(cluster: ClusterName): Promise<readonly PolicyInspection[] | null>;
	/** The request loop from x-wing: one raw line per request in the probe protocol. */
	probe(query: ProbeQuery, signal?: AbortSignal): Promise<ProbeObservation>;
	/** Dropped flows seen by every agent of the cluster (one agent sees only its node). */
	hubbleDrops(cluster: ClusterName, signal?: AbortSignal): Promise<readonly FlowObservation[] | null>;
	podExec(target: PodRef, command: readonly string[], signal?: AbortSignal): Promise<PodExecObservation | null>;
	encryption(cluster: ClusterName): Promise<EncryptionObservation | null>;
}

// ── queries ─────────────────────────────────────────────────────────────────

/** A request loop from x-wing in one cluster to a service. */
export interface ProbeQuery {
	readonly from: ClusterName;
	/** Requests to send. */
	readonly count: number;
	/** curl --max-time, seconds. */
	readonly timeoutSeconds: number;
	readonly service: string;
	readonly namespace: string;
	readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	readonly path: string;
}

/** Which pod `podExec` runs in. */
export interface PodRef {
	readonly cluster: ClusterName;
	readonly namespace: string;
	/** A pod name, or `deploy/<name>` / `ds/<name>` for a pod of that Deployment or DaemonSet. */
	readonly pod: string;
}

/** The workload a `deploy/<name>` or `ds/<name>` pod reference names; null for a plain pod name. */
export function podRefWorkload(pod: string): {readonly kind: 'Deployment' | 'DaemonSet'; readonly name: string} | null {
	const match = /^(deploy|ds)\/(.+)$/.exec(pod);
	if (!match) return null;
	return {kind: match[1] === 'ds' ? 'DaemonSet' : 'Deployment', name: match[2] ?? ''};
}

export class ObservationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ObservationError';
	}
}

export interface NodeObservation {
	readonly name: string;
	readonly ready: boolean;
	readonly role: 'control-plane' | 'worker';
}

export interface DeploymentObservation {
	readonly replicas: number;
	readonly readyReplicas: number;
}

export interface ServiceObservation {
	readonly annotations: Readonly<Record<string, string>>;
}

export interface ConfigMapObservation {
	readonly data: Readonly<Record<string, string>>;
}

export interface CiliumConfigObservation {
	readonly clusterName: string;
	readonly clusterId: number;
	readonly policyDefaultLocalCluster: boolean;
}

export interface PolicyInspection {
	/** `namespace/name` as the CLI prints it. */
	readonly policy: string;
	readonly flagged: boolean;
}

export interface MeshObservation {
	readonly enabled: boolean;
	/** Remote clusters every agent is connected to. */
	readonly connected: readonly string[];
}

export interface ProbeObservation {
	/** The raw probe-protocol output (see checks/probe-protocol.ts). */
	readonly raw: string;
}

/** A Hubble flow, with the field names of `hubble observe -o json` (flow.proto). */
export interface FlowObservation {
	readonly node: string;
	readonly verdict: string;
	readonly dropReason: string;
	readonly direction: string;
	readonly sourcePod: string;
	readonly sourceLabels: readonly string[];
	readonly destinationPod: string;
	readonly destinationLabels: readonly string[];
	readonly summary: string;
}

export interface PodExecObservation {
	readonly exitCode: number;
	readonly output: string;
}

export interface EncryptionObservation {
	readonly mode: 'wireguard' | 'ipsec' | 'disabled';
	readonly peers: number;
}
