import {createHash} from 'node:crypto';
import {peerConnected} from '../cilium/status.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {ClusterState, K8sObject, SimState} from '../state.js';
import {findObject, listObjects} from './objects.js';
import {containersOf, podNode} from './pods.js';
import {withoutDigest} from '../../../images/catalog.js';

/**
 * What `kubectl logs` shows for the containers the lab models, built only from what the lab has
 * seen: pods starting, policies stored, clusters connected, requests served. Nothing here is
 * invented beyond the wording of each component's own log lines, and the same lab gives the same
 * lines. Formats:
 * - Cilium 1.18+ (agent, kvstoremesh, clustermesh-apiserver) logs through slog's text handler:
 *   `time=<RFC 3339 nano> level=info msg="…" module=<hive module> key=value` (as in agent logs quoted in
 *   cilium/cilium issues, e.g. #45417 for kvstoremesh; "Connection to remote cluster established" is
 *   the line the Cluster Mesh troubleshooting guide tells readers to look for).
 * - etcd 3.5 logs JSON through zap (`{"level":"info","ts":"…","msg":"…"}`; the `caller` field is left out).
 * - nginx: the official image's entrypoint lines, the error log's `[notice]` lines and the access log
 *   in the image's `main` format (`$remote_addr - $remote_user [$time_local] "$request" $status
 *   $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`).
 * - CoreDNS: its start-up banner (`.:53`, `CoreDNS-<version>`).
 * Which hive module logs a line is inferred where no quoted log showed it (marked below).
 */

export interface LogLine {
	/** RFC 3339 with nanoseconds (what `kubectl logs --timestamps` prefixes). */
	readonly time: string;
	readonly text: string;
}

/** A stable sub-second part for a whole-second event, so the same lab prints the same lines. */
function nanos(seed: string): string {
	return String(createHash('sha256').update(seed).digest().readUInt32BE(0) % 1_000_000_000).padStart(9, '0');
}

function at(iso: string, seed: string): string {
	const base = iso.replace(/(\.\d+)?Z$/, '');
	return `${base}.${nanos(seed)}Z`;
}

/** Go's RFC3339Nano drops trailing zeros of the fraction. */
function goNano(time: string): string {
	return time.replace(/\.?0+Z$/, 'Z');
}

function later(...times: (string | undefined)[]): string {
	return times.filter((t): t is string => t !== undefined).sort().at(-1) ?? '';
}

function quote(value: string): string {
	return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}

function slog(time: string, msg: string, module: string, attrs: readonly [string, string][] = []): LogLine {
	const rest = attrs.map(([k, v]) => ` ${k}=${quote(v)}`).join('');
	return {time, text: `time=${goNano(time)} level=info msg=${JSON.stringify(msg)} module=${module}${rest}`};
}

const created = (object: K8sObject | undefined) => object?.metadata.creationTimestamp;

/** The remote clusters this cluster's Cilium is connected to, with the moment the mesh secret appeared. */
function connectedPeers(state: SimState, cluster: ClusterState): {name: string; since: string | undefined}[] {
	const secret = findObject(cluster, 'Secret', 'kube-system', 'cilium-clustermesh');
	return (cluster.cilium?.peers ?? []).filter((p) => peerConnected(state, cluster, p)).map((p) => ({name: p.name, since: created(secret)}));
}

const POLICY_KINDS = [
	['CiliumNetworkPolicy', 'cnp'],
	['CiliumClusterwideNetworkPolicy', 'ccnp'],
	['NetworkPolicy', 'netpol'],
] as const;

/** The agent: start, each policy it imported (in the order they were stored), each remote cluster. */
function agentLog(state: SimState, cluster: ClusterState, pod: K8sObject): LogLine[] {
	const start = created(pod) ?? '';
	const uid = pod.metadata.uid ?? pod.metadata.name;
	const events: {time: string; lines: (time: string) => LogLine[]}[] = [
		// [inferred module] the daemon's start-up line, as the agent prints it once initialised.
		{time: start, lines: (t) => [slog(t, 'Daemon initialization completed', 'agent.controlplane.daemon')]},
	];
	const policies = POLICY_KINDS.flatMap(([kind, short]) =>
		listObjects(cluster, kind).map((o) => ({o, resource: `${short}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`})),
	).sort((a, b) => Number(a.o.metadata.resourceVersion ?? 0) - Number(b.o.metadata.resourceVersion ?? 0));
	policies.forEach(({o, resource}, i) => {
		const revision = String(i + 2);
		events.push({
			time: later(start, created(o)),
			lines: (t) => [
				slog(t, 'Processing policy updates', 'agent.controlplane.policy', [['count', '1']]),
				slog(t, 'Upserted policy to repository', 'agent.controlplane.policy', [
					['resource', resource],
					['policyRevision', revision],
					['deletedRules', '0'],
				]),
				slog(t, 'Policy repository updates complete, triggering endpoint updates', 'agent.controlplane.policy', [['policyRevision', revision]]),
			],
		});
	});
	for (const peer of connectedPeers(state, cluster)) {
		events.push({
			time: later(start, peer.since),
			// [inferred module] the message is the one the troubleshooting guide names.
			lines: (t) => [slog(t, 'Connection to remote cluster established', 'agent.controlplane.clustermesh', [['clusterName', peer.name], ['config', `/var/lib/cilium/clustermesh/${peer.name}`]])],
		});
	}
	return timeline(events, uid);
}

/** kvstoremesh: one established connection per remote cluster (module as in cilium/cilium#45417). */
function kvstoremeshLog(state: SimState, cluster: ClusterState, pod: K8sObject): LogLine[] {
	const start = created(pod) ?? '';
	const module = 'kvstoremesh.leader-lifecycle.kvstoremesh';
	return timeline(
		connectedPeers(state, cluster).map((peer) => ({
			time: later(start, peer.since),
			lines: (t) => [
				slog(t, 'Initial etcd connection established', module, [['clusterName', peer.name], ['config', `/var/lib/cilium/clustermesh/${peer.name}`]]),
				slog(t, 'Connection to remote cluster established', module, [['clusterName', peer.name], ['config', `/var/lib/cilium/clustermesh/${peer.name}`]]),
			],
		})),
		pod.metadata.uid ?? pod.metadata.name,
	);
}

function etcdLog(pod: K8sObject): LogLine[] {
	const time = at(created(pod) ?? '', `${pod.metadata.name}/etcd`);
	const line = (msg: string) => ({time, text: JSON.stringify({level: 'info', ts: time.replace(/(\.\d{6})\d*Z$/, '$1Z'), msg})});
	return [line('ready to serve client requests')];
}

function clustermeshApiserverLog(cluster: ClusterState, pod: K8sObject): LogLine[] {
	const time = at(created(pod) ?? '', `${pod.metadata.name}/apiserver`);
	// [inferred module and wording] the cluster's own name and ID, which the apiserver publishes for its peers.
	const config = findObject(cluster, 'ConfigMap', 'kube-system', 'cilium-config');
	const data = (config?.data ?? {}) as Record<string, string>;
	return [slog(time, 'Starting clustermesh-apiserver', 'clustermesh-apiserver', [['clusterName', data['cluster-name'] ?? 'default'], ['clusterID', data['cluster-id'] ?? '0']])];
}

function corednsLog(pod: K8sObject, image: string): LogLine[] {
	const time = at(created(pod) ?? '', `${pod.metadata.name}/coredns`);
	const version = /coredns:v?([\d.]+)/.exec(image)?.[1] ?? '';
	return [{time, text: '.:53'}, {time, text: `CoreDNS-${version}`}];
}

/** nginx/1.27.1 prints these on start (docker-library/nginx entrypoint, then the master process). */
const NGINX_ENTRYPOINT = [
	'/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
	'/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
	'/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
	'10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
	'10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
	'/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
	'/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
	'/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
	'/docker-entrypoint.sh: Configuration complete; ready for start up',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** nginx's `$time_local` in a UTC container: `01/Jun/2025:12:00:00 +0000`. */
function timeLocal(date: Date): string {
	return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** The error log's own stamp: `2025/06/01 12:00:00`. */
function errorLogTime(date: Date): string {
	return `${date.getUTCFullYear()}/${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

function nginxLog(cluster: ClusterState, pod: K8sObject, image: string): LogLine[] {
	const startIso = at(created(pod) ?? '', `${pod.metadata.name}/nginx`);
	const start = new Date(startIso);
	const version = /nginx:(\d+\.\d+\.\d+)/.exec(image)?.[1] ?? '';
	const notice = (text: string) => ({time: startIso, text: `${errorLogTime(start)} [notice] 1#1: ${text}`});
	const access = (cluster.accessLog ?? [])
		.filter((r) => r.pod === pod.metadata.name && r.namespace === pod.metadata.namespace)
		.map((r) => ({
			time: at(r.time, `${r.pod}/${r.time}`),
			text: `${r.clientIp} - - [${timeLocal(new Date(r.time))}] "${r.method} ${r.target} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}" "-"`,
		}));
	return [
		...NGINX_ENTRYPOINT.map((text) => ({time: startIso, text})),
		notice('using the "epoll" event method'),
		notice(`nginx/${version}`),
		notice('start worker processes'),
		...access,
	];
}

/** Orders events by time; lines of one event share its (stable) timestamp. */
function timeline(events: readonly {time: string; lines: (time: string) => LogLine[]}[], seed: string): LogLine[] {
	return [...events]
		.map((e, i) => ({...e, i}))
		.sort((a, b) => a.time.localeCompare(b.time) || a.i - b.i)
		.flatMap((e) => e.lines(at(e.time, `${seed}/${e.i}`)));
}

/** The lines of one container, or UnsupportedFeature when the simulator does not model its log. */
export function containerLog(state: SimState, cluster: ClusterState, pod: K8sObject, container: string): LogLine[] {
	const image = containersOf(pod).find((c) => c.name === container)?.image ?? '';
	const owner = pod.metadata.labels?.['k8s-app'];
	if (container === 'cilium-agent' && podNode(pod) !== undefined) return agentLog(state, cluster, pod);
	if (owner === 'clustermesh-apiserver') {
		if (container === 'kvstoremesh') return kvstoremeshLog(state, cluster, pod);
		if (container === 'etcd') return etcdLog(pod);
		if (container === 'apiserver') return clustermeshApiserverLog(cluster, pod);
	}
	if (container === 'coredns' && owner === 'kube-dns') return corednsLog(pod, image);
	if (/(^|\/)nginx[:@]/.test(image)) return nginxLog(cluster, pod, image);
	throw new UnsupportedFeature(`the logs of ${image ? withoutDigest(image) : container} (the simulator models the logs of cilium-agent, clustermesh-apiserver, coredns and nginx)`);
}
