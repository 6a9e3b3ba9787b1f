import {field, isObject, listObjects, stringRecord} from '../kube/objects.js';
import {
	isControlPlane,
	nodeInternalIp,
	nodeIsReady,
	podIp,
	podNode,
	podStatusText,
	readyContainers,
} from '../kube/pods.js';
import {selectorText} from '../kube/selectors.js';
import type {ClusterState, K8sObject} from '../state.js';
import {humanAge} from './format.js';

/** kubectl's human-readable columns per kind (`get` and `get -o wide`). */
export interface Columns {
	readonly headers: readonly string[];
	readonly wide: readonly string[];
	row(object: K8sObject, now: Date): {cells: string[]; wide: string[]};
}

const orNone = (text: string | undefined) => (text ? text : '<none>');

function matchLabelsText(selector: unknown): string {
	return selectorText(stringRecord(isObject(selector) ? selector.matchLabels : undefined));
}

function workloadWide(object: K8sObject): string[] {
	const template = field(field(field(object, 'spec'), 'template'), 'spec');
	const containers = Array.isArray(template.containers) ? template.containers.filter(isObject) : [];
	return [
		containers.map((c) => String(c.name)).join(','),
		containers.map((c) => String(c.image)).join(','),
		matchLabelsText(field(object, 'spec').selector),
	];
}

function servicePorts(object: K8sObject): string {
	const ports = field(object, 'spec').ports;
	if (!Array.isArray(ports) || ports.length === 0) return '<none>';
	return ports
		.filter(isObject)
		.map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`)
		.join(',');
}

function num(value: unknown): number {
	return typeof value === 'number' ? value : 0;
}

export function columnsFor(kind: string): Columns {
	const age = (o: K8sObject, now: Date) => humanAge(o.metadata.creationTimestamp, now);
	switch (kind) {
		case 'Pod':
			return {
				headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
				wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
				row: (o, now) => {
					const {ready, total} = readyContainers(o);
					return {cells: [o.metadata.name, `${ready}/${total}`, podStatusText(o), '0', age(o, now)], wide: [orNone(podIp(o)), orNone(podNode(o)), '<none>', '<none>']};
				},
			};
		case 'Service':
			return {
				headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
				wide: ['SELECTOR'],
				row: (o, now) => {
					const spec = field(o, 'spec');
					const type = String(spec.type ?? 'ClusterIP');
					return {
						cells: [o.metadata.name, type, String(spec.clusterIP ?? '<none>'), type === 'LoadBalancer' ? '<pending>' : '<none>', servicePorts(o), age(o, now)],
						wide: [selectorText(stringRecord(spec.selector))],
					};
				},
			};
		case 'Deployment':
			return {
				headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
				wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
				row: (o, now) => {
					const status = field(o, 'status');
					const wanted = num(field(o, 'spec').replicas);
					return {
						cells: [o.metadata.name, `${num(status.readyReplicas)}/${wanted}`, String(num(status.updatedReplicas)), String(num(status.availableReplicas)), age(o, now)],
						wide: workloadWide(o),
					};
				},
			};
		case 'ReplicaSet':
			return {
				headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
				wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
				row: (o, now) => {
					const status = field(o, 'status');
					return {cells: [o.metadata.name, String(num(field(o, 'spec').replicas)), String(num(status.replicas)), String(num(status.readyReplicas)), age(o, now)], wide: workloadWide(o)};
				},
			};
		case 'DaemonSet':
			return {
				headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
				wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
				row: (o, now) => {
					const s = field(o, 'status');
					const nodeSelector = field(field(field(o, 'spec'), 'template'), 'spec').nodeSelector;
					return {
						cells: [
							o.metadata.name,
							String(num(s.desiredNumberScheduled)),
							String(num(s.currentNumberScheduled)),
							String(num(s.numberReady)),
							String(num(s.updatedNumberScheduled)),
							String(num(s.numberAvailable)),
							selectorText(stringRecord(nodeSelector)),
							age(o, now),
						],
						wide: workloadWide(o),
					};
				},
			};
		case 'ConfigMap':
			return {headers: ['NAME', 'DATA', 'AGE'], wide: [], row: (o, now) => ({cells: [o.metadata.name, String(Object.keys(field(o, 'data')).length + Object.keys(field(o, 'binaryData')).length), age(o, now)], wide: []})};
		case 'Secret':
			return {headers: ['NAME', 'TYPE', 'DATA', 'AGE'], wide: [], row: (o, now) => ({cells: [o.metadata.name, String(o.type ?? 'Opaque'), String(Object.keys(field(o, 'data')).length), age(o, now)], wide: []})};
		case 'ServiceAccount':
			return {headers: ['NAME', 'SECRETS', 'AGE'], wide: [], row: (o, now) => ({cells: [o.metadata.name, '0', age(o, now)], wide: []})};
		case 'Namespace':
			return {headers: ['NAME', 'STATUS', 'AGE'], wide: [], row: (o, now) => ({cells: [o.metadata.name, String(field(o, 'status').phase ?? 'Active'), age(o, now)], wide: []})};
		case 'Node':
			return {
				headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
				wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
				row: (o, now) => {
					const info = field(field(o, 'status'), 'nodeInfo');
					return {
						cells: [o.metadata.name, nodeIsReady(o) ? 'Ready' : 'NotReady', isControlPlane(o) ? 'control-plane' : '<none>', age(o, now), String(info.kubeletVersion ?? '')],
						wide: [nodeInternalIp(o), '<none>', String(info.osImage ?? ''), String(info.kernelVersion ?? ''), String(info.containerRuntimeVersion ?? '')],
					};
				},
			};
		case 'CiliumNetworkPolicy':
		case 'CiliumClusterwideNetworkPolicy':
			return {headers: ['NAME', 'AGE', 'VALID'], wide: [], row: (o, now) => ({cells: [o.metadata.name, age(o, now), 'True'], wide: []})};
		default:
			return {headers: ['NAME', 'AGE'], wide: [], row: (o, now) => ({cells: [o.metadata.name, age(o, now)], wide: []})};
	}
}

/** The pods an object's `spec.selector` names: a workload's `matchLabels`, or a Service's label map. */
export function podsSelectedBy(cluster: ClusterState, object: K8sObject): K8sObject[] {
	const labels = field(field(object, 'spec'), 'selector');
	const wanted = isObject(labels.matchLabels) ? labels.matchLabels : labels;
	return listObjects(cluster, 'Pod', object.metadata.namespace).filter((p) =>
		Object.entries(wanted).every(([k, v]) => p.metadata.labels?.[k] === String(v)),
	);
}
