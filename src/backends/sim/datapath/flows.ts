import {agentSettings} from '../cilium/release.js';
import {findObject} from '../kube/objects.js';
import {randomUid, type Random} from '../random.js';
import {FLOW_RING_SIZE, type FlowEndpointRecord} from '../state.js';
import {endpointId, hubbleLabels, numericIdentity, type Endpoint} from './endpoints.js';
import type {L4} from './policy.js';

/**
 * What Hubble records when policy denies a packet: on the node whose agent enforced the verdict
 * (egress at the sender's node, ingress at the receiver's), one policy-verdict event and one drop
 * event per packet. Other agents never see it; that is why lessons query every agent.
 */

/** Where and when the denied packets happened. */
export interface DropContext {
	readonly random: Random;
	/** The moment the command started, plus the virtual time already spent by it. */
	readonly at: Date;
}

/** The owning workload as Hubble names it: a ReplicaSet's pods belong to its Deployment. */
function workloadOf(endpoint: Endpoint): FlowEndpointRecord['workload'] {
	const owner = endpoint.pod.metadata.ownerReferences?.[0];
	if (!owner) return null;
	if (owner.kind !== 'ReplicaSet') return {name: owner.name, kind: owner.kind};
	const rs = findObject(endpoint.cluster, 'ReplicaSet', endpoint.namespace, owner.name);
	const deployment = rs?.metadata.ownerReferences?.find((r) => r.kind === 'Deployment');
	return deployment ? {name: deployment.name, kind: 'Deployment'} : {name: owner.name, kind: owner.kind};
}

/** An endpoint as the recording agent resolves it: endpoint IDs and workloads only for what it manages or watches. */
function endpointRecord(endpoint: Endpoint, port: number, recorder: Endpoint): FlowEndpointRecord {
	const sameCluster = endpoint.cluster === recorder.cluster;
	return {
		ip: endpoint.ip,
		port,
		identity: numericIdentity(endpoint),
		endpointId: sameCluster && endpoint.node === recorder.node ? endpointId(endpoint) : null,
		cluster: agentSettings(endpoint.cluster)?.clusterName ?? 'default',
		namespace: endpoint.namespace,
		pod: endpoint.pod.metadata.name,
		labels: hubbleLabels(endpoint),
		workload: sameCluster ? workloadOf(endpoint) : null,
	};
}

/** `node_name` as the agent reports it (`GetAbsoluteNodeName`: no prefix for the cluster named "default"). */
function absoluteNodeName(endpoint: Endpoint): string {
	const cluster = agentSettings(endpoint.cluster)?.clusterName ?? 'default';
	return cluster === 'default' ? endpoint.node : `${cluster}/${endpoint.node}`;
}

/** RFC 3339 with nanoseconds: the millisecond clock plus `nanos` (below 1e6) within it. */
function timestamp(ms: number, nanos: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 23)}${String(nanos).padStart(6, '0')}Z`;
}

export interface DeniedPackets {
	/** The enforcing endpoint: its node's agent records the flow. */
	readonly enforcer: Endpoint;
	readonly direction: 'INGRESS' | 'EGRESS';
	readonly source: Endpoint;
	readonly destination: Endpoint;
	readonly l4: L4;
	readonly sourcePort: number;
	/** When each packet was sent, relative to the first (SYN retransmits, resolver retries). */
	readonly offsetsMs: readonly number[];
}

export function recordDeniedPackets(ctx: DropContext, packets: DeniedPackets): void {
	const {enforcer} = packets;
	const flows = enforcer.cluster.flows;
	const source = endpointRecord(packets.source, packets.sourcePort, enforcer);
	const destination = endpointRecord(packets.destination, packets.l4.port, enforcer);
	for (const offset of packets.offsetsMs) {
		const ms = ctx.at.getTime() + offset;
		// The datapath reports the policy verdict while it judges the packet (cilium bpf/lib/policy_log.h,
		// send_policy_verdict_notify), and the drop last, as the program's terminal call (bpf/lib/drop.h):
		// the drop gets a later time within the same millisecond, so the Relay, which merges the
		// agents' flows by time, keeps each pair in that order.
		let nanos = 0;
		for (const event of ['policy-verdict', 'drop'] as const) {
			// The verdict in the first half of the millisecond, the drop after it and before its end.
			nanos = event === 'policy-verdict' ? Math.floor(ctx.random() * 500_000) : nanos + 1 + Math.floor(ctx.random() * (999_999 - nanos));
			flows.push({
				time: timestamp(ms, nanos),
				uuid: randomUid(ctx.random),
				node: enforcer.node,
				nodeName: absoluteNodeName(enforcer),
				event,
				verdict: 'DROPPED',
				dropReason: 'POLICY_DENIED',
				direction: packets.direction,
				protocol: packets.l4.protocol,
				source,
				destination,
			});
		}
	}
	const onNode = flows.filter((f) => f.node === enforcer.node);
	if (onNode.length > FLOW_RING_SIZE) {
		const evicted = new Set(onNode.slice(0, onNode.length - FLOW_RING_SIZE));
		enforcer.cluster.flows = flows.filter((f) => !evicted.has(f));
	}
}

/** An ephemeral source port from Linux's default range (32768–60999). */
export function ephemeralPort(random: Random): number {
	return 32768 + Math.floor(random() * (60999 - 32768 + 1));
}
