import {CLUSTERS, type ClusterName} from '../../core/lab.js';
import {VERSIONS} from '../../core/versions.js';
import {formatProbeLine, probeUrl} from '../../checks/probe-protocol.js';
import {podRefWorkload, type PodRef, type ProbeQuery} from '../observations.js';
import {ObservationError, type Observer} from '../observations.js';
import {caCertificateOf} from './cilium/components.js';
import {agentNodes, configuredEncryption} from './cilium/agents.js';
import {nodeEncryption} from './cilium/encryption.js';
import {agentSettings, clustermeshServiceType} from './cilium/release.js';
import {peerConnected} from './cilium/status.js';
import {runCurl} from './container/curl.js';
import {imageProfile} from './container/images.js';
import {endpointOf} from './datapath/endpoints.js';
import {localClusterDefaultReport} from './datapath/policy.js';
import {newNet} from './datapath/network.js';
import {flowObservation} from './container/hubble-format.js';
import {field, findObject, listObjects, stringRecord} from './kube/objects.js';
import {containersOf, isControlPlane, nodeIsReady, nodesOf, podPhase, preferredPod, workloadPods} from './kube/pods.js';
import {KubectlError} from './kubectl/common.js';
import {execInPod} from './kubectl/exec.js';
import type {ProgramContext} from './context.js';
import {UnsupportedFeature} from './shell/host.js';
import type {ClusterState, K8sObject, SimState} from './state.js';
import type {SimStore} from './store.js';

/**
 * The Observer over the simulated lab. Reads never change the lab; probes and pod commands only
 * advance the PRNG and record the drops they cause, like real traffic would.
 */
export interface ObserverDeps {
	readonly store: SimStore;
	/** What a program running against `state` sees (its clock and PRNG among it). */
	readonly context: (state: SimState) => ProgramContext;
}

function runProbe(state: SimState, query: ProbeQuery, deps: ObserverDeps): string {
	const cluster = state.clusters[query.from];
	if (!cluster) throw new ObservationError(`cluster ${query.from} does not exist`);
	const pod = preferredPod(listObjects(cluster, 'Pod', 'default').filter((p) => p.metadata.labels?.name === 'x-wing'));
	if (!pod) throw new ObservationError(`no x-wing pod in ${query.from} (namespace default): deploy the app first`);
	if (podPhase(pod) !== 'Running') throw new ObservationError(`x-wing pod ${pod.metadata.name} in ${query.from} is not running`);
	const profile = imageProfile(containersOf(pod)[0]?.image ?? '');
	const net = newNet(state, deps.context(state).env);
	const client = endpointOf(cluster, pod);
	const lines: string[] = [];
	for (let i = 1; i <= query.count; i++) {
		let code = '';
		let stderr = '';
		let body = '';
		const args = ['-sS', '--max-time', String(query.timeoutSeconds), '-X', query.method, '-o', '/tmp/cmtprobe', '-w', '%{http_code}', probeUrl(query)];
		const exitCode = runCurl(net, client, profile?.curlVersion ?? VERSIONS.toolOutputs.curlXWing, args, {
			stdout: (t) => (code += t),
			stderr: (t) => (stderr += t),
			writeFile: (_path, content) => (body = content),
		});
		const status = Number(code);
		lines.push(formatProbeLine(i, {exitCode, httpStatus: Number.isInteger(status) && status > 0 ? status : null, stderr, body}));
	}
	return `${lines.join('\n')}\n`;
}

/** A pod by name, or the pod kubectl would pick for `deploy/<name>` or `ds/<name>`. */
function podFor(cluster: ClusterState, ref: PodRef): K8sObject | undefined {
	const workload = podRefWorkload(ref.pod);
	if (!workload) return findObject(cluster, 'Pod', ref.namespace, ref.pod);
	const owner = findObject(cluster, workload.kind, ref.namespace, workload.name);
	return owner && preferredPod(workloadPods(cluster, owner));
}

export function createObserver(deps: ObserverDeps): Observer {
	const read = async <T>(fn: (state: SimState) => T): Promise<T> => fn(await deps.store.read());
	const cluster = (state: SimState, name: ClusterName) => state.clusters[name];
	/** Traffic changes only telemetry; committed through the store so the next call sees it. */
	const traffic = <T>(fn: (state: SimState) => T, signal?: AbortSignal): Promise<T> => {
		signal?.throwIfAborted();
		return deps.store.transact((state) => ({state, result: fn(state)}));
	};
	return {
		clusters: () => read((s) => CLUSTERS.filter((c) => s.clusters[c] !== undefined)),
		nodes: (name) =>
			read((s) => {
				const c = cluster(s, name);
				return c ? nodesOf(c).map((n) => ({name: n.metadata.name, ready: nodeIsReady(n), role: isControlPlane(n) ? ('control-plane' as const) : ('worker' as const)})) : null;
			}),
		deployment: (name, namespace, deployment) =>
			read((s) => {
				const c = cluster(s, name);
				const d = c && findObject(c, 'Deployment', namespace, deployment);
				if (!d) return null;
				const replicas = field(d, 'spec').replicas;
				const ready = field(d, 'status').readyReplicas;
				return {replicas: typeof replicas === 'number' ? replicas : 1, readyReplicas: typeof ready === 'number' ? ready : 0};
			}),
		service: (name, namespace, service) =>
			read((s) => {
				const c = cluster(s, name);
				const svc = c && findObject(c, 'Service', namespace, service);
				return svc ? {annotations: {...svc.metadata.annotations}} : null;
			}),
		configMap: (name, namespace, configMap) =>
			read((s) => {
				const c = cluster(s, name);
				const object = c && findObject(c, 'ConfigMap', namespace, configMap);
				return object ? {data: stringRecord(object.data)} : null;
			}),
		policies: (name, namespace) =>
			read((s) => {
				const c = cluster(s, name);
				return c ? listObjects(c, 'CiliumNetworkPolicy', namespace).map((p) => p.metadata.name) : null;
			}),
		ciliumConfig: (name) =>
			read((s) => {
				const c = cluster(s, name);
				return c ? agentSettings(c) : null;
			}),
		policyDefaultLocalCluster: (name) =>
			read((s) => {
				const c = cluster(s, name);
				if (!c || !agentSettings(c)) return null;
				return Object.values(localClusterDefaultReport(c)).flatMap((entries) => Object.entries(entries).map(([policy, flagged]) => ({policy, flagged})));
			}),
		caCertificate: (name) =>
			read((s) => {
				const c = cluster(s, name);
				return c ? caCertificateOf(c) : null;
			}),
		mesh: (name) =>
			read((s) => {
				const c = cluster(s, name);
				if (!c) return null;
				const enabled = Boolean(c.cilium && clustermeshServiceType(c.cilium) && findObject(c, 'Deployment', 'kube-system', 'clustermesh-apiserver'));
				const connected = (c.cilium?.peers ?? []).filter((p) => peerConnected(s, c, p)).map((p) => p.name);
				return {enabled, connected};
			}),
		probe: async (query, signal) => {
			try {
				return {raw: await traffic((s) => runProbe(s, query, deps), signal)};
			} catch (error) {
				if (error instanceof UnsupportedFeature) throw new ObservationError(`${error.message} (probe from ${query.from})`);
				throw error;
			}
		},
		hubbleDrops: (name, signal) => {
			signal?.throwIfAborted();
			return read((s) => {
				const c = cluster(s, name);
				return c ? c.flows.map(flowObservation) : null;
			});
		},
		podExec: async (ref, command, signal) => {
			try {
				return await traffic((s) => {
					const c = s.clusters[ref.cluster];
					const pod = c && podFor(c, ref);
					if (!c || !pod) return null;
					let output = '';
					const append = (t: string) => (output += t);
					const exitCode = execInPod(deps.context(s), c, pod, undefined, command, {out: append, err: append, stdin: ''});
					return {exitCode, output};
				}, signal);
			} catch (error) {
				if (error instanceof KubectlError || error instanceof UnsupportedFeature) throw new ObservationError(error.message);
				throw error;
			}
		},
		encryption: (name) =>
			read((s) => {
				const c = cluster(s, name);
				if (!c) return null;
				// Like the live observer: the mode as configured, the peers as the first agent reports them.
				const mode = configuredEncryption(stringRecord(findObject(c, 'ConfigMap', 'kube-system', 'cilium-config')?.data));
				if (mode !== 'wireguard') return {mode, peers: 0};
				const node = agentNodes(c)[0];
				return {mode, peers: node ? nodeEncryption(s, c, node).peers : 0};
			}),
	};
}
