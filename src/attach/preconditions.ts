import semver from 'semver';
import type {Finding} from '../backends/kind/doctor/findings.js';
import {CLUSTERS, CLUSTER_SPECS, type ClusterName} from '../core/lab.js';
import {firstLine, OWNER_LABEL, OWNER_VALUE, parseCiliumConfig, parseCiliumVersion, parseMesh, parseNamespace, parseServerVersion, type AttachAnswers, type NamespaceState} from './facts.js';

/** The oldest Cilium whose Cluster Mesh the lessons describe (1.18 added policy-default-local-cluster). */
export const MIN_CILIUM = '1.18.0';

/** One attached cluster as the tool found it. */
export interface FoundCluster {
	readonly context: string;
	readonly server: string;
	readonly kubernetes?: string;
	readonly cilium?: string;
	readonly clusterName?: string;
	readonly clusterId?: number;
	/** Remote Cilium cluster names every agent is connected to. */
	readonly connectedTo: readonly string[];
	/** What cilium-config sets, or Cilium's default for its version when it sets nothing. */
	readonly policyDefaultLocalCluster?: {readonly value: boolean; readonly source: 'cilium-config' | 'default'};
	readonly namespace: NamespaceState;
}

export interface AttachEvaluation {
	readonly ok: boolean;
	readonly findings: readonly Finding[];
	readonly clusters: Readonly<Record<ClusterName, FoundCluster>>;
}

const other = (c: ClusterName): ClusterName => (c === 'koornacht' ? 'tion' : 'koornacht');
const role = (c: ClusterName) => `${CLUSTER_SPECS[c].displayName} (${c})`;

/** Everything the tool found, read from the answers. Pure. */
export function foundClusters(answers: AttachAnswers): Record<ClusterName, FoundCluster> {
	const entries = CLUSTERS.map((c): [ClusterName, FoundCluster] => {
		const a = answers.clusters[c];
		const config = parseCiliumConfig(a.ciliumConfig);
		const cilium = parseCiliumVersion(a.ciliumDaemonSet);
		const local = config?.policyDefaultLocalCluster;
		const found: FoundCluster = {
			context: a.context,
			server: a.server,
			kubernetes: parseServerVersion(a.version),
			cilium,
			clusterName: config?.clusterName,
			clusterId: config?.clusterId,
			connectedTo: parseMesh(a.mesh)?.connected ?? [],
			// Default false in 1.18, true from 1.19 (Cilium upgrade notes, "policy-default-local-cluster").
			policyDefaultLocalCluster:
				local !== undefined ? {value: local, source: 'cilium-config'} : cilium ? {value: semver.gte(cilium, '1.19.0'), source: 'default'} : undefined,
			namespace: parseNamespace(a.namespace),
		};
		return [c, found];
	});
	return Object.fromEntries(entries) as Record<ClusterName, FoundCluster>;
}

/**
 * The attach preconditions, doctor-style: each finding says what was seen and how to fix it.
 * A cluster that cannot be reached gets that one finding; what depends on it is not claimed.
 */
export function evaluateAttach(answers: AttachAnswers): AttachEvaluation {
	const clusters = foundClusters(answers);
	const findings: Finding[] = [];
	const reachable = (c: ClusterName) => answers.clusters[c].version.exitCode === 0;
	for (const c of CLUSTERS) {
		const a = answers.clusters[c];
		const f = clusters[c];
		if (!reachable(c)) {
			findings.push({
				id: `reachable-${c}`,
				status: 'fail',
				title: `${role(c)}: context ${a.context} is not reachable`,
				detail: firstLine(a.version),
				fix: `check that \`kubectl --context ${a.context} version\` works with your kubeconfig (VPN, credentials, API server address ${a.server || 'unset'})`,
			});
			continue;
		}
		findings.push({id: `reachable-${c}`, status: 'ok', title: `${role(c)}: ${a.context} reachable`, detail: `${a.server}, Kubernetes ${f.kubernetes ?? 'unknown'}`});
		findings.push(ciliumFinding(c, f, a.ciliumConfig.exitCode === 0 ? undefined : firstLine(a.ciliumConfig)));
		findings.push(namespaceFinding(c, f, answers.namespace));
		if (f.policyDefaultLocalCluster) {
			const {value, source} = f.policyDefaultLocalCluster;
			findings.push({
				id: `policy-default-local-cluster-${c}`,
				status: 'ok',
				title: `${role(c)}: policy-default-local-cluster is ${value}${source === 'default' ? ` (not set in cilium-config: Cilium ${f.cilium}'s default)` : ''}`,
				detail: value ? 'a policy peer that names no cluster selects local pods only (the 1.19 default)' : 'a policy peer that names no cluster selects pods in every cluster (the 1.18 behaviour)',
			});
		}
	}
	// The mesh is judged by Cilium cluster names: only once both clusters have a distinct, known one.
	const ciliumOk = CLUSTERS.every((c) => findings.some((f) => f.id === `cilium-${c}` && f.status === 'ok'));
	if (ciliumOk) {
		const identity = identityFinding(clusters);
		findings.push(identity);
		if (identity.status === 'ok') findings.push(...CLUSTERS.map((c) => meshFinding(c, clusters, answers)));
	}
	return {ok: findings.every((f) => f.status !== 'fail'), findings, clusters};
}

function ciliumFinding(c: ClusterName, f: FoundCluster, configError: string | undefined): Finding {
	const id = `cilium-${c}`;
	if (configError !== undefined) {
		return {id, status: 'fail', title: `${role(c)}: no Cilium found`, detail: `kube-system/cilium-config: ${configError}`, fix: 'attach clusters that run Cilium 1.18 or newer with Cluster Mesh (docs.cilium.io: "Setting up Cluster Mesh")'};
	}
	if (!f.cilium) {
		return {id, status: 'fail', title: `${role(c)}: cannot tell which Cilium version runs`, detail: 'the cilium DaemonSet in kube-system has no cilium-agent image tagged vX.Y.Z', fix: `check \`kubectl --context ${f.context} -n kube-system get ds cilium -o wide\`; attach mode needs Cilium ${MIN_CILIUM} or newer`};
	}
	if (semver.lt(f.cilium, MIN_CILIUM)) {
		return {id, status: 'fail', title: `${role(c)}: Cilium ${f.cilium} is older than 1.18`, detail: 'the lessons describe Cluster Mesh as Cilium 1.18 and 1.19 behave', fix: 'upgrade Cilium to 1.18 or newer (docs.cilium.io: "Upgrade Guide"), then attach again'};
	}
	if (!f.clusterName || f.clusterId === undefined || f.clusterId === 0) {
		return {id, status: 'fail', title: `${role(c)}: Cilium ${f.cilium} has no cluster name and id`, detail: `cilium-config: cluster-name ${f.clusterName ?? 'unset'}, cluster-id ${f.clusterId ?? 'unset'}`, fix: 'give each cluster a unique `cluster.name` and a `cluster.id` of 1–255 (Helm values), as Cluster Mesh requires'};
	}
	return {id, status: 'ok', title: `${role(c)}: Cilium ${f.cilium}, cluster-name ${f.clusterName}, cluster-id ${f.clusterId}`, detail: ''};
}

function namespaceFinding(c: ClusterName, f: FoundCluster, namespace: string): Finding {
	const id = `namespace-${c}`;
	const ns = f.namespace;
	if (ns.state === 'absent') return {id, status: 'ok', title: `${role(c)}: namespace ${namespace} is free`, detail: 'attach creates it, labelled as the tutorial\'s'};
	if (ns.state === 'present' && ns.owned) return {id, status: 'ok', title: `${role(c)}: namespace ${namespace} is the tutorial's`, detail: `labelled ${OWNER_LABEL}=${OWNER_VALUE}`};
	return {
		id,
		status: 'fail',
		title: ns.state === 'present' ? `${role(c)}: namespace ${namespace} exists and is not the tutorial's` : `${role(c)}: cannot read namespace ${namespace}`,
		detail: ns.state === 'present' ? `it has no ${OWNER_LABEL}=${OWNER_VALUE} label, so lessons could change someone else's objects` : ns.detail,
		fix: ns.state === 'present' ? 'choose a namespace that does not exist yet: --namespace <name>' : `check that your credentials may read and create namespaces (\`kubectl --context ${f.context} auth can-i create namespaces\`)`,
	};
}

/** Called once both Cilium findings passed, so both clusters have a name and an id. */
function identityFinding(clusters: Record<ClusterName, FoundCluster>): Finding {
	const [a, b] = [clusters.koornacht, clusters.tion];
	if (a.context === b.context || a.server === b.server) {
		return {id: 'distinct-clusters', status: 'fail', title: 'both contexts reach the same cluster', detail: `${a.context} and ${b.context} → ${a.server}`, fix: 'give --koornacht and --tion the contexts of two different meshed clusters'};
	}
	if (a.clusterName === b.clusterName || a.clusterId === b.clusterId) {
		return {
			id: 'distinct-clusters',
			status: 'fail',
			title: a.clusterName === b.clusterName ? `both clusters are named ${a.clusterName}` : `both clusters have cluster-id ${a.clusterId}`,
			detail: 'Cluster Mesh needs a unique cluster-name and cluster-id per cluster',
			fix: 'these are not two meshed clusters; pick the contexts of two different clusters of your mesh',
		};
	}
	return {id: 'distinct-clusters', status: 'ok', title: `distinct clusters: ${a.clusterName} (id ${a.clusterId}) and ${b.clusterName} (id ${b.clusterId})`, detail: ''};
}

function meshFinding(c: ClusterName, clusters: Record<ClusterName, FoundCluster>, answers: AttachAnswers): Finding {
	const from = clusters[c];
	const to = clusters[other(c)];
	const id = `mesh-${c}`;
	const answer = answers.clusters[c].mesh;
	const fix = `check \`cilium clustermesh status --context ${from.context}\`; connecting the clusters is the cluster owner's job (docs.cilium.io: "Setting up Cluster Mesh")`;
	if (answer.exitCode !== 0) return {id, status: 'fail', title: `${role(c)}: Cluster Mesh status unavailable`, detail: firstLine(answer), fix};
	if (!to.clusterName || !from.connectedTo.includes(to.clusterName)) {
		return {id, status: 'fail', title: `${role(c)}: not connected to ${to.clusterName ?? role(other(c))}`, detail: from.connectedTo.length > 0 ? `all agents connected to: ${from.connectedTo.join(', ')}` : 'its agents are connected to no remote cluster', fix};
	}
	return {id, status: 'ok', title: `${role(c)}: every agent connected to ${to.clusterName}`, detail: ''};
}
