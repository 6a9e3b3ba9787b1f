/**
 * The simulator's whole lab as plain JSON: every kind cluster with its Kubernetes objects, the
 * Cilium release installed in it, recorded Hubble drops, and the PRNG that picks backends.
 * Everything here must survive a JSON round trip (the file store persists it between CLI runs).
 */

/** Bumped whenever the shape changes; a file of another version is refused, never rewritten. */
export const SIM_SCHEMA_VERSION = 1;

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

/** A policy drop as Hubble records it (field names of FlowObservation, plus time). */
export interface FlowRecord {
	time: string;
	node: string;
	verdict: string;
	dropReason: string;
	direction: 'INGRESS' | 'EGRESS';
	sourcePod: string;
	sourceLabels: string[];
	destinationPod: string;
	destinationLabels: string[];
	summary: string;
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
	flows: FlowRecord[];
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

/** Hubble keeps a bounded ring of flows per cluster; so do we. */
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
				{...c, objects: [...c.objects], flows: [...c.flows], cilium: c.cilium ? {...c.cilium, values: {...c.cilium.values}, peers: [...c.cilium.peers]} : null},
			]),
		),
	};
}
