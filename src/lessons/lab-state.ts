import {CLUSTERS, type ClusterName} from '../core/lab.js';
import type {Observer} from '../backends/observations.js';
import type {ClusterWorkloadState, LabStateSpec} from './model.js';
import {SERVICE_ANNOTATION_PREFIX} from './model.js';

const NAMESPACE = 'default';

async function allClusters<T>(observe: (c: ClusterName) => Promise<T>): Promise<Record<ClusterName, T>> {
	const values = await Promise.all(CLUSTERS.map(observe));
	return Object.fromEntries(CLUSTERS.map((c, i) => [c, values[i]])) as Record<ClusterName, T>;
}

/** The lab's workloads in one cluster, or undefined when the app is not (fully) deployed there. */
async function observeWorkload(observer: Observer, cluster: ClusterName): Promise<ClusterWorkloadState | undefined> {
	const [rebel, xwing, service, policies] = await Promise.all([
		observer.deployment(cluster, NAMESPACE, 'rebel-base'),
		observer.deployment(cluster, NAMESPACE, 'x-wing'),
		observer.service(cluster, NAMESPACE, 'rebel-base'),
		observer.policies(cluster, NAMESPACE),
	]);
	if (!rebel || !xwing || !service) return undefined;
	const annotations = Object.fromEntries(
		Object.entries(service.annotations).filter(([key]) => key.startsWith(SERVICE_ANNOTATION_PREFIX)),
	);
	return {replicas: rebel.replicas, annotations, policies: [...(policies ?? [])].sort()};
}

/**
 * Reads the lab state from observations, stage by stage: both clusters exist → clusters;
 * cilium-config in both → cilium; connected both ways → mesh; the app and its Service in
 * both → app, with workloads. Observation errors propagate.
 */
export async function observeLabState(observer: Observer): Promise<LabStateSpec> {
	const existing = await observer.clusters();
	if (!CLUSTERS.every((c) => existing.includes(c))) return {stage: 'none', encryption: false};
	const configs = await allClusters((c) => observer.ciliumConfig(c));
	if (!CLUSTERS.every((c) => configs[c] !== null)) return {stage: 'clusters', encryption: false};
	const [encryption, meshes] = await Promise.all([
		allClusters((c) => observer.encryption(c)),
		allClusters((c) => observer.mesh(c)),
	]);
	const encrypted = CLUSTERS.every((c) => encryption[c]?.mode === 'wireguard');
	const meshed = CLUSTERS.every((c) => CLUSTERS.every((peer) => peer === c || meshes[c]?.connected.includes(peer)));
	if (!meshed) return {stage: 'cilium', encryption: encrypted};
	const workloads = await allClusters((c) => observeWorkload(observer, c));
	if (!CLUSTERS.every((c) => workloads[c])) return {stage: 'mesh', encryption: encrypted};
	return {stage: 'app', encryption: encrypted, workloads: workloads as Record<ClusterName, ClusterWorkloadState>};
}

/** One way two lab states differ: what, and the value on each side. */
export interface StateDifference {
	readonly subject: string;
	readonly actual: string;
	readonly expected: string;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');
const annotationValue = (value: string | undefined) => (value === undefined ? 'absent' : JSON.stringify(value));

/** Every difference between two (normalised) lab states; empty when they are equal. */
export function compareLabStates(expected: LabStateSpec, actual: LabStateSpec): StateDifference[] {
	const out: StateDifference[] = [];
	const add = (subject: string, a: string, e: string) => {
		if (a !== e) out.push({subject, actual: a, expected: e});
	};
	add('stage', actual.stage, expected.stage);
	add('encryption', onOff(actual.encryption), onOff(expected.encryption));
	if (!actual.workloads || !expected.workloads) return out;
	for (const c of CLUSTERS) {
		const a = actual.workloads[c];
		const e = expected.workloads[c];
		add(`${c}: rebel-base replicas`, String(a.replicas), String(e.replicas));
		for (const key of [...new Set([...Object.keys(e.annotations), ...Object.keys(a.annotations)])].sort()) {
			add(`${c}: annotation ${key}`, annotationValue(a.annotations[key]), annotationValue(e.annotations[key]));
		}
		for (const policy of [...new Set([...e.policies, ...a.policies])].sort()) {
			const has = (list: readonly string[]) => (list.includes(policy) ? 'present' : 'absent');
			add(`${c}: policy ${policy}`, has(a.policies), has(e.policies));
		}
	}
	return out;
}

/** Human-readable differences, e.g. `koornacht: rebel-base replicas 0, declared 2`. Pure. */
export function diffLabState(declared: LabStateSpec, observed: LabStateSpec): string[] {
	return compareLabStates(declared, observed).map((d) => `${d.subject} ${d.actual}, declared ${d.expected}`);
}
