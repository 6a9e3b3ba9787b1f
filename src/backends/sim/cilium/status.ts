import {field, findObject, listObjects} from '../kube/objects.js';
import {containersOf, isHostNetwork, isPodReady, nodeInternalIp, nodesOf, podsOf, workloadPods} from '../kube/pods.js';
import type {ClusterState, K8sObject, MeshPeer, SimState} from '../state.js';
import {tabwrite} from '../tabwriter.js';
import {caCertificateOf} from './components.js';
import {agentSettings, clustermeshServiceType, hubbleRelayEnabled} from './release.js';

/** Renderers and facts for `cilium status` and `cilium clustermesh status` (cilium-cli v0.19.7 layout). */

interface WorkloadRow {
	readonly kind: 'DaemonSet' | 'Deployment';
	readonly name: string;
	readonly desired: number;
	readonly ready: number;
	readonly pods: K8sObject[];
}

const STATUS_WORKLOADS: readonly [WorkloadRow['kind'], string][] = [
	['DaemonSet', 'cilium'],
	['DaemonSet', 'cilium-envoy'],
	['Deployment', 'cilium-operator'],
	['Deployment', 'clustermesh-apiserver'],
	['Deployment', 'hubble-relay'],
	['Deployment', 'hubble-ui'],
];

function workloadRows(cluster: ClusterState): WorkloadRow[] {
	const rows: WorkloadRow[] = [];
	for (const [kind, name] of STATUS_WORKLOADS) {
		const object = findObject(cluster, kind, 'kube-system', name);
		if (!object) continue;
		const pods = workloadPods(cluster, object);
		const desired = kind === 'DaemonSet' ? pods.length : Number(field(object, 'spec').replicas ?? 1);
		rows.push({kind, name, desired, ready: pods.filter(isPodReady).length, pods});
	}
	return rows;
}

/** Whether every agent reaches the remote cluster's clustermesh-apiserver with a trusted certificate. */
export function peerConnected(state: SimState, cluster: ClusterState, peer: MeshPeer): boolean {
	const remote = state.clusters[peer.kindCluster];
	if (!remote?.cilium || !clustermeshServiceType(remote.cilium)) return false;
	if (!findObject(remote, 'Deployment', 'kube-system', 'clustermesh-apiserver')) return false;
	if (agentSettings(remote)?.clusterName !== peer.name) return false;
	return peer.tls || caCertificateOf(cluster) === caCertificateOf(remote);
}

export function renderCiliumStatus(cluster: ClusterState): {lines: string[]; errors: string[]} {
	const rows = workloadRows(cluster);
	const find = (name: string) => rows.find((r) => r.name === name);
	const state = (row: WorkloadRow | undefined, missing: string) => (!row ? missing : row.ready === row.desired && row.desired > 0 ? 'OK' : `${row.desired - row.ready} errors`);
	const agent = find('cilium');
	// cilium-cli's status check reports every workload with unready pods (status/k8s.go).
	const errors = [
		...(agent ? [] : ['cilium             cilium    daemonsets.apps "cilium" not found']),
		...rows.filter((r) => r.ready < r.desired).map((r) => `${r.name}    ${r.name}    ${r.desired - r.ready} pods of ${r.kind} ${r.name} are not ready`),
	];
	const release = cluster.cilium;
	const logo = [
		'    /¯¯\\',
		` /¯¯\\__/¯¯\\    Cilium:             ${agent ? state(agent, '') : '1 errors'}`,
		` \\__/¯¯\\__/    Operator:           ${state(find('cilium-operator'), 'disabled')}`,
		` /¯¯\\__/¯¯\\    Envoy DaemonSet:    ${state(find('cilium-envoy'), 'disabled (using embedded mode)')}`,
		` \\__/¯¯\\__/    Hubble Relay:       ${release && hubbleRelayEnabled(release) ? state(find('hubble-relay'), 'disabled') : 'disabled'}`,
		`    \\__/       ClusterMesh:        ${release && clustermeshServiceType(release) ? state(find('clustermesh-apiserver'), 'disabled') : 'disabled'}`,
	];
	const table: string[][] = rows.map((r) => [r.kind, r.name, `Desired: ${r.desired}, Ready: ${r.ready}/${r.desired}, Available: ${r.ready}/${r.desired}`]);
	const containerNames = ['cilium', 'cilium-envoy', 'cilium-operator', 'clustermesh-apiserver', 'hubble-relay', ...(find('hubble-ui') ? ['hubble-ui'] : [])];
	containerNames.forEach((name, i) => {
		const row = find(name);
		const running = row?.pods.filter((p) => isPodReady(p)).length ?? 0;
		table.push([i === 0 ? 'Containers:' : '', name, row ? `Running: ${running}` : '']);
	});
	const networked = podsOf(cluster).filter((p) => !isHostNetwork(p));
	const managed = agent ? networked.length : 0;
	table.push(['Cluster Pods:', `${managed}/${networked.length} managed by Cilium`]);
	table.push(['Helm chart version:', release?.version ?? '']);
	errors.forEach((e, i) => table.push([i === 0 ? 'Errors:' : '', e]));
	let first = true;
	for (const row of rows) {
		const counts = new Map<string, number>();
		for (const pod of row.pods) for (const image of new Set(containersOf(pod).map((c) => c.image))) counts.set(image, (counts.get(image) ?? 0) + 1);
		for (const [image, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
			table.push([first ? 'Image versions' : '', row.name, `${image}: ${count}`]);
			first = false;
		}
	}
	return {lines: [...logo, '', ...tabwrite(table, 4)], errors};
}

export interface MeshConnectivity {
	readonly total: number;
	readonly peers: readonly {readonly name: string; readonly connected: boolean}[];
}

export function meshConnectivity(state: SimState, cluster: ClusterState): MeshConnectivity {
	const total = listObjects(cluster, 'Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'cilium').length;
	const peers = (cluster.cilium?.peers ?? []).map((p) => ({name: p.name, connected: peerConnected(state, cluster, p)}));
	return {total, peers: [...peers].sort((a, b) => a.name.localeCompare(b.name))};
}

export function renderMeshConnectivity(mesh: MeshConnectivity): string[] {
	const lines = [''];
	const connectedCount = mesh.peers.filter((p) => p.connected).length;
	const stat = (n: number) => `[min:${n} / avg:${n.toFixed(1)} / max:${n}]`;
	if (mesh.peers.length > 0) {
		if (connectedCount === mesh.peers.length) {
			lines.push(`✅ All ${mesh.total} nodes are connected to all clusters ${stat(connectedCount)}`);
			lines.push(`✅ All 1 KVStoreMesh replicas are connected to all clusters ${stat(connectedCount)}`);
		} else {
			lines.push(`⚠️  ${mesh.total}/${mesh.total} nodes are not connected to all clusters ${stat(connectedCount)}`);
			lines.push(`⚠️  1/1 KVStoreMesh replicas are not connected to all clusters ${stat(connectedCount)}`);
		}
	}
	lines.push('');
	if (mesh.peers.length === 0) lines.push('🔌 No cluster connected');
	else {
		lines.push('🔌 Cluster Connections:');
		for (const p of mesh.peers) {
			const c = p.connected ? mesh.total : 0;
			lines.push(`  - ${p.name}: ${mesh.total}/${mesh.total} configured, ${c}/${mesh.total} connected - KVStoreMesh: 1/1 configured, ${p.connected ? 1 : 0}/1 connected`);
		}
	}
	lines.push('');
	const broken = mesh.peers.filter((p) => !p.connected);
	if (broken.length > 0) {
		lines.push(`❌ ${broken.length * (mesh.total + 1)} Errors:`);
		for (const p of broken) lines.push(`  ❌ agents are not connected to cluster ${p.name}: remote cluster is not reachable`);
	}
	return lines;
}

/** The clustermesh-apiserver's access information: the first node's InternalIP with the NodePort. */
export function meshAccess(cluster: ClusterState): {type: string; endpoints: string[]} | null {
	const svc = findObject(cluster, 'Service', 'kube-system', 'clustermesh-apiserver');
	if (!svc) return null;
	const spec = field(svc, 'spec');
	const type = String(spec.type ?? 'ClusterIP');
	const port = Array.isArray(spec.ports) ? (spec.ports[0] as Record<string, unknown> | undefined) : undefined;
	if (type === 'NodePort') {
		const node = nodesOf(cluster)[0];
		return {type, endpoints: node ? [`${nodeInternalIp(node)}:${String(port?.nodePort ?? '')}`] : []};
	}
	// kind has no load-balancer provider: the LoadBalancer service never gets an address.
	if (type === 'LoadBalancer') return {type, endpoints: []};
	return {type, endpoints: [`${String(spec.clusterIP)}:${String(port?.port ?? '')}`]};
}
