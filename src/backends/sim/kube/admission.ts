import {cidrSize, nthAddress, parseCidr} from '../net.js';
import {randomIndex} from '../random.js';
import type {ClusterState, K8sObject} from '../state.js';
import {field, isObject, listObjects, type ServerEnv} from './objects.js';

/**
 * What the API server adds to an object on create or update: defaults, a ClusterIP and
 * NodePorts for Services, a Namespace's phase. On update, allocated addresses are kept.
 */
export function admit(cluster: ClusterState, env: ServerEnv, object: K8sObject, previous?: K8sObject): K8sObject {
	switch (object.kind) {
		case 'Service':
			return admitService(cluster, env, object, previous);
		case 'Deployment':
			return {
				...object,
				spec: {
					replicas: 1,
					revisionHistoryLimit: 10,
					progressDeadlineSeconds: 600,
					strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}},
					...field(object, 'spec'),
				},
			};
		case 'Namespace':
			return {
				...object,
				metadata: {
					...object.metadata,
					labels: {'kubernetes.io/metadata.name': object.metadata.name, ...object.metadata.labels},
				},
				spec: {finalizers: ['kubernetes'], ...field(object, 'spec')},
				status: {phase: 'Active'},
			};
		case 'Secret':
			return {type: 'Opaque', ...object};
		default:
			return object;
	}
}

function admitService(cluster: ClusterState, env: ServerEnv, object: K8sObject, previous?: K8sObject): K8sObject {
	const spec = field(object, 'spec');
	const before = previous ? field(previous, 'spec') : {};
	const type = String(spec.type ?? 'ClusterIP');
	const beforePorts = Array.isArray(before.ports) ? before.ports.filter(isObject) : [];
	const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isObject).map((p, i) => {
		const port: Record<string, unknown> = {protocol: 'TCP', ...p, targetPort: p.targetPort ?? p.port};
		if (type === 'NodePort' || type === 'LoadBalancer') {
			port.nodePort = p.nodePort ?? beforePorts[i]?.nodePort ?? allocateNodePort(cluster, env);
		}
		return port;
	});
	const headless = spec.clusterIP === 'None';
	const clusterIP = headless ? 'None' : String(spec.clusterIP ?? before.clusterIP ?? allocateClusterIp(cluster, env));
	return {
		...object,
		spec: {
			...spec,
			type,
			ports,
			clusterIP,
			clusterIPs: [clusterIP],
			ipFamilies: ['IPv4'],
			ipFamilyPolicy: 'SingleStack',
			sessionAffinity: spec.sessionAffinity ?? 'None',
			internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
			...(type === 'NodePort' || type === 'LoadBalancer' ? {externalTrafficPolicy: spec.externalTrafficPolicy ?? 'Cluster'} : {}),
		},
		status: {loadBalancer: {}},
	};
}

function usedServiceIps(cluster: ClusterState): Set<string> {
	return new Set(listObjects(cluster, 'Service').map((s) => String(field(s, 'spec').clusterIP ?? '')));
}

/**
 * A free address of the service range, chosen at random like the API server's allocator: a
 * random offset, then the next free one (a /16 has too many addresses to list them all).
 */
function allocateClusterIp(cluster: ClusterState, env: ServerEnv): string {
	const range = parseCidr(cluster.serviceSubnet);
	if (!range) throw new Error(`bad service subnet ${cluster.serviceSubnet}`);
	const used = usedServiceIps(cluster);
	// .1 is the kubernetes Service and .10 kube-dns; dynamic allocation avoids the low band.
	const first = 16;
	const count = cidrSize(range) - 2 - first + 1;
	const start = randomIndex(env.random, count);
	for (let i = 0; i < count; i++) {
		const ip = nthAddress(range, first + ((start + i) % count));
		if (!used.has(ip)) return ip;
	}
	throw new Error('service range exhausted');
}

function allocateNodePort(cluster: ClusterState, env: ServerEnv): number {
	const used = new Set<number>();
	for (const s of listObjects(cluster, 'Service')) {
		const ports = field(s, 'spec').ports;
		if (Array.isArray(ports)) for (const p of ports) if (isObject(p) && typeof p.nodePort === 'number') used.add(p.nodePort);
	}
	for (;;) {
		const port = 30000 + randomIndex(env.random, 2768);
		if (!used.has(port)) return port;
	}
}
