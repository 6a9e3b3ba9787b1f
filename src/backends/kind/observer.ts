import {stat} from 'node:fs/promises';
import {CLUSTERS, contextOf, isClusterName, type ClusterName} from '../../core/lab.js';
import {buildProbeScript} from '../../checks/probe-protocol.js';
import {podRefWorkload, type PodRef, type ProbeQuery} from '../observations.js';
import type {StatePaths} from '../../state/paths.js';
import {ObservationError, type FlowObservation, type Observer} from '../observations.js';
import {connectCluster, execInPod, isNotFound, type ClusterClient} from './k8s-client.js';
import {
	caCertificateOf,
	ciliumConfigObservation,
	deploymentObservation,
	encryptionModeOf,
	nodeObservation,
	pickReadyPod,
	runningPods,
	selectorOf,
} from './k8s-observations.js';
import {parseClustermeshStatus} from './parse/clustermesh-status.js';
import {parseEncryptStatus} from './parse/encrypt-status.js';
import {parseHubbleFlows} from './parse/hubble-flows.js';
import {parseInspectPolicies} from './parse/inspect-policies.js';
import {parseKindClusters} from './parse/kind-clusters.js';
import {capture, type Runner} from './runner.js';

const AGENT_SELECTOR = 'k8s-app=cilium';
const AGENT_CONTAINER = 'cilium-agent';
/** The x-wing container of manifests/app.yaml. */
const X_WING = {deployment: 'x-wing', container: 'x-wing-container', namespace: 'default'};
const EXEC_TIMEOUT_MS = 60_000;

/**
 * The live Observer: Kubernetes objects through client-node, loaded from the tool's own
 * per-cluster kubeconfig for exactly that cluster's context; what the API does not show
 * (kind's cluster list, mesh connectivity) through the CLIs, run by the safe runner.
 */
/** Attached clusters (attach mode): their own kubeconfigs and contexts, lesson objects in the lab namespace. */
export interface AttachedView {
	kubeconfig(cluster: ClusterName): string;
	context(cluster: ClusterName): string;
	/** Where lesson objects live instead of `default`. */
	readonly namespace: string;
	/** Each lab cluster's Cilium cluster name. */
	readonly names: Readonly<Record<ClusterName, string>>;
}

export function createLiveObserver(options: {readonly paths: StatePaths; readonly runner: Runner; readonly attached?: AttachedView}): Observer {
	const {paths, runner, attached} = options;
	/** Lesson objects are in `default` on kind, in the lab namespace on attached clusters. */
	const ns = (namespace: string) => (attached && namespace === 'default' ? attached.namespace : namespace);
	/** A remote cluster's Cilium name as the lab names it. */
	const labName = (name: string) => (attached ? (CLUSTERS.find((c) => attached.names[c] === name) ?? name) : name);
	const clients = new Map<ClusterName, {mtimeMs: number; client: Promise<ClusterClient>}>();

	/** The cluster's client, or null when the tool has no kubeconfig for it (it does not exist for us). */
	const clientOf = async (cluster: ClusterName): Promise<ClusterClient | null> => {
		const file = attached?.kubeconfig(cluster) ?? paths.kubeconfig(cluster);
		const info = await stat(file).catch(() => undefined);
		if (!info) return null;
		const cached = clients.get(cluster);
		// A re-created cluster rewrites the file (new port, new certificates): reload then.
		if (cached && cached.mtimeMs === info.mtimeMs) return cached.client;
		const client = connectCluster(file, attached?.context(cluster) ?? contextOf(cluster));
		clients.set(cluster, {mtimeMs: info.mtimeMs, client});
		client.catch(() => clients.delete(cluster));
		return client;
	};

	/** Runs a read against the cluster: null when absent (no kubeconfig, or 404), ObservationError when unreachable. */
	const read = async <T>(cluster: ClusterName, fn: (client: ClusterClient) => Promise<T>): Promise<T | null> => {
		const client = await clientOf(cluster);
		if (!client) return null;
		try {
			return await fn(client);
		} catch (error) {
			if (isNotFound(error)) return null;
			if (error instanceof ObservationError) throw error;
			throw new ObservationError(`${cluster}: ${(error as Error).message}`);
		}
	};

	const agentPods = (client: ClusterClient) =>
		client.core.listNamespacedPod({namespace: 'kube-system', labelSelector: AGENT_SELECTOR}).then((l) => runningPods(l.items));

	/** `deploy/<name>` resolves to the deployment's first ready pod. */
	const resolvePod = async (client: ClusterClient, namespace: string, pod: string): Promise<string | null> => {
		const workload = podRefWorkload(pod);
		if (!workload) return pod;
		const owner =
			workload.kind === 'DaemonSet'
				? await client.apps.readNamespacedDaemonSet({namespace, name: workload.name})
				: await client.apps.readNamespacedDeployment({namespace, name: workload.name});
		const labelSelector = selectorOf(owner);
		if (!labelSelector) return null;
		const pods = await client.core.listNamespacedPod({namespace, labelSelector});
		return pickReadyPod(pods.items)?.metadata?.name ?? null;
	};

	const observer: Observer = {
		async clusters() {
			// Attached clusters are not kind's: both exist as long as the attachment does.
			if (attached) return [...CLUSTERS];
			const result = await capture(runner, {command: 'kind get clusters', target: 'lab', timeoutMs: 30_000});
			if (result.exitCode !== 0) throw new ObservationError(`kind get clusters failed: ${result.stderr.trim().split('\n')[0] ?? ''}`);
			return parseKindClusters(result.stdout).filter(isClusterName);
		},
		nodes: (cluster) => read(cluster, async (c) => (await c.core.listNode()).items.map(nodeObservation)),
		deployment: (cluster, namespace, name) =>
			read(cluster, async (c) => deploymentObservation(await c.apps.readNamespacedDeployment({namespace: ns(namespace), name}))),
		service: (cluster, namespace, name) =>
			read(cluster, async (c) => ({annotations: {...(await c.core.readNamespacedService({namespace: ns(namespace), name})).metadata?.annotations}})),
		configMap: (cluster, namespace, name) =>
			read(cluster, async (c) => ({data: {...(await c.core.readNamespacedConfigMap({namespace: ns(namespace), name})).data}})),
		policies: (cluster, namespace) =>
			read(cluster, async (c) => {
				try {
					const list = (await c.custom.listNamespacedCustomObject({group: 'cilium.io', version: 'v2', namespace: ns(namespace), plural: 'ciliumnetworkpolicies'})) as {
						items?: Array<{metadata?: {name?: string}}>;
					};
					return (list.items ?? []).map((p) => p.metadata?.name ?? '').filter(Boolean).sort();
				} catch (error) {
					// Before Cilium is installed its CRDs do not exist: no policies.
					if (isNotFound(error)) return [];
					throw error;
				}
			}),
		ciliumConfig: (cluster) =>
			read(cluster, async (c) => ciliumConfigObservation(await c.core.readNamespacedConfigMap({namespace: 'kube-system', name: 'cilium-config'}))),
		caCertificate: (cluster) =>
			read(cluster, async (c) => caCertificateOf((await c.core.readNamespacedSecret({namespace: 'kube-system', name: 'cilium-ca'})).data)),
		async mesh(cluster) {
			const apiserver = await observer.deployment(cluster, 'kube-system', 'clustermesh-apiserver');
			if (!(await clientOf(cluster))) return null;
			if (!apiserver) return {enabled: false, connected: []};
			const result = await capture(runner, {command: 'cilium clustermesh status -o json', target: cluster, timeoutMs: 60_000});
			const status = parseClustermeshStatus(result.stdout);
			return {enabled: true, connected: (status?.connected ?? []).map(labName).filter(isClusterName)};
		},
		async policyDefaultLocalCluster(cluster) {
			if (!(await observer.ciliumConfig(cluster))) return null;
			const command = 'cilium clustermesh inspect-policy-default-local-cluster --all-namespaces';
			const result = await capture(runner, {command, target: cluster, timeoutMs: 60_000});
			if (result.exitCode !== 0) throw new ObservationError(`${command} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`);
			return parseInspectPolicies(result.stdout);
		},
		async probe(query: ProbeQuery, signal?: AbortSignal) {
			const raw = await read(query.from, async (c) => {
				const pod = await resolvePod(c, ns(X_WING.namespace), `deploy/${X_WING.deployment}`);
				if (!pod) throw new ObservationError(`no ready x-wing pod in ${query.from}`);
				const result = await execInPod(c, {namespace: ns(X_WING.namespace), pod, container: X_WING.container}, ['sh', '-c', buildProbeScript(query)], {
					signal,
					timeoutMs: query.timeoutSeconds * 1000 + 20_000,
				});
				return result.stdout;
			});
			if (raw === null) throw new ObservationError(`cluster ${query.from} does not exist`);
			return {raw};
		},
		hubbleDrops: (cluster, signal) =>
			read(cluster, async (c) => {
				const pods = await agentPods(c);
				const perNode = await Promise.all(
					pods.map(async (pod) => {
						const result = await execInPod(
							c,
							{namespace: 'kube-system', pod: pod.metadata?.name ?? '', container: AGENT_CONTAINER},
							['hubble', 'observe', '--verdict', 'DROPPED', '-o', 'json', '--last', '1000'],
							{signal, timeoutMs: EXEC_TIMEOUT_MS},
						);
						return parseHubbleFlows(result.stdout, pod.spec?.nodeName ?? '');
					}),
				);
				return perNode.flat() satisfies FlowObservation[];
			}),
		podExec: (target: PodRef, command, signal) =>
			read(target.cluster, async (c) => {
				const pod = await resolvePod(c, ns(target.namespace), target.pod);
				if (!pod) return null;
				const result = await execInPod(c, {namespace: ns(target.namespace), pod, container: ''}, command, {signal, timeoutMs: EXEC_TIMEOUT_MS});
				if (result.exitCode === undefined) throw new ObservationError(`exec in ${pod} ended without an exit status`);
				return {exitCode: result.exitCode, output: result.stdout + result.stderr};
			}),
		encryption: (cluster) =>
			read(cluster, async (c) => {
				// The mode is configuration (a plain read); only WireGuard's peer count needs an agent.
				const mode = encryptionModeOf(await c.core.readNamespacedConfigMap({namespace: 'kube-system', name: 'cilium-config'}));
				if (mode === 'disabled') return {mode, peers: 0};
				const pod = (await agentPods(c))[0]?.metadata?.name;
				if (!pod) throw new ObservationError(`no running Cilium agent in ${cluster}`);
				const result = await execInPod(c, {namespace: 'kube-system', pod, container: AGENT_CONTAINER}, ['cilium-dbg', 'encrypt', 'status'], {
					timeoutMs: EXEC_TIMEOUT_MS,
				});
				const parsed = parseEncryptStatus(result.stdout);
				if (!parsed) throw new ObservationError(`could not read \`cilium-dbg encrypt status\` in ${cluster}: ${result.stderr.trim()}`);
				return {mode, peers: parsed.peers};
			}),
	};
	return observer;
}
