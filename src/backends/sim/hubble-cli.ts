import {caCertificateOf} from './cilium/components.js';
import {peerConnected} from './cilium/status.js';
import {resolveContext, type ProgramContext, type ProgramResult} from './context.js';
import {observeFlows} from './container/hubble.js';
import type {FlagSpecs} from './flags.js';
import {flagBool, flagString} from './flags.js';
import {findObject} from './kube/objects.js';
import {isPodReady, workloadPods} from './kube/pods.js';
import {UnsupportedFeature} from './shell/host.js';
import type {ClusterState, FlowRecord, SimState} from './state.js';
import {byteOrder} from './tabwriter.js';

/**
 * The hubble CLI on the learner's computer. It talks to Hubble Relay, which merges the flows of
 * every agent it can reach, so one query sees what each node recorded (cilium-facts §5). In a
 * Cluster Mesh the Relay also reaches the agents of connected clusters, whose Hubble
 * certificates its CA trusts ("visibility for the entire cluster or even multiple clusters in a
 * ClusterMesh scenario", cilium docs, Hubble introduction). The
 * simulator reaches the Relay the way one command can: `-P`/`--port-forward` opens a port-forward
 * to the `hubble-relay` Service for the length of the command (hubble
 * `cmd/common/config/flags.go`: `port-forward`, `kube-context`, `kube-namespace`). Without it the
 * CLI dials localhost:4245, where nothing listens unless `cilium hubble port-forward` runs in
 * another terminal, which the simulator does not model.
 */

const SERVER: FlagSpecs = {
	'port-forward': {type: 'bool', short: 'P'},
	'port-forward-port': {type: 'string'},
	'kube-context': {type: 'string'},
	'kube-namespace': {type: 'string'},
	kubeconfig: {type: 'string'},
	server: {type: 'string'},
};

/** What a cluster's Relay merges: its own agents' flows and those of connected clusters sharing its CA, by time. */
function relayFlows(state: SimState, cluster: ClusterState): FlowRecord[] {
	const remote = (cluster.cilium?.peers ?? [])
		.filter((peer) => peerConnected(state, cluster, peer))
		.flatMap((peer) => state.clusters[peer.kindCluster] ?? [])
		.filter((other) => caCertificateOf(other) === caCertificateOf(cluster));
	return [cluster, ...remote].flatMap((c) => c.flows).sort((a, b) => byteOrder(a.time, b.time));
}

export function runHubble(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const [sub, ...rest] = argv;
	if (sub !== 'observe') throw new UnsupportedFeature(`hubble ${sub ?? ''} on your computer`.trim());
	const io = {out: ctx.io.stdout, err: ctx.io.stderr, stdin: ctx.stdin};
	const exitCode = observeFlows(rest, io, {
		flags: SERVER,
		flows: (flags) => {
			if (flagString(flags, 'server') !== undefined) throw new UnsupportedFeature('hubble observe --server (the simulator reaches Hubble Relay through -P)');
			if (!flagBool(flags, 'port-forward')) {
				io.err(`failed to connect to 'localhost:4245': context deadline exceeded: connection error: desc = "transport: error while dialing: dial tcp 127.0.0.1:4245: connect: connection refused"\n`);
				return 1;
			}
			const resolved = resolveContext(ctx, flagString(flags, 'kube-context'));
			if (!resolved.ok) {
				io.err(resolved.reason === 'missing-context' ? `Error: context "${resolved.context}" does not exist\n` : 'Error: no current context set in your kubeconfig\n');
				return 1;
			}
			const namespace = flagString(flags, 'kube-namespace') ?? 'kube-system';
			const relay = findObject(resolved.cluster, 'Deployment', namespace, 'hubble-relay');
			if (!relay || !findObject(resolved.cluster, 'Service', namespace, 'hubble-relay')) {
				io.err(`Error: failed to port-forward: services "hubble-relay" not found\n`);
				return 1;
			}
			if (!workloadPods(resolved.cluster, relay).some(isPodReady)) {
				io.err(`Error: failed to port-forward: no running pod for service "hubble-relay"\n`);
				return 1;
			}
			return relayFlows(ctx.state, resolved.cluster);
		},
	});
	return {exitCode};
}
