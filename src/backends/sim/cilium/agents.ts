import {findObject, stringRecord} from '../kube/objects.js';
import {isPodReady, podNode, podsOf} from '../kube/pods.js';
import type {ClusterState} from '../state.js';
import {isTrue} from './release.js';

/**
 * The Cilium agents as processes: each reads cilium-config once, when it starts (the chart's
 * `rollOutCiliumPods` is off by default, so a changed ConfigMap needs
 * `kubectl -n kube-system rollout restart ds/cilium`), and keeps Hubble's flows in memory, so a
 * restarted agent starts with an empty ring buffer.
 */

/** The running agent pods, by node. */
function agentPods(cluster: ClusterState) {
	const pods = new Map<string, {uid: string; name: string}>();
	for (const pod of podsOf(cluster, 'kube-system')) {
		const node = podNode(pod);
		if (pod.metadata.labels?.['k8s-app'] === 'cilium' && node && isPodReady(pod)) pods.set(node, {uid: pod.metadata.uid ?? '', name: pod.metadata.name});
	}
	return pods;
}

/** Records agents that started and forgets those that stopped (with their flows). Runs after every reconcile. */
export function syncAgents(cluster: ClusterState): void {
	const running = agentPods(cluster);
	const config = stringRecord(findObject(cluster, 'ConfigMap', 'kube-system', 'cilium-config')?.data);
	for (const [node, agent] of Object.entries(cluster.agents)) {
		if (running.get(node)?.uid === agent.pod) continue;
		delete cluster.agents[node];
		cluster.flows = cluster.flows.filter((f) => f.node !== node);
	}
	for (const [node, pod] of running) {
		if (!cluster.agents[node]) cluster.agents[node] = {pod: pod.uid, encryption: configuredEncryption(config)};
	}
}

/** The encryption cilium-config asks for (`enable-wireguard`, `enable-ipsec`). */
export function configuredEncryption(config: Readonly<Record<string, string>>): 'wireguard' | 'ipsec' | 'disabled' {
	if (isTrue(config['enable-wireguard'])) return 'wireguard';
	return isTrue(config['enable-ipsec']) ? 'ipsec' : 'disabled';
}

/** Every node that runs an agent, sorted like `kubectl get pods` lists the agents. */
export function agentNodes(cluster: ClusterState): string[] {
	return [...agentPods(cluster).entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name)).map(([node]) => node);
}
