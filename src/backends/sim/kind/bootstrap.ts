import {VERSIONS} from '../../../core/versions.js';
import {admit} from '../kube/admission.js';
import {nodeConditions, reconcile} from '../kube/controllers.js';
import {createObject, type ServerEnv} from '../kube/objects.js';
import {nodeInternalIp, nodesOf} from '../kube/pods.js';
import {ipToNumber, numberToIp, parseCidr, subnet24, nthAddress} from '../net.js';
import type {ClusterState, K8sObject, SimState} from '../state.js';

/** What a kind config asks for (after defaults). */
export interface KindClusterPlan {
	readonly name: string;
	readonly roles: readonly ('control-plane' | 'worker')[];
	readonly podSubnet: string;
	readonly serviceSubnet: string;
	readonly disableDefaultCNI: boolean;
	readonly kubeProxy: boolean;
	readonly nodeImage: string;
}

/** Images inside the kind node image (kind ships them preloaded; versions.ts names them). */
const KIND_IMAGES = VERSIONS.kindNodeImages;

/** `kindest/node:v1.33.1@sha256:...` → `v1.33.1`. */
export function nodeVersion(image: string): string {
	return /:(v\d+\.\d+\.\d+)/.exec(image)?.[1] ?? 'v0.0.0';
}

/** The node image as kind prints it (without digest). */
export function displayImage(image: string): string {
	return image.replace(/@sha256:[0-9a-f]+$/, '');
}

/** kind joins every node to the one docker network `kind` (172.18.0.0/16); docker takes the lowest free address. */
function freeNodeIps(state: SimState, count: number): string[] {
	const used = new Set<number>();
	for (const cluster of Object.values(state.clusters)) {
		for (const node of nodesOf(cluster)) used.add(ipToNumber(nodeInternalIp(node)) ?? 0);
	}
	const base = ipToNumber('172.18.0.2') ?? 0;
	const out: string[] = [];
	for (let n = base; out.length < count; n++) if (!used.has(n)) out.push(numberToIp(n));
	return out;
}

function nodeNames(plan: KindClusterPlan): string[] {
	const counters = {'control-plane': 0, worker: 0};
	return plan.roles.map((role) => {
		counters[role]++;
		return `${plan.name}-${role}${counters[role] > 1 ? counters[role] : ''}`;
	});
}

/** Builds the cluster kind leaves behind: nodes, system namespaces, control plane, CoreDNS. */
export function bootstrapCluster(state: SimState, plan: KindClusterPlan, env: ServerEnv): ClusterState {
	const cluster: ClusterState = {
		name: plan.name,
		createdAt: env.now.toISOString(),
		nodeImage: plan.nodeImage,
		podSubnet: plan.podSubnet,
		serviceSubnet: plan.serviceSubnet,
		defaultCni: !plan.disableDefaultCNI,
		objects: [],
		resourceVersion: 400,
		ciliumCrds: false,
		cilium: null,
		flows: [],
		agents: {},
	};
	const add = (object: K8sObject) => createObject(cluster, env, admit(cluster, env, object));
	const version = nodeVersion(plan.nodeImage);
	const pods = parseCidr(plan.podSubnet);
	const ips = freeNodeIps(state, plan.roles.length);
	const hasWorkers = plan.roles.includes('worker');
	const names = nodeNames(plan);
	names.forEach((name, i) => {
		const controlPlane = plan.roles[i] === 'control-plane';
		const podCIDR = pods ? subnet24(pods, i) : '';
		add({
			apiVersion: 'v1',
			kind: 'Node',
			metadata: {
				name,
				labels: {
					'beta.kubernetes.io/arch': 'amd64',
					'beta.kubernetes.io/os': 'linux',
					'kubernetes.io/arch': 'amd64',
					'kubernetes.io/hostname': name,
					'kubernetes.io/os': 'linux',
					...(controlPlane ? {'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': ''} : {}),
				},
			},
			spec: {
				podCIDR,
				podCIDRs: [podCIDR],
				providerID: `kind://docker/${plan.name}/${name}`,
				...(controlPlane && hasWorkers ? {taints: [{effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane'}]} : {}),
			},
			status: {
				addresses: [
					{type: 'InternalIP', address: ips[i]},
					{type: 'Hostname', address: name},
				],
				conditions: nodeConditions(!plan.disableDefaultCNI),
				nodeInfo: {
					architecture: 'amd64',
					containerRuntimeVersion: `containerd://${VERSIONS.toolOutputs.containerd}`,
					kernelVersion: '6.8.0-sim',
					kubeProxyVersion: version,
					kubeletVersion: version,
					operatingSystem: 'linux',
					osImage: VERSIONS.toolOutputs.nodeOsImage,
				},
			},
		});
	});
	for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']) {
		add({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
	}
	const services = parseCidr(plan.serviceSubnet);
	add({
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name: 'kubernetes', namespace: 'default', labels: {component: 'apiserver', provider: 'kubernetes'}},
		spec: {clusterIP: services ? nthAddress(services, 1) : undefined, ports: [{name: 'https', port: 443, protocol: 'TCP', targetPort: 6443}]},
	});
	add({
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {
			name: 'kube-dns',
			namespace: 'kube-system',
			labels: {'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
			annotations: {'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true'},
		},
		spec: {
			clusterIP: services ? nthAddress(services, 10) : undefined,
			selector: {'k8s-app': 'kube-dns'},
			ports: [
				{name: 'dns', port: 53, protocol: 'UDP', targetPort: 53},
				{name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53},
				{name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153},
			],
		},
	});
	const controlPlaneNode = names[plan.roles.indexOf('control-plane')] ?? names[0] ?? '';
	for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
		const image = component === 'etcd' ? KIND_IMAGES.etcd : `registry.k8s.io/${component}:${version}`;
		add({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: `${component}-${controlPlaneNode}`, namespace: 'kube-system', labels: {component, tier: 'control-plane'}},
			spec: {nodeName: controlPlaneNode, hostNetwork: true, priorityClassName: 'system-node-critical', containers: [{name: component, image}]},
			status: {phase: 'Pending'},
		});
	}
	const systemDaemon = (name: string, image: string, labels: Record<string, string>) =>
		add({
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name, namespace: 'kube-system', labels},
			spec: {
				selector: {matchLabels: labels},
				template: {
					metadata: {labels},
					spec: {hostNetwork: true, tolerations: [{operator: 'Exists'}], containers: [{name, image}], nodeSelector: {'kubernetes.io/os': 'linux'}},
				},
			},
		});
	if (plan.kubeProxy) systemDaemon('kube-proxy', `registry.k8s.io/kube-proxy:${version}`, {'k8s-app': 'kube-proxy'});
	if (!plan.disableDefaultCNI) systemDaemon('kindnet', KIND_IMAGES.kindnet, {app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node'});
	const deployment = (name: string, namespace: string, replicas: number, labels: Record<string, string>, image: string, tolerations: object[]) =>
		add({
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name, namespace, labels},
			spec: {
				replicas,
				selector: {matchLabels: labels},
				template: {metadata: {labels}, spec: {containers: [{name, image}], tolerations}},
			},
		});
	deployment('coredns', 'kube-system', 2, {'k8s-app': 'kube-dns'}, KIND_IMAGES.coredns, [
		{key: 'CriticalAddonsOnly', operator: 'Exists'},
		{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'},
	]);
	deployment('local-path-provisioner', 'local-path-storage', 1, {app: 'local-path-provisioner'}, KIND_IMAGES.localPathProvisioner, [
		{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule', operator: 'Equal'},
	]);
	reconcile(cluster, env);
	return cluster;
}
