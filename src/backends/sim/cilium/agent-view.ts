import {createHash} from 'node:crypto';
import {VERSIONS} from '../../../core/versions.js';
import {field, findObject, listObjects} from '../kube/objects.js';
import {nodeInternalIp, nodesOf} from '../kube/pods.js';
import type {ClusterState, K8sObject, SimState} from '../state.js';
import {byteOrder, tabwrite} from '../tabwriter.js';
import {nodeEncryption} from './encryption.js';
import {agentSettings} from './release.js';
import {peerConnected} from './status.js';

/**
 * One agent's own view of the mesh, as the tools inside the agent pod print it (cilium/cilium):
 * - `cilium-dbg node list`: `cilium-dbg/cmd/node_list.go` (tabwriter padding 3, rows sorted; a
 *   node is named `<cluster>/<node>` once the cluster has a name, `pkg/node/types` `Fullname`);
 * - `cilium-health status`: `cilium-health/cmd/status.go` and `pkg/health/client`
 *   `FormatHealthStatusResponse` (the local node first, then the others by name);
 * - `cilium-dbg status`: `pkg/client` `FormatStatusResponse`, reduced to the lines the simulator
 *   models (the real output also lists BPF maps, controllers, routing and more). The ClusterMesh
 *   line reads as the agents print it in the field ("1/1 remote clusters ready"); since 1.19 it
 *   carries no global-services count (upgrade notes: "Cilium-agent ClusterMesh status will no
 *   longer report the global services count").
 * Every agent learns the remote clusters' nodes from their clustermesh-apiserver and probes them
 * like its own (cilium-health covers every node it knows).
 */

export interface MeshNode {
	/** `koornacht/koornacht-worker`. */
	readonly fullname: string;
	readonly ip: string;
	readonly podCidr: string;
	/** Where the agent learned it: itself, the local CiliumNode objects, or a remote cluster. */
	readonly source: 'local' | 'custom-resource' | 'clustermesh';
}

function fullname(cluster: ClusterState, node: K8sObject): string {
	const name = agentSettings(cluster)?.clusterName ?? 'default';
	return name === 'default' ? node.metadata.name : `${name}/${node.metadata.name}`;
}

function connectedPeers(state: SimState, cluster: ClusterState): ClusterState[] {
	return (cluster.cilium?.peers ?? []).filter((p) => peerConnected(state, cluster, p)).flatMap((p) => state.clusters[p.kindCluster] ?? []);
}

/** Every node this agent knows: its cluster's, then those of every connected remote cluster. */
export function meshNodes(state: SimState, cluster: ClusterState, self: string): MeshNode[] {
	const describe = (c: ClusterState, node: K8sObject, source: MeshNode['source']): MeshNode => ({
		fullname: fullname(c, node),
		ip: nodeInternalIp(node),
		podCidr: String(field(node, 'spec').podCIDR ?? ''),
		source,
	});
	return [
		...nodesOf(cluster).map((n) => describe(cluster, n, n.metadata.name === self ? 'local' : 'custom-resource')),
		...connectedPeers(state, cluster).flatMap((remote) => nodesOf(remote).map((n) => describe(remote, n, 'clustermesh'))),
	];
}

export function renderNodeList(nodes: readonly MeshNode[]): string {
	if (nodes.length === 0) return '';
	const rows = nodes.map((n) => [n.fullname, n.ip, n.podCidr, '', '', n.source]).sort((a, b) => byteOrder(a.join('\t'), b.join('\t')));
	return `${tabwrite([['Name', 'IPv4 Address', 'Endpoint CIDR', 'IPv6 Address', 'Endpoint CIDR', 'Source'], ...rows], 3).join('\n')}\n`;
}

/** The cilium-health endpoint's address: the agent allocates it from the node's pod CIDR; the simulator shows .1, which it never gives a pod. */
function healthEndpointIp(podCidr: string): string {
	const octets = (podCidr.split('/')[0] ?? '').split('.');
	return octets.length === 4 ? `${octets.slice(0, 3).join('.')}.1` : '';
}

/** A stable round-trip time per probe, printed like Go's time.Duration (`412.345µs`). */
function rtt(...parts: string[]): string {
	const n = createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
	return `${String(150 + (n % 700))}.${String(n % 1000).padStart(3, '0')}µs`;
}

/** `cilium-health status`: every known node, this one first, with host and endpoint probes (all reachable in the lab). */
export function renderHealthStatus(nodes: readonly MeshNode[], probeTime: Date): string {
	const local = nodes.find((n) => n.source === 'local');
	const others = nodes.filter((n) => n !== local).sort((a, b) => byteOrder(a.fullname, b.fullname));
	const lines: string[][] = [['Probe time:', probeTime.toISOString().replace(/\.\d+Z$/, 'Z')], ['Nodes:']];
	for (const node of [...(local ? [local] : []), ...others]) {
		lines.push([`  ${node.fullname}${node === local ? ' (localhost)' : ''}:`]);
		for (const [path, ip] of [['Host', node.ip], ['Endpoint', healthEndpointIp(node.podCidr)]] as const) {
			lines.push([`    ${path} connectivity to ${ip}:`]);
			lines.push(['      ICMP to stack:', `OK, RTT=${rtt(node.fullname, path, 'icmp')}`]);
			lines.push(['      HTTP to agent:', `OK, RTT=${rtt(node.fullname, path, 'http')}`]);
		}
	}
	return `${tabwrite(lines, 3, 2).join('\n')}\n`;
}

/** `cilium-dbg status` for the agent on `node`, in the lines the simulator models. */
export function renderAgentStatus(state: SimState, cluster: ClusterState, node: string, probeTime: Date): string {
	const release = cluster.cilium;
	const peers = release?.peers ?? [];
	const ready = peers.filter((p) => peerConnected(state, cluster, p)).length;
	const nodes = meshNodes(state, cluster, node);
	const self = findObject(cluster, 'Node', undefined, node);
	const podCidr = self ? String(field(self, 'spec').podCIDR ?? '') : '';
	const allocated = listObjects(cluster, 'Pod').filter((p) => field(p, 'spec').nodeName === node && field(p, 'spec').hostNetwork !== true).length + 2;
	const encryption = nodeEncryption(state, cluster, node).mode;
	const rows: string[][] = [
		['KVStore:', 'Ok', 'Disabled'],
		['Kubernetes:', 'Ok', `${VERSIONS.kubernetes.replace(/\.\d+$/, '')} (v${VERSIONS.kubernetes}) [linux/amd64]`],
		['Cilium:', `Ok   ${release?.version ?? ''}`],
		['Cilium health daemon:', 'Ok'],
		['IPAM:', `IPv4: ${String(allocated)}/254 allocated from ${podCidr}, `],
		['ClusterMesh:', `${String(ready)}/${String(peers.length)} remote clusters ready`],
		['Encryption:', encryption === 'Wireguard' ? `Wireguard   [NodeEncryption: Disabled, cilium_wg0 (Pubkeys: 1, Port: 51871, Peers: ${String(nodeEncryption(state, cluster, node).peers)})]` : 'Disabled'],
		['Cluster health:', `${String(nodes.length)}/${String(nodes.length)} reachable`, `(${probeTime.toISOString().replace(/\.\d+Z$/, 'Z')})`],
	];
	return `${tabwrite(rows, 3, 2).join('\n')}\n`;
}
