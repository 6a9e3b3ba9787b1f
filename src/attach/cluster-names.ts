import {isMap, isScalar, isSeq, parseDocument, visit, type Scalar} from 'yaml';
import {CLUSTERS, isClusterName, type ClusterName} from '../core/lab.js';

/**
 * Lessons and manifests name a cluster in one place only: the `io.cilium.k8s.policy.cluster`
 * label Cluster Mesh adds to every identity, whose value is the Cilium `cluster-name`. There the
 * lab's names `koornacht` and `tion` are placeholders: on kind and the simulator they stand for
 * themselves, on attached clusters for the clusters' real Cilium names. Replies keep saying
 * Koornacht and Tion: they come from the lesson's ConfigMaps, not from the cluster name.
 */

/** The label holding a pod's cluster name (Cilium docs, "Cluster Mesh: Security Policies"). */
export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';

export type ClusterNames = Readonly<Record<ClusterName, string>>;

/** The names on kind and the simulator: every placeholder stands for itself. */
export const LAB_NAMES: ClusterNames = {koornacht: 'koornacht', tion: 'tion'};

const mapped = (value: string, names: ClusterNames) => (isClusterName(value) ? names[value] : value);

/**
 * A command line or YAML snippet with each `io.cilium.k8s.policy.cluster=NAME` (selector, Hubble
 * label) or `io.cilium.k8s.policy.cluster: NAME` (a YAML pair) resolved. Other words stay.
 */
export function resolveClusterNames(text: string, names: ClusterNames): string {
	const label = CLUSTER_LABEL.replaceAll('.', '\\.');
	return text.replace(new RegExp(`(${label}(?:=|:[ \\t]+)["']?)(${CLUSTERS.join('|')})\\b(?![.-])`, 'g'), (_m, head: string, name: ClusterName) => `${head}${names[name]}`);
}

/**
 * A manifest with its cluster names resolved where they select a cluster: the label's value
 * in `matchLabels`, and the `values` of a `matchExpressions` entry whose key is the label.
 * Comments and layout stay as written.
 */
export function resolveManifestClusterNames(text: string, names: ClusterNames): string {
	const docs = text.split(/^---$/m).map((part) => {
		const doc = parseDocument(part);
		let changed = false;
		const rename = (node: unknown) => {
			if (isScalar(node) && typeof node.value === 'string' && isClusterName(node.value)) {
				(node as Scalar<string>).value = mapped(node.value, names);
				changed = true;
			}
		};
		visit(doc, {
			Pair(_key, pair) {
				if (!isScalar(pair.key)) return;
				if (pair.key.value === CLUSTER_LABEL) rename(pair.value);
				if (pair.key.value === 'matchExpressions' && isSeq(pair.value)) {
					for (const item of pair.value.items) {
						if (!isMap(item) || item.get('key') !== CLUSTER_LABEL) continue;
						const values = item.get('values', true);
						if (isSeq(values)) values.items.forEach(rename);
					}
				}
			},
		});
		return changed ? doc.toString() : part;
	});
	return docs.join('---');
}
