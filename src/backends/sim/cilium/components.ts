import {Buffer} from 'node:buffer';
import {admit} from '../kube/admission.js';
import {reconcile} from '../kube/controllers.js';
import {createObject, findObject, removeObject, updateObject, type ServerEnv} from '../kube/objects.js';
import type {Random} from '../random.js';
import type {ClusterState, K8sObject} from '../state.js';
import {
	ciliumImages,
	clustermeshServiceType,
	encryptionType,
	hubbleRelayEnabled,
	hubbleUiEnabled,
	releaseClusterId,
	releaseClusterName,
	releasePolicyDefaultLocalCluster,
} from './release.js';

/**
 * Renders the Cilium release into Kubernetes objects (what `helm upgrade` would apply) and keeps
 * the cluster's objects in line: new ones created, changed ones updated, dropped ones deleted.
 */

const HELM_ANNOTATIONS = {'meta.helm.sh/release-name': 'cilium', 'meta.helm.sh/release-namespace': 'kube-system'};
const HELM_LABELS = {'app.kubernetes.io/managed-by': 'Helm'};

function managed(kind: string, apiVersion: string, name: string, labels: Record<string, string>, rest: Record<string, unknown>): K8sObject {
	return {
		apiVersion,
		kind,
		metadata: {name, namespace: 'kube-system', labels: {...labels, ...HELM_LABELS}, annotations: {...HELM_ANNOTATIONS}},
		...rest,
	};
}

function workload(
	kind: 'DaemonSet' | 'Deployment',
	name: string,
	labels: Record<string, string>,
	containers: {name: string; image: string}[],
	options: {hostNetwork?: boolean; replicas?: number; secretVolumes?: {name: string; secret: string; mountPath: string}[]} = {},
): K8sObject {
	const secrets = options.secretVolumes ?? [];
	return managed(kind, 'apps/v1', name, labels, {
		spec: {
			...(kind === 'Deployment' ? {replicas: options.replicas ?? 1} : {}),
			selector: {matchLabels: labels},
			template: {
				metadata: {labels: {...labels, 'app.kubernetes.io/part-of': 'cilium'}},
				spec: {
					...(options.hostNetwork ? {hostNetwork: true} : {}),
					...(kind === 'DaemonSet' || options.hostNetwork ? {tolerations: [{operator: 'Exists'}]} : {}),
					containers: containers.map((c) => ({
						...c,
						imagePullPolicy: 'IfNotPresent',
						...(secrets.length > 0 ? {volumeMounts: secrets.map((v) => ({name: v.name, mountPath: v.mountPath}))} : {}),
					})),
					serviceAccountName: name,
					...(secrets.length > 0 ? {volumes: secrets.map((v) => ({name: v.name, secret: {secretName: v.secret}}))} : {}),
				},
			},
		},
	});
}

function service(name: string, labels: Record<string, string>, selector: Record<string, string>, port: number, targetPort: number, type = 'ClusterIP', nodePort?: number): K8sObject {
	return managed('Service', 'v1', name, labels, {
		spec: {type, selector, ports: [{port, protocol: 'TCP', targetPort, ...(nodePort ? {nodePort} : {})}]},
	});
}

function ciliumConfigData(cluster: ClusterState): Record<string, string> {
	const release = cluster.cilium;
	if (!release) return {};
	const policyDefault = releasePolicyDefaultLocalCluster(release);
	const encryption = encryptionType(release);
	return {
		'cluster-id': String(releaseClusterId(release)),
		'cluster-name': releaseClusterName(cluster, release),
		'enable-hubble': 'true',
		'enable-ipv4': 'true',
		'enable-ipv6': 'false',
		'enable-l7-proxy': 'true',
		'enable-policy': 'default',
		...(encryption === 'wireguard' ? {'enable-wireguard': 'true'} : {}),
		...(encryption === 'ipsec' ? {'enable-ipsec': 'true'} : {}),
		'hubble-listen-address': ':4244',
		'identity-allocation-mode': 'crd',
		ipam: release.values['ipam.mode'] ?? 'kubernetes',
		'kube-proxy-replacement': release.values.kubeProxyReplacement ?? 'false',
		'max-connected-clusters': '255',
		...(policyDefault === undefined ? {} : {'policy-default-local-cluster': String(policyDefault)}),
		'routing-mode': 'tunnel',
		'tunnel-protocol': 'vxlan',
	};
}

function desiredObjects(cluster: ClusterState): K8sObject[] {
	const release = cluster.cilium;
	if (!release) return [];
	const images = ciliumImages(release.version);
	const objects: K8sObject[] = [
		managed('ConfigMap', 'v1', 'cilium-config', {}, {data: ciliumConfigData(cluster)}),
		workload('DaemonSet', 'cilium', {'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent'}, [{name: 'cilium-agent', image: images.agent}], {
			hostNetwork: true,
			// IPsec mounts its keys into the agents (chart cilium-agent/daemonset.yaml): without the secret they never start.
			...(encryptionType(release) === 'ipsec' ? {secretVolumes: [{name: 'cilium-ipsec-secrets', secret: 'cilium-ipsec-keys', mountPath: '/etc/ipsec'}]} : {}),
		}),
		workload('DaemonSet', 'cilium-envoy', {'k8s-app': 'cilium-envoy', name: 'cilium-envoy', 'app.kubernetes.io/name': 'cilium-envoy'}, [{name: 'cilium-envoy', image: images.envoy}], {hostNetwork: true}),
		workload('Deployment', 'cilium-operator', {'io.cilium/app': 'operator', name: 'cilium-operator', 'app.kubernetes.io/name': 'cilium-operator'}, [{name: 'cilium-operator', image: images.operator}], {hostNetwork: true}),
		service('hubble-peer', {'k8s-app': 'cilium'}, {'k8s-app': 'cilium'}, 443, 4244),
	];
	if (hubbleRelayEnabled(release)) {
		objects.push(
			workload('Deployment', 'hubble-relay', {'k8s-app': 'hubble-relay', 'app.kubernetes.io/name': 'hubble-relay'}, [{name: 'hubble-relay', image: images.hubbleRelay}]),
			service('hubble-relay', {'k8s-app': 'hubble-relay'}, {'k8s-app': 'hubble-relay'}, 80, 4245),
		);
	}
	if (hubbleUiEnabled(release)) {
		objects.push(
			workload('Deployment', 'hubble-ui', {'k8s-app': 'hubble-ui', 'app.kubernetes.io/name': 'hubble-ui'}, [
				{name: 'frontend', image: images.hubbleUi},
				{name: 'backend', image: images.hubbleUiBackend},
			]),
			service('hubble-ui', {'k8s-app': 'hubble-ui'}, {'k8s-app': 'hubble-ui'}, 80, 8081),
		);
	}
	const meshType = clustermeshServiceType(release);
	if (meshType) {
		const labels = {'k8s-app': 'clustermesh-apiserver', 'app.kubernetes.io/name': 'clustermesh-apiserver'};
		const nodePort = meshType === 'NodePort' ? Number(release.values['clustermesh.apiserver.service.nodePort'] ?? '32379') : undefined;
		objects.push(
			workload('Deployment', 'clustermesh-apiserver', labels, [
				{name: 'etcd', image: images.clustermeshApiserver},
				{name: 'apiserver', image: images.clustermeshApiserver},
				{name: 'kvstoremesh', image: images.clustermeshApiserver},
			]),
			service('clustermesh-apiserver', labels, labels, 2379, 2379, meshType, nodePort),
		);
	}
	if (release.peers.length > 0) {
		const data = Object.fromEntries(
			release.peers.map((p) => [p.name, Buffer.from(`endpoints:\n- https://${p.name}.mesh.cilium.io:2379\n`).toString('base64')]),
		);
		objects.push(managed('Secret', 'v1', 'cilium-clustermesh', {}, {type: 'Opaque', data}));
	}
	return objects;
}

function isHelmManaged(object: K8sObject): boolean {
	return object.metadata.annotations?.['meta.helm.sh/release-name'] === 'cilium' && object.metadata.name !== 'cilium-ca';
}

/** Applies the release to the cluster's objects; with no release, removes what Helm installed. */
export function syncCiliumComponents(cluster: ClusterState, env: ServerEnv): void {
	const desired = desiredObjects(cluster);
	const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
	const wanted = new Set(desired.map(key));
	for (const object of cluster.objects.filter(isHelmManaged)) {
		if (!wanted.has(key(object))) removeObject(cluster, object);
	}
	for (const object of desired) {
		const existing = findObject(cluster, object.kind, 'kube-system', object.metadata.name);
		if (!existing) {
			createObject(cluster, env, admit(cluster, env, object));
			continue;
		}
		const merged = admit(cluster, env, {...existing, ...object, metadata: {...existing.metadata, ...object.metadata}, status: existing.status}, existing);
		if (JSON.stringify({...merged, status: undefined}) !== JSON.stringify({...existing, status: undefined})) updateObject(cluster, merged);
	}
	if (cluster.cilium) cluster.ciliumCrds = true;
	reconcile(cluster, env);
}

/** A PEM block of random bytes: the simulator's stand-in for a generated CA (never used for TLS). */
function fakePem(random: Random, label: string, bytes: number): string {
	const data = Buffer.from(Array.from({length: bytes}, () => Math.floor(random() * 256))).toString('base64');
	const lines = data.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The chart reuses an existing `cilium-ca` secret (that is how clusters share a CA), else generates one. */
export function ensureCiliumCa(cluster: ClusterState, env: ServerEnv): void {
	if (findObject(cluster, 'Secret', 'kube-system', 'cilium-ca')) return;
	const crt = Buffer.from(fakePem(env.random, 'CERTIFICATE', 780)).toString('base64');
	const key = Buffer.from(fakePem(env.random, 'RSA PRIVATE KEY', 1190)).toString('base64');
	createObject(cluster, env, managed('Secret', 'v1', 'cilium-ca', {}, {type: 'Opaque', data: {'ca.crt': crt, 'ca.key': key}}));
}

export function caCertificateOf(cluster: ClusterState): string | null {
	const secret = findObject(cluster, 'Secret', 'kube-system', 'cilium-ca');
	const data = secret?.data;
	if (!data || typeof data !== 'object') return null;
	const crt = (data as Record<string, unknown>)['ca.crt'];
	return typeof crt === 'string' ? Buffer.from(crt, 'base64').toString('utf8') : null;
}
