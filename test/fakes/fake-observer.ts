import {existsSync, readFileSync} from 'node:fs';
import {isClusterName, type ClusterName} from '../../src/core/lab.js';
import {ObservationError, type Observer} from '../../src/backends/observations.js';

/** The lab as the fake tools keep it in $FAKE_STATE (see fake-tool.mjs). */
export interface FakeCluster {
	readonly port: number;
	readonly cilium: {readonly name: string; readonly id: number; readonly version: string} | null;
	readonly ca: string | null;
	readonly hubble: boolean;
	readonly mesh: boolean;
	readonly connected: readonly string[];
	readonly app: boolean;
}

export function readFakeState(file: string): {clusters: Record<string, FakeCluster>} {
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as {clusters: Record<string, FakeCluster>}) : {clusters: {}};
}

const notModelled = (what: string) => () => Promise.reject(new ObservationError(`${what} is not modelled by the test fakes`));

/**
 * An Observer over the fakes' state file, standing in for the client-node Observer (there is no
 * API server behind the fakes). It exists so the PURE idempotence decisions of the plan can be
 * exercised end to end; it is test-only and never a live result.
 */
export function fakeStateObserver(stateFile: string): Observer {
	const cluster = (name: ClusterName) => readFakeState(stateFile).clusters[name];
	return {
		clusters: async () => Object.keys(readFakeState(stateFile).clusters).filter(isClusterName),
		nodes: async (c) => {
			const k = cluster(c);
			if (!k) return null;
			return ['control-plane', 'worker', 'worker2'].map((n) => ({name: `${c}-${n}`, ready: Boolean(k.cilium), role: n === 'control-plane' ? 'control-plane' : 'worker'}) as const);
		},
		deployment: async (c, namespace, name) => {
			const k = cluster(c);
			if (!k) return null;
			const present =
				(namespace === 'kube-system' && name === 'hubble-relay' && k.hubble) ||
				(namespace === 'kube-system' && name === 'clustermesh-apiserver' && k.mesh) ||
				(namespace === 'default' && (name === 'rebel-base' || name === 'x-wing') && k.app);
			return present ? {replicas: 2, readyReplicas: 2} : null;
		},
		service: async (c, namespace, name) => (cluster(c)?.app && namespace === 'default' && name === 'rebel-base' ? {annotations: {}} : null),
		configMap: notModelled('configmaps'),
		policies: async (c) => (cluster(c) ? [] : null),
		ciliumConfig: async (c) => {
			const cilium = cluster(c)?.cilium;
			return cilium ? {clusterName: cilium.name, clusterId: cilium.id, policyDefaultLocalCluster: true} : null;
		},
		caCertificate: async (c) => cluster(c)?.ca ?? null,
		mesh: async (c) => {
			const k = cluster(c);
			return k ? {enabled: k.mesh, connected: k.connected.filter(isClusterName)} : null;
		},
		policyDefaultLocalCluster: notModelled('policy inspection'),
		probe: notModelled('the request probe'),
		hubbleDrops: notModelled('hubble drops'),
		podExec: notModelled('pod exec'),
		encryption: notModelled('encryption'),
	};
}
