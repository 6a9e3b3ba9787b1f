/**
 * The lab's fixed topology: two kind clusters meshed with Cilium.
 * Names and ids are part of the curriculum (policies select on the cluster name).
 */

export const CLUSTERS = ['koornacht', 'tion'] as const;
export type ClusterName = (typeof CLUSTERS)[number];

/** Where a lesson command runs: one cluster, each cluster in turn, or lab-wide (both contexts). */
export const TARGETS = ['koornacht', 'tion', 'both', 'lab'] as const;
export type Target = (typeof TARGETS)[number];

export interface ClusterSpec {
	readonly name: ClusterName;
	readonly id: number;
	/** The name the learner reads in replies, e.g. `{"Cluster": "Koornacht"}`. */
	readonly displayName: string;
	readonly planet: string;
	readonly podSubnet: string;
	readonly serviceSubnet: string;
}

export const CLUSTER_SPECS: Readonly<Record<ClusterName, ClusterSpec>> = {
	koornacht: {
		name: 'koornacht',
		id: 1,
		displayName: 'Koornacht',
		planet: "N'Zoth",
		podSubnet: '10.1.0.0/16',
		serviceSubnet: '10.101.0.0/16',
	},
	tion: {
		name: 'tion',
		id: 2,
		displayName: 'Tion',
		planet: 'Foran Tutha',
		podSubnet: '10.2.0.0/16',
		serviceSubnet: '10.102.0.0/16',
	},
};

/** kind names its kubeconfig context `kind-<cluster>`. */
export function contextOf(cluster: ClusterName): string {
	return `kind-${cluster}`;
}

export function clusterOfContext(context: string): ClusterName | undefined {
	return CLUSTERS.find((c) => contextOf(c) === context);
}

export function isClusterName(value: string): value is ClusterName {
	return (CLUSTERS as readonly string[]).includes(value);
}

export function isTarget(value: string): value is Target {
	return (TARGETS as readonly string[]).includes(value);
}

/** Maps a reply's `Cluster` field (e.g. "Koornacht") back to a lab cluster. */
export function clusterOfDisplayName(display: string): ClusterName | undefined {
	const wanted = display.trim().toLowerCase();
	return CLUSTERS.find((c) => CLUSTER_SPECS[c].displayName.toLowerCase() === wanted);
}

/** The clusters a target expands to, in run order. */
export function clustersOf(target: Target): readonly ClusterName[] {
	if (target === 'both' || target === 'lab') return CLUSTERS;
	return [target];
}
