import semver from 'semver';
import type {ClusterName} from '../core/lab.js';
import type {ToolAnswer} from '../backends/kind/doctor/facts.js';
import {parseClustermeshStatus, type ClustermeshStatus} from '../backends/kind/parse/clustermesh-status.js';

/** The label the tool puts on a lab namespace it creates, and looks for on one it finds. */
export const OWNER_LABEL = 'app.kubernetes.io/managed-by';
export const OWNER_VALUE = 'clustermesh-tutor';

/** What the tool asked one attached cluster (through its own copied kubeconfig), answers unread. */
export interface ClusterAnswers {
	/** The context copied from the learner's kubeconfig. */
	readonly context: string;
	/** The API server URL of that context's cluster entry. */
	readonly server: string;
	/** `kubectl version -o json` */
	readonly version: ToolAnswer;
	/** `kubectl -n kube-system get configmap cilium-config -o json` */
	readonly ciliumConfig: ToolAnswer;
	/** `kubectl -n kube-system get daemonset cilium -o json` */
	readonly ciliumDaemonSet: ToolAnswer;
	/** `cilium clustermesh status -o json` */
	readonly mesh: ToolAnswer;
	/** `kubectl get namespace <lab namespace> -o json` */
	readonly namespace: ToolAnswer;
}

export interface AttachAnswers {
	readonly namespace: string;
	readonly clusters: Readonly<Record<ClusterName, ClusterAnswers>>;
}

/** The `cilium-config` keys attach mode reads (Cilium's Helm chart writes them into the ConfigMap). */
export interface CiliumConfig {
	readonly clusterName?: string;
	readonly clusterId?: number;
	/** `policy-default-local-cluster`, when the ConfigMap sets it. */
	readonly policyDefaultLocalCluster?: boolean;
}

export type NamespaceState = {readonly state: 'absent'} | {readonly state: 'present'; readonly owned: boolean} | {readonly state: 'unknown'; readonly detail: string};

function json(answer: ToolAnswer): Record<string, unknown> | undefined {
	if (answer.exitCode !== 0) return undefined;
	try {
		const value: unknown = JSON.parse(answer.stdout);
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/** The API server's version (`serverVersion.gitVersion`, e.g. `v1.31.4+rke2r1`). */
export function parseServerVersion(answer: ToolAnswer): string | undefined {
	const git = record(json(answer)?.serverVersion).gitVersion;
	return typeof git === 'string' && git ? git : undefined;
}

export function parseCiliumConfig(answer: ToolAnswer): CiliumConfig | undefined {
	const doc = json(answer);
	if (!doc) return undefined;
	const data = record(doc.data);
	const name = data['cluster-name'];
	const id = Number(data['cluster-id']);
	const local = data['policy-default-local-cluster'];
	return {
		...(typeof name === 'string' && name ? {clusterName: name} : {}),
		...(Number.isInteger(id) && typeof data['cluster-id'] === 'string' ? {clusterId: id} : {}),
		...(local === 'true' || local === 'false' ? {policyDefaultLocalCluster: local === 'true'} : {}),
	};
}

/** The Cilium version of the agent DaemonSet, from its `cilium-agent` container's image tag. */
export function parseCiliumVersion(answer: ToolAnswer): string | undefined {
	const containers = record(record(record(record(json(answer)?.spec).template).spec)).containers;
	if (!Array.isArray(containers)) return undefined;
	const agent = containers.map(record).find((c) => c.name === 'cilium-agent') ?? record(containers[0]);
	const image = typeof agent.image === 'string' ? agent.image : '';
	const tag = image.replace(/@sha256:[0-9a-f]+$/, '').match(/:v?(\d+\.\d+\.\d+[^:/]*)$/)?.[1];
	return tag && semver.valid(tag) ? tag : undefined;
}

export function parseMesh(answer: ToolAnswer): ClustermeshStatus | undefined {
	return answer.exitCode === 0 ? parseClustermeshStatus(answer.stdout) : undefined;
}

export function parseNamespace(answer: ToolAnswer): NamespaceState {
	if (answer.exitCode !== 0) {
		return /NotFound|not found/.test(answer.stderr) ? {state: 'absent'} : {state: 'unknown', detail: firstLine(answer)};
	}
	const labels = record(record(json(answer)?.metadata).labels);
	return {state: 'present', owned: labels[OWNER_LABEL] === OWNER_VALUE};
}

export function firstLine(answer: ToolAnswer): string {
	return (answer.stderr || answer.stdout).trim().split('\n').find((l) => l.trim())?.trim() ?? `exit ${answer.exitCode}`;
}
