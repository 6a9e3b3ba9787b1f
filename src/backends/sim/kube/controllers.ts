import {syncAgents} from '../cilium/agents.js';
import {cidrSize, nthAddress, parseCidr} from '../net.js';
import {nameSuffix, randomHex, randomIndex, templateHash} from '../random.js';
import type {ClusterState, K8sObject} from '../state.js';
import {
	createObject,
	field,
	findObject,
	isObject,
	kubeTime,
	listObjects,
	ownedBy,
	ownerRef,
	removeObject,
	updateObject,
	type ServerEnv,
} from './objects.js';
import {
	containersOf,
	isControlPlane,
	isHostNetwork,
	isPodReady,
	nodeInternalIp,
	nodeIsReady,
	nodesOf,
	podIp,
	podNode,
	podPhase,
	podsOf,
} from './pods.js';

/**
 * The controllers of the simulated cluster, run to a fixed point after every change: kubelet
 * node readiness, Deployments → ReplicaSets → Pods, DaemonSets, the scheduler, pod start-up and
 * garbage collection. Everything converges at once: the simulator has no time to wait in.
 */
export function reconcile(cluster: ClusterState, env: ServerEnv): void {
	ensureNamespaceDefaults(cluster, env);
	collectGarbage(cluster);
	updateNodeReadiness(cluster);
	for (const deployment of listObjects(cluster, 'Deployment')) syncDeployment(cluster, env, deployment);
	for (const rs of listObjects(cluster, 'ReplicaSet')) syncReplicaSet(cluster, env, rs);
	for (const ds of listObjects(cluster, 'DaemonSet')) syncDaemonSet(cluster, env, ds);
	for (const pod of podsOf(cluster)) startPod(cluster, env, pod);
	for (const rs of listObjects(cluster, 'ReplicaSet')) setReplicaSetStatus(cluster, rs);
	for (const deployment of listObjects(cluster, 'Deployment')) setDeploymentStatus(cluster, deployment);
	for (const ds of listObjects(cluster, 'DaemonSet')) setDaemonSetStatus(cluster, ds);
	// Agents that just started read cilium-config now; stopped ones take their Hubble flows along.
	syncAgents(cluster);
}

/** A CNI is up when kind's kindnet runs, or once Cilium's agents are deployed. */
function cniReady(cluster: ClusterState): boolean {
	return cluster.defaultCni || findObject(cluster, 'DaemonSet', 'kube-system', 'cilium') !== undefined;
}

function ensureNamespaceDefaults(cluster: ClusterState, env: ServerEnv): void {
	for (const ns of listObjects(cluster, 'Namespace')) {
		const name = ns.metadata.name;
		if (!findObject(cluster, 'ConfigMap', name, 'kube-root-ca.crt')) {
			createObject(cluster, env, {
				apiVersion: 'v1',
				kind: 'ConfigMap',
				metadata: {name: 'kube-root-ca.crt', namespace: name},
				data: {'ca.crt': '-----BEGIN CERTIFICATE-----\n(kind cluster CA)\n-----END CERTIFICATE-----\n'},
			});
		}
		if (!findObject(cluster, 'ServiceAccount', name, 'default')) {
			createObject(cluster, env, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: name}});
		}
	}
}

/** Deletes objects whose controlling owner is gone, until nothing more goes. */
function collectGarbage(cluster: ClusterState): void {
	for (;;) {
		const uids = new Set(cluster.objects.map((o) => o.metadata.uid));
		const orphan = cluster.objects.find((o) => (o.metadata.ownerReferences ?? []).some((ref) => ref.controller && !uids.has(ref.uid)));
		if (!orphan) return;
		removeObject(cluster, orphan);
	}
}

function updateNodeReadiness(cluster: ClusterState): void {
	const ready = cniReady(cluster);
	for (const node of nodesOf(cluster)) {
		if (nodeIsReady(node) === ready) continue;
		const status = field(node, 'status');
		updateObject(cluster, {...node, status: {...status, conditions: nodeConditions(ready)}});
	}
}

export function nodeConditions(ready: boolean): Record<string, string>[] {
	return [
		{type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available'},
		{type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure'},
		{type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available'},
		ready
			? {type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status'}
			: {
					type: 'Ready',
					status: 'False',
					reason: 'KubeletNotReady',
					message:
						'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
				},
	];
}

function templateOf(owner: K8sObject): Record<string, unknown> {
	return field(field(owner, 'spec'), 'template');
}

function desiredReplicas(owner: K8sObject): number {
	const replicas = field(owner, 'spec').replicas;
	return typeof replicas === 'number' ? replicas : 1;
}

function uniqueName(cluster: ClusterState, env: ServerEnv, namespace: string, prefix: string): string {
	for (;;) {
		const name = `${prefix}-${nameSuffix(env.random)}`;
		if (!findObject(cluster, 'Pod', namespace, name)) return name;
	}
}

function syncDeployment(cluster: ClusterState, env: ServerEnv, deployment: K8sObject): void {
	const template = templateOf(deployment);
	const hash = templateHash(template);
	const namespace = deployment.metadata.namespace ?? 'default';
	const name = `${deployment.metadata.name}-${hash}`;
	const owned = listObjects(cluster, 'ReplicaSet', namespace).filter((rs) => ownedBy(rs, deployment));
	const replicas = desiredReplicas(deployment);
	const revision = String(owned.length + 1);
	const current = owned.find((rs) => rs.metadata.name === name);
	if (!current) {
		const templateMeta = field(template, 'metadata');
		createObject(cluster, env, {
			apiVersion: 'apps/v1',
			kind: 'ReplicaSet',
			metadata: {
				name,
				namespace,
				labels: {...(templateMeta.labels as Record<string, string> | undefined), 'pod-template-hash': hash},
				annotations: {'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/revision': revision},
				ownerReferences: [ownerRef(deployment)],
			},
			spec: {
				replicas,
				selector: addHashToSelector(field(deployment, 'spec').selector, hash),
				template: {...template, metadata: {...templateMeta, labels: {...(templateMeta.labels as object), 'pod-template-hash': hash}}},
			},
		});
	} else if (desiredReplicas(current) !== replicas) {
		updateObject(cluster, {...current, spec: {...field(current, 'spec'), replicas}});
	}
	for (const old of owned) {
		if (old.metadata.name !== name && desiredReplicas(old) !== 0) updateObject(cluster, {...old, spec: {...field(old, 'spec'), replicas: 0}});
	}
}

function addHashToSelector(selector: unknown, hash: string): Record<string, unknown> {
	const base = isObject(selector) ? selector : {};
	return {...base, matchLabels: {...field(base, 'matchLabels'), 'pod-template-hash': hash}};
}

function syncReplicaSet(cluster: ClusterState, env: ServerEnv, rs: K8sObject): void {
	const namespace = rs.metadata.namespace ?? 'default';
	const pods = podsOf(cluster, namespace).filter((p) => ownedBy(p, rs));
	const wanted = desiredReplicas(rs);
	for (let i = pods.length; i < wanted; i++) {
		createObject(cluster, env, podFromTemplate(templateOf(rs), uniqueName(cluster, env, namespace, rs.metadata.name), namespace, rs));
	}
	if (pods.length > wanted) {
		// Like the ReplicaSet controller: unready pods go first, then the newest.
		const ranked = [...pods].sort(
			(a, b) =>
				Number(isPodReady(a)) - Number(isPodReady(b)) ||
				String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) ||
				b.metadata.name.localeCompare(a.metadata.name),
		);
		for (const pod of ranked.slice(0, pods.length - wanted)) removeObject(cluster, pod);
	}
}

function syncDaemonSet(cluster: ClusterState, env: ServerEnv, ds: K8sObject): void {
	const namespace = ds.metadata.namespace ?? 'default';
	const template = templateOf(ds);
	const hash = templateHash(template);
	const pods = podsOf(cluster, namespace).filter((p) => ownedBy(p, ds));
	const nodes = nodesOf(cluster).filter((n) => tolerates(template, n));
	for (const pod of pods) {
		const stale = pod.metadata.labels?.['controller-revision-hash'] !== hash;
		if (stale || !nodes.some((n) => n.metadata.name === podNode(pod))) removeObject(cluster, pod);
	}
	for (const node of nodes) {
		const present = podsOf(cluster, namespace).some((p) => ownedBy(p, ds) && podNode(p) === node.metadata.name);
		if (present) continue;
		const pod = podFromTemplate(template, uniqueName(cluster, env, namespace, ds.metadata.name), namespace, ds);
		pod.metadata.labels = {...pod.metadata.labels, 'controller-revision-hash': hash};
		pod.spec = {...field(pod, 'spec'), nodeName: node.metadata.name};
		createObject(cluster, env, pod);
	}
}

function podFromTemplate(template: Record<string, unknown>, name: string, namespace: string, owner?: K8sObject): K8sObject {
	const meta = field(template, 'metadata');
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name,
			namespace,
			labels: {...(meta.labels as Record<string, string> | undefined)},
			...(isObject(meta.annotations) ? {annotations: {...(meta.annotations as Record<string, string>)}} : {}),
			...(owner ? {ownerReferences: [ownerRef(owner)]} : {}),
		},
		spec: podSpecDefaults(field(template, 'spec')),
		status: {phase: 'Pending', qosClass: 'BestEffort'},
	};
}

export function podSpecDefaults(spec: Record<string, unknown>): Record<string, unknown> {
	return {
		dnsPolicy: 'ClusterFirst',
		enableServiceLinks: true,
		restartPolicy: 'Always',
		schedulerName: 'default-scheduler',
		serviceAccountName: 'default',
		terminationGracePeriodSeconds: 30,
		...spec,
	};
}

/** Whether the pod template tolerates the node's taints (kind taints its control plane when it has workers). */
function tolerates(template: Record<string, unknown>, node: K8sObject): boolean {
	const tolerations = field(template, 'spec').tolerations;
	const list = Array.isArray(tolerations) ? tolerations.filter(isObject) : [];
	if (list.some((t) => t.operator === 'Exists' && t.key === undefined)) return true;
	const taints = field(node, 'spec').taints;
	const keys = Array.isArray(taints) ? taints.filter(isObject).map((t) => String(t.key)) : [];
	return keys.every((key) => list.some((t) => t.key === key));
}

/** Schedules a pending pod, then starts it when its node can run it. */
function startPod(cluster: ClusterState, env: ServerEnv, pod: K8sObject): void {
	if (podPhase(pod) === 'Running') return;
	let nodeName = podNode(pod);
	if (!nodeName) {
		nodeName = chooseNode(cluster, pod);
		if (!nodeName) {
			setPendingUnschedulable(cluster, pod);
			return;
		}
	}
	const node = findObject(cluster, 'Node', undefined, nodeName);
	if (!node) return;
	const spec = {...field(pod, 'spec'), nodeName};
	const hostNetwork = isHostNetwork(pod);
	const now = kubeTime(env.now);
	const waitingFor = !hostNetwork && !nodeIsReady(node) ? 'network' : missingVolume(cluster, pod);
	if (waitingFor) {
		const containerStatuses = containersOf(pod).map((c) => ({
			name: c.name,
			image: c.image,
			ready: false,
			restartCount: 0,
			started: false,
			state: {waiting: {reason: 'ContainerCreating'}},
		}));
		const waiting = {...pod, spec, status: {phase: 'Pending', hostIP: nodeInternalIp(node), containerStatuses, qosClass: 'BestEffort'}};
		if (JSON.stringify(waiting) !== JSON.stringify(pod)) updateObject(cluster, waiting);
		return;
	}
	const ip = hostNetwork ? nodeInternalIp(node) : allocatePodIp(cluster, env, node);
	const condition = (type: string) => ({type, status: 'True', lastTransitionTime: now});
	updateObject(cluster, {
		...pod,
		spec,
		status: {
			phase: 'Running',
			conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
			hostIP: nodeInternalIp(node),
			hostIPs: [{ip: nodeInternalIp(node)}],
			podIP: ip,
			podIPs: [{ip}],
			qosClass: 'BestEffort',
			startTime: now,
			containerStatuses: containersOf(pod).map((c) => ({
				name: c.name,
				image: c.image,
				containerID: `containerd://${randomHex(env.random, 64)}`,
				ready: true,
				restartCount: 0,
				started: true,
				state: {running: {startedAt: now}},
			})),
		},
	});
}

function setPendingUnschedulable(cluster: ClusterState, pod: K8sObject): void {
	const nodes = nodesOf(cluster).length;
	const message = `0/${nodes} nodes are available: ${nodes} node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
	const status = field(pod, 'status');
	if (Array.isArray(status.conditions) && status.conditions.length > 0) return;
	updateObject(cluster, {
		...pod,
		status: {phase: 'Pending', qosClass: 'BestEffort', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message}]},
	});
}

/** A non-optional ConfigMap or Secret volume whose object is missing keeps the pod in ContainerCreating. */
function missingVolume(cluster: ClusterState, pod: K8sObject): string | null {
	const volumes = field(pod, 'spec').volumes;
	if (!Array.isArray(volumes)) return null;
	for (const volume of volumes.filter(isObject)) {
		const cm = field(volume, 'configMap');
		if (typeof cm.name === 'string' && cm.optional !== true && !findObject(cluster, 'ConfigMap', pod.metadata.namespace, cm.name)) {
			return cm.name;
		}
		const secret = field(volume, 'secret');
		if (typeof secret.secretName === 'string' && secret.optional !== true && !findObject(cluster, 'Secret', pod.metadata.namespace, secret.secretName)) {
			return secret.secretName;
		}
	}
	return null;
}

/** The least-loaded node the pod may run on (the scheduler spreads replicas). */
function chooseNode(cluster: ClusterState, pod: K8sObject): string | undefined {
	const template = {spec: field(pod, 'spec')};
	const candidates = nodesOf(cluster).filter((n) => (nodeIsReady(n) || isHostNetwork(pod)) && tolerates(template, n));
	const load = (name: string) => podsOf(cluster).filter((p) => podNode(p) === name).length;
	const sorted = [...candidates].sort((a, b) => load(a.metadata.name) - load(b.metadata.name) || Number(isControlPlane(a)) - Number(isControlPlane(b)));
	return sorted[0]?.metadata.name;
}

/** A free address of the node's pod CIDR (Cilium's kubernetes IPAM), picked at random. */
function allocatePodIp(cluster: ClusterState, env: ServerEnv, node: K8sObject): string {
	const range = parseCidr(String(field(node, 'spec').podCIDR ?? ''));
	if (!range) return '';
	const used = new Set(podsOf(cluster).map(podIp));
	const free: string[] = [];
	for (let n = 2; n < cidrSize(range) - 1; n++) {
		const ip = nthAddress(range, n);
		if (!used.has(ip)) free.push(ip);
	}
	return free[randomIndex(env.random, free.length)] ?? '';
}

function ownedPods(cluster: ClusterState, owner: K8sObject): K8sObject[] {
	return podsOf(cluster, owner.metadata.namespace).filter((p) => ownedBy(p, owner));
}

function setStatus(cluster: ClusterState, object: K8sObject, status: Record<string, unknown>): void {
	if (JSON.stringify(object.status) === JSON.stringify(status)) return;
	updateObject(cluster, {...object, status});
}

function setReplicaSetStatus(cluster: ClusterState, rs: K8sObject): void {
	const pods = ownedPods(cluster, rs);
	const ready = pods.filter(isPodReady).length;
	setStatus(cluster, rs, {
		replicas: pods.length,
		fullyLabeledReplicas: pods.length,
		readyReplicas: ready,
		availableReplicas: ready,
		observedGeneration: rs.metadata.generation ?? 1,
	});
}

function setDeploymentStatus(cluster: ClusterState, deployment: K8sObject): void {
	const sets = listObjects(cluster, 'ReplicaSet', deployment.metadata.namespace).filter((rs) => ownedBy(rs, deployment));
	const pods = sets.flatMap((rs) => ownedPods(cluster, rs));
	const current = `${deployment.metadata.name}-${templateHash(templateOf(deployment))}`;
	const updated = pods.filter((p) => p.metadata.ownerReferences?.[0]?.name === current).length;
	const ready = pods.filter(isPodReady).length;
	const wanted = desiredReplicas(deployment);
	const available = ready >= wanted;
	setStatus(cluster, deployment, {
		observedGeneration: deployment.metadata.generation ?? 1,
		replicas: pods.length,
		updatedReplicas: updated,
		readyReplicas: ready,
		availableReplicas: ready,
		...(pods.length - ready > 0 ? {unavailableReplicas: pods.length - ready} : {}),
		conditions: [
			available
				? {type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.'}
				: {type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.'},
			{type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${current}" has successfully progressed.`},
		],
	});
}

function setDaemonSetStatus(cluster: ClusterState, ds: K8sObject): void {
	const pods = ownedPods(cluster, ds);
	const ready = pods.filter(isPodReady).length;
	setStatus(cluster, ds, {
		currentNumberScheduled: pods.length,
		desiredNumberScheduled: pods.length,
		numberAvailable: ready,
		numberMisscheduled: 0,
		numberReady: ready,
		observedGeneration: ds.metadata.generation ?? 1,
		updatedNumberScheduled: pods.length,
	});
}
