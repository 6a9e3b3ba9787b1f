import {createHash} from 'node:crypto';
import {UnsupportedFeature} from '../shell/host.js';
import type {ClusterState, SimState} from '../state.js';
import {peerConnected} from './status.js';

/**
 * WireGuard as the agents run it, and how `cilium-dbg encrypt status` reports it. Sources
 * (cilium/cilium): `Documentation/security/network/encryption-wireguard.rst` (one peer per other
 * node; in a mesh the clustermesh-apiserver forwards the keys, and every cluster must run
 * WireGuard, "mixed mode is currently not supported"), `cilium-dbg/cmd/encrypt_status.go`.
 * Inferred, not run: with WireGuard in one cluster only, cross-cluster traffic still flows,
 * unencrypted, and the remote nodes are no peers.
 */

export interface NodeEncryption {
	readonly node: string;
	/** As `cilium-dbg encrypt status` names the mode (models.EncryptionStatusMode). */
	readonly mode: 'Wireguard' | 'Disabled';
	readonly publicKey: string;
	readonly peers: number;
}

/** The agent's WireGuard key pair is generated at start; derive a stable stand-in from the pod. */
function publicKey(pod: string): string {
	return createHash('sha256').update(`wireguard:${pod}`).digest('base64');
}

function wireguardNodes(cluster: ClusterState): string[] {
	return Object.entries(cluster.agents)
		.filter(([, agent]) => agent.encryption === 'wireguard')
		.map(([node]) => node);
}

/**
 * What one node's agent reports: its peers are the other WireGuard nodes of its cluster, plus
 * those of connected clusters that run WireGuard too (their keys arrive through the mesh).
 */
export function nodeEncryption(state: SimState, cluster: ClusterState, node: string): NodeEncryption {
	const agent = cluster.agents[node];
	if (agent?.encryption === 'ipsec') throw new UnsupportedFeature('IPsec encryption status (the simulator models WireGuard)');
	if (agent?.encryption !== 'wireguard') return {node, mode: 'Disabled', publicKey: '', peers: 0};
	const local = wireguardNodes(cluster).filter((n) => n !== node).length;
	const remote = (cluster.cilium?.peers ?? [])
		.filter((p) => peerConnected(state, cluster, p))
		.reduce((sum, p) => sum + wireguardNodes(state.clusters[p.kindCluster] as ClusterState).length, 0);
	return {node, mode: 'Wireguard', publicKey: publicKey(agent.pod), peers: local + remote};
}

/** `cilium-dbg encrypt status` (cilium-dbg/cmd/encrypt_status.go `printEncryptionStatus`). */
export function renderEncryptStatus(status: NodeEncryption): string {
	const head = `Encryption: ${status.mode.padEnd(26)}\n`;
	if (status.mode === 'Disabled') return head;
	return `${head}Interface: cilium_wg0\n\tPublic key: ${status.publicKey}\n\tNumber of peers: ${status.peers}\n`;
}

/** What `cilium-dbg encrypt status -o json` prints: models.EncryptionStatus (go-swagger field names). */
export function encryptStatusModel(status: NodeEncryption): Record<string, unknown> {
	if (status.mode === 'Disabled') return {mode: 'Disabled'};
	return {mode: 'Wireguard', wireguard: {interfaces: [{name: 'cilium_wg0', 'peer-count': status.peers, 'public-key': status.publicKey}]}};
}
