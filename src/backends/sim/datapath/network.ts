import {VERSIONS} from '../../../core/versions.js';
import {peerConnected} from '../cilium/status.js';
import {field, findObject, isObject, type ServerEnv} from '../kube/objects.js';
import {containersOf, podIp, podsOf} from '../kube/pods.js';
import {cidrContains, isIpv4, parseCidr} from '../net.js';
import {randomIndex} from '../random.js';
import {UnsupportedFeature} from '../shell/host.js';
import {ACCESS_LOG_SIZE, type ClusterState, type K8sObject, type SimState} from '../state.js';
import {endpointOf, readyEndpoints, type Endpoint} from './endpoints.js';
import {ephemeralPort, recordDeniedPackets} from './flows.js';
import {httpAllowed, policyVerdict, type HttpRule, type L4} from './policy.js';
import {serviceBackends, serviceByClusterIp, servicePorts} from './services.js';
import {withoutDigest} from '../../../images/catalog.js';

/**
 * The simulated network between pods of the mesh: name resolution through kube-dns, Service load
 * balancing, policy enforcement at both ends (recording Hubble drops), the L7 proxy, and what
 * the server at the other end answers.
 */
export interface Net {
	readonly state: SimState;
	readonly env: ServerEnv;
	/** Virtual time the command has spent so far (timeouts, sleeps): it dates Hubble's flows. */
	readonly clock: {elapsedMs: number};
}

/** A network for one command (a probe), or for a command line's programs sharing its `clock`. */
export function newNet(state: SimState, env: ServerEnv, clock: {elapsedMs: number} = {elapsedMs: 0}): Net {
	return {state, env, clock};
}

export type Resolution =
	| {readonly kind: 'address'; readonly ip: string; readonly name: string}
	| {readonly kind: 'nxdomain'}
	| {readonly kind: 'timeout'};

export interface HttpRequest {
	readonly method: string;
	readonly path: string;
	readonly host: string;
	readonly userAgent: string;
}

export interface HttpResponse {
	readonly status: number;
	readonly reason: string;
	readonly headers: readonly (readonly [string, string])[];
	readonly body: string;
}

export type HttpOutcome =
	| {readonly kind: 'response'; readonly ip: string; readonly port: number; readonly response: HttpResponse}
	/** Nothing accepts the connection (no backend, or no server on that port). */
	| {readonly kind: 'refused'; readonly ip: string; readonly port: number}
	/** Packets are dropped (policy) or go nowhere: the client times out. */
	| {readonly kind: 'dropped'; readonly ip: string; readonly port: number};

const CLUSTER_DOMAIN = 'cluster.local';
/** `<service>.<namespace>.svc.cluster.local`. */
const SERVICE_NAME = new RegExp(`^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.${CLUSTER_DOMAIN.replace('.', '\\.')}$`);

/** When a client sends SYNs before giving up: at 0, 1, 3, 7, 15... seconds (exponential backoff). */
function synOffsets(timeoutMs: number): number[] {
	const offsets: number[] = [];
	for (let t = 0; t * 1000 < timeoutMs && offsets.length < 7; t = t * 2 + 1) offsets.push(t * 1000);
	return offsets.length > 0 ? offsets : [0];
}

/** The stub resolver's queries: one, then a retry after its 5 s timeout (glibc `timeout:5 attempts:2`). */
export const RESOLVER_ATTEMPT_MS = 5000;

function queryOffsets(timeoutMs: number): number[] {
	return [0, RESOLVER_ATTEMPT_MS].filter((t) => t === 0 || t < timeoutMs);
}

/** Enforces policy on both ends; a drop is recorded where it happens. Returns the L7 rules in force. */
function admitTraffic(net: Net, source: Endpoint, destination: Endpoint, l4: L4, timeoutMs: number): {allowed: boolean; http: HttpRule[][]} {
	const deny = (enforcer: Endpoint, direction: 'INGRESS' | 'EGRESS') => {
		recordDeniedPackets(
			{random: net.env.random, at: new Date(net.env.now.getTime() + net.clock.elapsedMs)},
			{enforcer, direction, source, destination, l4, sourcePort: ephemeralPort(net.env.random), offsetsMs: l4.protocol === 'TCP' ? synOffsets(timeoutMs) : queryOffsets(timeoutMs)},
		);
		return {allowed: false, http: []};
	};
	const egress = policyVerdict(source, 'egress', destination, l4);
	if (!egress.allowed) return deny(source, 'EGRESS');
	const ingress = policyVerdict(destination, 'ingress', source, l4);
	if (!ingress.allowed) return deny(destination, 'INGRESS');
	return {allowed: true, http: [egress.http, ingress.http].filter((h): h is HttpRule[] => h !== null).map((h) => [...h])};
}

/** The pods of the mesh a client can reach directly: its cluster's, and those of connected clusters. */
function reachableClusters(net: Net, cluster: ClusterState): ClusterState[] {
	const peers = (cluster.cilium?.peers ?? [])
		.filter((p) => peerConnected(net.state, cluster, p))
		.map((p) => net.state.clusters[p.kindCluster])
		.filter((c): c is ClusterState => c !== undefined);
	return [cluster, ...peers];
}

/** Resolves a name the way the pod's resolver does: /etc/hosts, then kube-dns with the search path. */
export function resolve(net: Net, client: Endpoint, name: string, timeoutMs: number): Resolution {
	if (isIpv4(name)) return {kind: 'address', ip: name, name};
	if (name === 'localhost') return {kind: 'address', ip: '127.0.0.1', name};
	if (name === client.pod.metadata.name) return {kind: 'address', ip: client.ip, name};
	const dnsService = findObject(client.cluster, 'Service', 'kube-system', 'kube-dns');
	const dnsPods = readyEndpoints(client.cluster, 'kube-system').filter((e) => e.pod.metadata.labels?.['k8s-app'] === 'kube-dns');
	// Each lookup goes to the kube-dns Service, which picks one CoreDNS pod at random.
	const dnsPod = dnsPods.length > 0 ? dnsPods[randomIndex(net.env.random, dnsPods.length)] : undefined;
	if (!dnsService || !dnsPod) return {kind: 'timeout'};
	if (!admitTraffic(net, client, dnsPod, {port: 53, protocol: 'UDP'}, timeoutMs).allowed) return {kind: 'timeout'};
	const absolute = name.endsWith('.');
	const bare = name.replace(/\.$/, '');
	const search = [`${client.namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
	// ndots:5 — a relative name with fewer than 5 dots tries the search path first.
	const candidates = absolute ? [bare] : [...search.map((d) => `${bare}.${d}`), bare];
	for (const fqdn of candidates) {
		const m = SERVICE_NAME.exec(fqdn);
		if (!m) continue;
		const svc = findObject(client.cluster, 'Service', m[2], m[1] ?? '');
		const ip = svc ? String(field(svc, 'spec').clusterIP ?? '') : '';
		if (svc && ip && ip !== 'None') return {kind: 'address', ip, name: fqdn};
	}
	if (bare.includes('.') && !bare.endsWith(CLUSTER_DOMAIN)) {
		throw new UnsupportedFeature(`reaching "${bare}" outside the lab (the simulator has no internet)`);
	}
	return {kind: 'nxdomain'};
}

function labAddress(net: Net, ip: string): boolean {
	return Object.values(net.state.clusters).some((c) =>
		[c.podSubnet, c.serviceSubnet].some((cidr) => {
			const range = parseCidr(cidr);
			return range !== null && cidrContains(range, ip);
		}),
	);
}

function findEndpointByIp(net: Net, client: Endpoint, ip: string): Endpoint | undefined {
	for (const cluster of reachableClusters(net, client.cluster)) {
		const pod = podsOf(cluster).find((p) => podIp(p) === ip);
		if (pod) return endpointOf(cluster, pod);
	}
	return undefined;
}

/** One HTTP exchange over a new connection from a pod (each curl is one). */
export function httpRequest(net: Net, client: Endpoint, ip: string, port: number, request: HttpRequest, timeoutMs: number): HttpOutcome {
	let destination: Endpoint | undefined;
	let targetPort = port;
	if (ip === '127.0.0.1') destination = client;
	else {
		const svc = serviceByClusterIp(client.cluster, ip);
		if (svc) {
			const svcPort = servicePorts(svc).find((p) => p.port === port && p.protocol === 'TCP');
			// Inferred: no rule for this port on a virtual IP, so nothing ever answers.
			if (!svcPort) return {kind: 'dropped', ip, port};
			const {selected} = serviceBackends(net.state, client.cluster, svc, svcPort);
			// Cilium's socket load balancer refuses connections to a Service without backends (inferred from its datapath).
			if (selected.length === 0) return {kind: 'refused', ip, port};
			const backend = selected[randomIndex(net.env.random, selected.length)];
			if (!backend) return {kind: 'refused', ip, port};
			destination = backend.endpoint;
			targetPort = backend.port;
		} else {
			destination = findEndpointByIp(net, client, ip);
			if (!destination) {
				if (!labAddress(net, ip)) throw new UnsupportedFeature(`reaching ${ip} outside the lab (the simulator has no internet)`);
				return {kind: 'dropped', ip, port};
			}
		}
	}
	const l4: L4 = {port: targetPort, protocol: 'TCP'};
	const admitted = destination === client ? {allowed: true, http: []} : admitTraffic(net, client, destination, l4, timeoutMs);
	if (!admitted.allowed) return {kind: 'dropped', ip, port};
	const server = serverOf(destination.pod, targetPort);
	if (!server) return {kind: 'refused', ip, port};
	const path = request.path.split('?')[0] ?? '/';
	if (admitted.http.some((rules) => !httpAllowed(rules, request.method, path))) {
		return {kind: 'response', ip, port, response: envoyDenied(net)};
	}
	const response = server(destination.cluster, destination.pod, request.method, path, net);
	recordAccess(net, destination, destination === client ? '127.0.0.1' : client.ip, request, response);
	return {kind: 'response', ip, port, response};
}

/** What the server's access log keeps of a request it answered (in its own cluster). */
function recordAccess(net: Net, server: Endpoint, clientIp: string, request: HttpRequest, response: HttpResponse): void {
	const log = (server.cluster.accessLog ??= []);
	log.push({
		time: new Date(net.env.now.getTime() + net.clock.elapsedMs).toISOString(),
		namespace: server.namespace,
		pod: server.pod.metadata.name,
		clientIp,
		method: request.method,
		target: request.path,
		status: response.status,
		bytes: request.method === 'HEAD' ? 0 : Buffer.byteLength(response.body),
		userAgent: request.userAgent,
	});
	if (log.length > ACCESS_LOG_SIZE) log.splice(0, log.length - ACCESS_LOG_SIZE);
}

type Server = (cluster: ClusterState, pod: K8sObject, method: string, path: string, net: Net) => HttpResponse;

/** What listens on a pod port, by image: nginx and json-server (json-mock) listen on 80. */
function serverOf(pod: K8sObject, port: number): Server | null {
	const images = containersOf(pod).map((c) => c.image);
	if (port !== 80) return null;
	if (images.some((i) => /(^|\/)nginx[:@]/.test(i))) return nginx;
	if (images.some((i) => i.includes('json-mock'))) return jsonServer;
	if (images.length > 0) throw new UnsupportedFeature(`requests to a pod running ${withoutDigest(images[0] ?? 'this image')}`);
	return null;
}

function httpDate(net: Net): string {
	return net.env.now.toUTCString();
}

function nginxVersion(pod: K8sObject): string {
	const image = containersOf(pod).find((c) => /nginx[:@]/.test(c.image))?.image ?? '';
	const version = /nginx:(\d+\.\d+\.\d+)/;
	return version.exec(image)?.[1] ?? version.exec(VERSIONS.images.rebelBase)?.[1] ?? '';
}

/** Files nginx serves from /usr/share/nginx/html (a mounted ConfigMap, else the welcome page). */
export function nginxDocuments(cluster: ClusterState, pod: K8sObject): Map<string, string> {
	const spec = field(pod, 'spec');
	const docs = new Map<string, string>();
	const volumes = Array.isArray(spec.volumes) ? spec.volumes.filter(isObject) : [];
	for (const container of Array.isArray(spec.containers) ? spec.containers.filter(isObject) : []) {
		for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts.filter(isObject) : []) {
			if (String(mount.mountPath).replace(/\/$/, '') !== '/usr/share/nginx/html') continue;
			const volume = volumes.find((v) => v.name === mount.name);
			const source = volume ? field(volume, 'configMap') : {};
			const cm = typeof source.name === 'string' ? findObject(cluster, 'ConfigMap', pod.metadata.namespace, source.name) : undefined;
			const data = cm ? field(cm, 'data') : {};
			const items = Array.isArray(source.items) ? source.items.filter(isObject) : null;
			const entries: [string, string][] = items
				? items.map((i) => [String(i.path), String(data[String(i.key)] ?? '')])
				: Object.entries(data).map(([k, v]) => [k, String(v)]);
			for (const [file, content] of entries) docs.set(`/${file}`, content);
			return docs;
		}
	}
	docs.set('/index.html', NGINX_WELCOME);
	return docs;
}

const NGINX_WELCOME =
	'<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n';

function nginxError(version: string, status: number, reason: string): string {
	return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

const nginx: Server = (cluster, pod, method, path, net) => {
	const version = nginxVersion(pod);
	const docs = nginxDocuments(cluster, pod);
	const file = docs.get(path.endsWith('/') ? `${path}index.html` : path);
	const respond = (status: number, reason: string, body: string, type: string): HttpResponse => ({
		status,
		reason,
		headers: [
			['Server', `nginx/${version}`],
			['Date', httpDate(net)],
			['Content-Type', type],
			['Content-Length', String(Buffer.byteLength(body))],
			['Connection', 'keep-alive'],
		],
		body,
	});
	if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return respond(405, 'Not Allowed', nginxError(version, 405, 'Not Allowed'), 'text/html');
	if (file === undefined) return respond(404, 'Not Found', nginxError(version, 404, 'Not Found'), 'text/html');
	if (method === 'POST') return respond(405, 'Not Allowed', nginxError(version, 405, 'Not Allowed'), 'text/html');
	return respond(200, 'OK', method === 'HEAD' ? '' : file, 'text/html');
};

/** Inferred: json-server answers its JSON database on `/`, 404 `{}` elsewhere. */
const jsonServer: Server = (_cluster, _pod, _method, path, net) => {
	const found = path === '/' || path === '/db';
	const body = found ? '{}\n' : '{}';
	return {
		status: found ? 200 : 404,
		reason: found ? 'OK' : 'Not Found',
		headers: [
			['X-Powered-By', 'Express'],
			['Content-Type', 'application/json; charset=utf-8'],
			['Content-Length', String(body.length)],
			['Date', httpDate(net)],
		],
		body,
	};
};

function envoyDenied(net: Net): HttpResponse {
	const body = 'Access denied\r\n';
	return {
		status: 403,
		reason: 'Forbidden',
		headers: [
			['content-length', String(body.length)],
			['content-type', 'text/plain'],
			['date', httpDate(net)],
			['server', 'envoy'],
		],
		body,
	};
}
