/**
 * The simulator's whole lab as plain JSON: every kind cluster with its Kubernetes objects, the
 * Cilium release installed in it, recorded Hubble drops, and the PRNG that picks backends.
 * Everything here must survive a JSON round trip (the file store persists it between CLI runs).
 */

/** Bumped whenever the shape changes; a file of another version is refused, never rewritten. */
export const SIM_SCHEMA_VERSION = 2;

/** A Kubernetes object kept as given (apiVersion/kind/metadata/spec...) plus server fields. */
export interface K8sObject {
	apiVersion: string;
	kind: string;
	metadata: ObjectMeta;
	[field: string]: unknown;
}

export interface ObjectMeta {
	name: string;
	namespace?: string;
	uid?: string;
	resourceVersion?: string;
	generation?: number;
	creationTimestamp?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: OwnerReference[];
	[field: string]: unknown;
}

export interface OwnerReference {
	apiVersion: string;
	kind: string;
	name: string;
	uid: string;
	controller?: boolean;
}

/** A remote cluster configured in this cluster's Cluster Mesh (helm `clustermesh.config.clusters`). */
export interface MeshPeer {
	/** The remote cluster's Cilium name at connect time. */
	name: string;
	/** The kind cluster it lives in, to find it in the lab. */
	kindCluster: string;
	/** Set when the CAs differed and the CLI added the remote CA (--allow-mismatching-ca). */
	tls: boolean;
}

/** The `cilium` Helm release: what `cilium install/upgrade/hubble/clustermesh` configured. */
export interface CiliumRelease {
	version: string;
	/** Flattened Helm values as set (`cluster.name` → `koornacht`, `hubble.relay.enabled` → `true`). */
	values: Record<string, string>;
	/** `clustermesh.config.clusters`: the remote clusters this one connects to. */
	peers: MeshPeer[];
	revision: number;
}

/** One side of a recorded flow, as Hubble resolved it on the recording node. */
export interface FlowEndpointRecord {
	ip: string;
	port: number;
	/** The numeric security identity (cluster ID in the upper 16 bits). */
	identity: number;
	/** Cilium's endpoint ID, known only for endpoints on the recording node. */
	endpointId: number | null;
	cluster: string;
	namespace: string;
	pod: string;
	/** Identity labels as Hubble lists them (`k8s:name=x-wing`), sorted. */
	labels: string[];
	/** The owning workload, known only for pods of the recording node's cluster. */
	workload: {name: string; kind: string} | null;
}

/**
 * One event in a node's Hubble ring buffer. A packet denied by policy yields two: the
 * policy-verdict event and the drop itself, both with verdict DROPPED (hubble parser
 * `threefour/parser.go` `decodeVerdict`/`decodeDropReason`).
 */
export interface FlowRecord {
	/** RFC 3339 with nanoseconds, as protojson writes a Timestamp. */
	time: string;
	uuid: string;
	/** The Kubernetes node whose agent saw it: one agent sees only its own node's flows. */
	node: string;
	/** `node_name` as the agent reports it: `<cluster name>/<node>` unless the cluster is unnamed. */
	nodeName: string;
	event: 'drop' | 'policy-verdict';
	verdict: 'DROPPED';
	dropReason: 'POLICY_DENIED';
	direction: 'INGRESS' | 'EGRESS';
	protocol: 'TCP' | 'UDP';
	source: FlowEndpointRecord;
	destination: FlowEndpointRecord;
}

/** One HTTP request a pod's server answered: what its access log would show. */
export interface AccessRecord {
	/** RFC 3339 (milliseconds). */
	time: string;
	namespace: string;
	pod: string;
	clientIp: string;
	method: string;
	/** The request target as sent (path and query). */
	target: string;
	status: number;
	bytes: number;
	userAgent: string;
}

/** The Cilium agent running on a node, with the settings it read when it started. */
export interface AgentRuntime {
	/** uid of the agent pod. */
	pod: string;
	/** The encryption cilium-config asked for when it started: the agent reads it only then. */
	encryption: 'wireguard' | 'ipsec' | 'disabled';
}

export interface ClusterState {
	name: string;
	createdAt: string;
	nodeImage: string;
	podSubnet: string;
	serviceSubnet: string;
	/** kind's own CNI (kindnet) runs unless the config disables it. */
	defaultCni: boolean;
	objects: K8sObject[];
	resourceVersion: number;
	/** Cilium's CRDs stay registered once the operator created them, even after uninstall. */
	ciliumCrds: boolean;
	cilium: CiliumRelease | null;
	/** Hubble's ring buffers, all nodes together (each record names its node). */
	flows: FlowRecord[];
	/** Node name → the agent running there. */
	agents: Record<string, AgentRuntime>;
	/** Requests the cluster's pods served, oldest first (absent until the first one). */
	accessLog?: AccessRecord[];
}

export interface SimState {
	schema: typeof SIM_SCHEMA_VERSION;
	/** mulberry32 state; null until the lab needs randomness (then seeded, randomly unless fixed). */
	random: {seed: number; state: number} | null;
	clusters: Record<string, ClusterState>;
}

export function emptySimState(seed?: number): SimState {
	return {
		schema: SIM_SCHEMA_VERSION,
		random: seed === undefined ? null : {seed: seed >>> 0, state: seed >>> 0},
		clusters: {},
	};
}

/** The most access records kept per cluster: the oldest go first, like a rotated log. */
export const ACCESS_LOG_SIZE = 500;

/** Hubble keeps a bounded ring of flows per node (4095 by default); a smaller one is plenty here. */
export const FLOW_RING_SIZE = 500;

/**
 * A copy that shares the Kubernetes objects themselves: the simulator never changes a stored
 * object in place (updates replace it), so copying the containers is enough for a snapshot.
 */
export function copyState(state: SimState): SimState {
	return {
		...state,
		random: state.random ? {...state.random} : null,
		clusters: Object.fromEntries(
			Object.entries(state.clusters).map(([name, c]) => [
				name,
				{...c, objects: [...c.objects], flows: [...c.flows], agents: {...c.agents}, ...(c.accessLog ? {accessLog: [...c.accessLog]} : {}), cilium: c.cilium ? {...c.cilium, values: {...c.cilium.values}, peers: [...c.cilium.peers]} : null},
			]),
		),
	};
}
