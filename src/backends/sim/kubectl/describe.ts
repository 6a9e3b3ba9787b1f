import type {ProgramResult} from '../context.js';
import {servicePorts} from '../datapath/services.js';
import {field, findObject, isObject, listObjects, ownedBy, stringRecord} from '../kube/objects.js';
import {containersOf, isPodReady, nodeInternalIp, podIp, podNode, podStatusText} from '../kube/pods.js';
import {selectorText} from '../kube/selectors.js';
import type {K8sObject} from '../state.js';
import {tabwrite} from '../tabwriter.js';
import {getOrThrow, resourceRefs, type Kube} from './common.js';
import {listScoped, selectorFlag} from './get.js';
import {podsSelectedBy} from './tables.js';

/** `kubectl describe`: short, real-looking summaries (Services, Deployments, Pods, Nodes, any CRD). */

const HIDDEN_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function mapLines(label: string, map: Record<string, string> | undefined, width: number): string[] {
	const entries = Object.entries(map ?? {}).filter(([k]) => !HIDDEN_ANNOTATIONS.has(k)).sort(([a], [b]) => a.localeCompare(b));
	if (entries.length === 0) return [`${label.padEnd(width)}<none>`];
	const sep = label.startsWith('Annotations') ? ': ' : '=';
	return entries.map(([k, v], i) => `${(i === 0 ? label : '').padEnd(width)}${k}${sep}${v}`);
}

function timestamp(text: string | undefined): string {
	if (!text) return '<unknown>';
	const d = new Date(text);
	const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
	const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function describeService(kube: Kube, svc: K8sObject): string[] {
	const spec = field(svc, 'spec');
	const w = 26;
	const selector = stringRecord(spec.selector);
	const backends = podsSelectedBy(kube.cluster, svc).filter((p) => isPodReady(p) && Object.keys(selector).length > 0);
	const lines = [
		`${'Name:'.padEnd(w)}${svc.metadata.name}`,
		`${'Namespace:'.padEnd(w)}${svc.metadata.namespace ?? ''}`,
		...mapLines('Labels:', svc.metadata.labels, w),
		...mapLines('Annotations:', svc.metadata.annotations, w),
		`${'Selector:'.padEnd(w)}${selectorText(selector)}`,
		`${'Type:'.padEnd(w)}${String(spec.type ?? 'ClusterIP')}`,
		`${'IP Family Policy:'.padEnd(w)}SingleStack`,
		`${'IP Families:'.padEnd(w)}IPv4`,
		`${'IP:'.padEnd(w)}${String(spec.clusterIP ?? '')}`,
		`${'IPs:'.padEnd(w)}${String(spec.clusterIP ?? '')}`,
	];
	for (const port of servicePorts(svc)) {
		const raw = (Array.isArray(spec.ports) ? spec.ports : []).find((p) => isObject(p) && p.port === port.port);
		const name = isObject(raw) && typeof raw.name === 'string' ? raw.name : '<unset>';
		lines.push(`${'Port:'.padEnd(w)}${name}  ${port.port}/${port.protocol}`);
		lines.push(`${'TargetPort:'.padEnd(w)}${port.targetPort}/${port.protocol}`);
		if (isObject(raw) && raw.nodePort) lines.push(`${'NodePort:'.padEnd(w)}${name}  ${String(raw.nodePort)}/${port.protocol}`);
		lines.push(`${'Endpoints:'.padEnd(w)}${backends.map((p) => `${podIp(p) ?? ''}:${port.targetPort}`).join(',')}`);
	}
	lines.push(`${'Session Affinity:'.padEnd(w)}None`, `${'Internal Traffic Policy:'.padEnd(w)}Cluster`, `${'Events:'.padEnd(w)}<none>`);
	return lines;
}

function containerLines(template: Record<string, unknown>, indent: string): string[] {
	const containers = Array.isArray(template.containers) ? template.containers.filter(isObject) : [];
	return containers.flatMap((c) => [
		`${indent}${String(c.name)}:`,
		`${indent} Image:        ${String(c.image)}`,
		`${indent} Port:         <none>`,
		`${indent} Host Port:    <none>`,
		`${indent} Environment:  <none>`,
		`${indent} Mounts:       ${Array.isArray(c.volumeMounts) && c.volumeMounts.length > 0 ? c.volumeMounts.filter(isObject).map((m) => `${String(m.mountPath)} from ${String(m.name)} (rw)`).join(`\n${indent}               `) : '<none>'}`,
	]);
}

function describeDeployment(kube: Kube, d: K8sObject): string[] {
	const spec = field(d, 'spec');
	const status = field(d, 'status');
	const template = field(spec, 'template');
	const w = 24;
	const replicas = Number(spec.replicas ?? 1);
	const num = (v: unknown) => (typeof v === 'number' ? v : 0);
	const rs = listObjects(kube.cluster, 'ReplicaSet', d.metadata.namespace).filter((r) => ownedBy(r, d) && Number(field(r, 'spec').replicas ?? 0) > 0);
	const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
	return [
		`${'Name:'.padEnd(w)}${d.metadata.name}`,
		`${'Namespace:'.padEnd(w)}${d.metadata.namespace ?? ''}`,
		`${'CreationTimestamp:'.padEnd(w)}${timestamp(d.metadata.creationTimestamp)}`,
		...mapLines('Labels:', d.metadata.labels, w),
		...mapLines('Annotations:', {'deployment.kubernetes.io/revision': '1', ...d.metadata.annotations}, w),
		`${'Selector:'.padEnd(w)}${selectorText(stringRecord(field(spec, 'selector').matchLabels))}`,
		`${'Replicas:'.padEnd(w)}${replicas} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable`,
		`${'StrategyType:'.padEnd(w)}RollingUpdate`,
		`${'MinReadySeconds:'.padEnd(w)}0`,
		`${'RollingUpdateStrategy:'.padEnd(w)}25% max unavailable, 25% max surge`,
		'Pod Template:',
		...mapLines('  Labels:', field(template, 'metadata').labels as Record<string, string> | undefined, 11),
		'  Containers:',
		...containerLines(field(template, 'spec'), '   '),
		'Conditions:',
		...tabwrite([['Type', 'Status', 'Reason'], ['----', '------', '------'], ...conditions.map((c) => [String(c.type), String(c.status), String(c.reason)])], 2).map((l) => `  ${l}`),
		`${'OldReplicaSets:'.padEnd(16)} <none>`,
		`${'NewReplicaSet:'.padEnd(16)} ${rs[0] ? `${rs[0].metadata.name} (${replicas}/${replicas} replicas created)` : '<none>'}`,
		'Events:          <none>',
	];
}

function describePod(kube: Kube, pod: K8sObject): string[] {
	const w = 17;
	const node = podNode(pod);
	const nodeObject = node ? findObject(kube.cluster, 'Node', undefined, node) : undefined;
	const owner = pod.metadata.ownerReferences?.[0];
	return [
		`${'Name:'.padEnd(w)}${pod.metadata.name}`,
		`${'Namespace:'.padEnd(w)}${pod.metadata.namespace ?? ''}`,
		`${'Priority:'.padEnd(w)}0`,
		`${'Service Account:'.padEnd(w)}${String(field(pod, 'spec').serviceAccountName ?? 'default')}`,
		`${'Node:'.padEnd(w)}${node ? `${node}/${nodeObject ? nodeInternalIp(nodeObject) : ''}` : '<none>'}`,
		...mapLines('Labels:', pod.metadata.labels, w),
		...mapLines('Annotations:', pod.metadata.annotations, w),
		`${'Status:'.padEnd(w)}${podStatusText(pod) === 'ContainerCreating' ? 'Pending' : podStatusText(pod)}`,
		`${'IP:'.padEnd(w)}${podIp(pod) ?? ''}`,
		...(owner ? [`${'Controlled By:'.padEnd(w)}${owner.kind}/${owner.name}`] : []),
		'Containers:',
		...containersOf(pod).flatMap((c) => [`  ${c.name}:`, `    Image:          ${c.image}`, `    State:          ${podStatusText(pod) === 'Running' ? 'Running' : 'Waiting'}`, `    Ready:          ${isPodReady(pod) ? 'True' : 'False'}`, '    Restart Count:  0']),
		'Events:          <none>',
	];
}

/** kubectl's generic describer: fields as indented "Title Case" keys. */
function titleCase(key: string): string {
	return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function genericLines(value: unknown, indent: string): string[] {
	if (Array.isArray(value)) return value.flatMap((item) => (isObject(item) || Array.isArray(item) ? genericLines(item, `${indent}  `) : [`${indent}  ${String(item)}`]));
	if (!isObject(value)) return [`${indent}${String(value)}`];
	const entries = Object.entries(value);
	const width = Math.max(0, ...entries.filter(([, v]) => !isObject(v) && !Array.isArray(v)).map(([k]) => titleCase(k).length + 3));
	return entries.flatMap(([k, v]) => {
		const label = /[.:/]/.test(k) ? k : titleCase(k);
		if (isObject(v) || Array.isArray(v)) return [`${indent}${label}:`, ...genericLines(v, `${indent}  `)];
		return [`${indent}${`${label}:`.padEnd(width)}${String(v)}`];
	});
}

function describeGeneric(object: K8sObject): string[] {
	const w = 14;
	const rest = Object.fromEntries(Object.entries(object).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k)));
	return [
		`${'Name:'.padEnd(w)}${object.metadata.name}`,
		...(object.metadata.namespace ? [`${'Namespace:'.padEnd(w)}${object.metadata.namespace}`] : []),
		...mapLines('Labels:', object.metadata.labels, w),
		...mapLines('Annotations:', object.metadata.annotations, w),
		`${'API Version:'.padEnd(w)}${object.apiVersion}`,
		`${'Kind:'.padEnd(w)}${object.kind}`,
		'Metadata:',
		`  Creation Timestamp:  ${object.metadata.creationTimestamp ?? ''}`,
		...(object.metadata.generation ? [`  Generation:          ${object.metadata.generation}`] : []),
		`  Resource Version:    ${object.metadata.resourceVersion ?? ''}`,
		`  UID:                 ${object.metadata.uid ?? ''}`,
		...genericLines(rest, ''),
		'Events:  <none>',
	];
}

export function describe(kube: Kube, args: readonly string[]): ProgramResult {
	const {types, refs} = resourceRefs(kube, args);
	const selector = selectorFlag(kube);
	const objects = refs.length > 0 ? refs.map((r) => getOrThrow(kube, r.type, r.name)) : types.flatMap((t) => listScoped(kube, t, selector));
	if (objects.length === 0) {
		kube.ctx.io.stderr(`No resources found in ${kube.namespace} namespace.\n`);
		return {exitCode: 0};
	}
	const blocks = objects.map((o) => {
		switch (o.kind) {
			case 'Service':
				return describeService(kube, o);
			case 'Deployment':
				return describeDeployment(kube, o);
			case 'Pod':
				return describePod(kube, o);
			default:
				return describeGeneric(o);
		}
	});
	kube.ctx.io.stdout(`${blocks.map((b) => b.join('\n')).join('\n\n\n')}\n`);
	return {exitCode: 0};
}
