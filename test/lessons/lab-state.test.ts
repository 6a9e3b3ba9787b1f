import {describe, expect, it} from 'vitest';
import type {ClusterName} from '../../src/core/lab.js';
import {ObservationError, type Observer} from '../../src/backends/observations.js';
import {diffLabState, observeLabState} from '../../src/lessons/lab-state.js';
import type {ClusterWorkloadState, LabStateSpec} from '../../src/lessons/model.js';

interface FakeCluster {
	cilium?: boolean;
	connected?: string[];
	wireguard?: boolean;
	app?: {replicas: number; annotations?: Record<string, string>; policies?: string[]; service?: boolean};
}

/** An Observer over a tiny description of each cluster; unused methods throw. */
function fakeObserver(lab: Partial<Record<ClusterName, FakeCluster>>): Observer {
	const c = (cluster: ClusterName) => lab[cluster];
	const unused = () => {
		throw new Error('not used by observeLabState');
	};
	return {
		clusters: async () => (Object.keys(lab) as ClusterName[]).filter((k) => lab[k]),
		ciliumConfig: async (cluster) =>
			c(cluster)?.cilium ? {clusterName: cluster, clusterId: cluster === 'koornacht' ? 1 : 2, policyDefaultLocalCluster: true} : null,
		mesh: async (cluster) => (c(cluster)?.cilium ? {enabled: true, connected: c(cluster)?.connected ?? []} : null),
		encryption: async (cluster) =>
			c(cluster)?.cilium ? {mode: c(cluster)?.wireguard ? 'wireguard' : 'disabled', peers: 2} : null,
		deployment: async (cluster, _ns, name) => {
			const app = c(cluster)?.app;
			if (!app) return null;
			return name === 'rebel-base' ? {replicas: app.replicas, readyReplicas: app.replicas} : {replicas: 2, readyReplicas: 2};
		},
		service: async (cluster) => {
			const app = c(cluster)?.app;
			return app && app.service !== false
				? {annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}', ...app.annotations}}
				: null;
		},
		policies: async (cluster) => c(cluster)?.app?.policies ?? null,
		nodes: unused,
		configMap: unused,
		policyDefaultLocalCluster: unused,
		caCertificate: unused,
		probe: unused,
		hubbleDrops: unused,
		podExec: unused,
	};
}

const meshed = {cilium: true};
const MESH: Partial<Record<ClusterName, FakeCluster>> = {
	koornacht: {...meshed, connected: ['tion']},
	tion: {...meshed, connected: ['koornacht']},
};

describe('observeLabState', () => {
	it.each<[string, Partial<Record<ClusterName, FakeCluster>>, LabStateSpec]>([
		['no clusters', {}, {stage: 'none', encryption: false}],
		['one cluster only', {koornacht: {}}, {stage: 'none', encryption: false}],
		['clusters without Cilium', {koornacht: {}, tion: {}}, {stage: 'clusters', encryption: false}],
		['Cilium in one cluster', {koornacht: meshed, tion: {}}, {stage: 'clusters', encryption: false}],
		['Cilium, not meshed', {koornacht: meshed, tion: meshed}, {stage: 'cilium', encryption: false}],
		['meshed one way only', {koornacht: {...meshed, connected: ['tion']}, tion: meshed}, {stage: 'cilium', encryption: false}],
		['meshed', MESH, {stage: 'mesh', encryption: false}],
		[
			'meshed, encrypted',
			{koornacht: {...MESH.koornacht, wireguard: true}, tion: {...MESH.tion, wireguard: true}},
			{stage: 'mesh', encryption: true},
		],
		['app without its Service in tion', {koornacht: {...MESH.koornacht, app: {replicas: 2}}, tion: {...MESH.tion, app: {replicas: 2, service: false}}}, {stage: 'mesh', encryption: false}],
	])('%s', async (_name, lab, expected) => {
		expect(await observeLabState(fakeObserver(lab))).toEqual(expected);
	});

	it('reads workloads at stage app: replicas, Cilium annotations only, sorted policies', async () => {
		const lab = {
			koornacht: {...MESH.koornacht, app: {replicas: 0, annotations: {'service.cilium.io/global': 'true'}, policies: ['x-wing-to-rebel-base', 'default-deny']}},
			tion: {...MESH.tion, app: {replicas: 2}},
		};
		expect(await observeLabState(fakeObserver(lab))).toEqual({
			stage: 'app',
			encryption: false,
			workloads: {
				koornacht: {replicas: 0, annotations: {'service.cilium.io/global': 'true'}, policies: ['default-deny', 'x-wing-to-rebel-base']},
				tion: {replicas: 2, annotations: {}, policies: []},
			},
		});
	});

	it('lets observation errors through', async () => {
		const observer = {...fakeObserver(MESH), clusters: async () => Promise.reject(new ObservationError('docker is not running'))};
		await expect(observeLabState(observer)).rejects.toThrow('docker is not running');
	});
});

describe('diffLabState', () => {
	const app = (koornacht: ClusterWorkloadState = {replicas: 2, annotations: {}, policies: []}): LabStateSpec => ({
		stage: 'app',
		encryption: false,
		workloads: {koornacht, tion: {replicas: 2, annotations: {}, policies: []}},
	});

	it('is empty for equal states', () => {
		expect(diffLabState(app(), app())).toEqual([]);
	});

	it('names every difference in words', () => {
		const declared = app({replicas: 2, annotations: {'service.cilium.io/global': 'true'}, policies: ['default-deny']});
		const observed = app({replicas: 0, annotations: {'service.cilium.io/affinity': 'local'}, policies: ['other']});
		expect(diffLabState(declared, observed)).toEqual([
			'koornacht: rebel-base replicas 0, declared 2',
			'koornacht: annotation service.cilium.io/affinity "local", declared absent',
			'koornacht: annotation service.cilium.io/global absent, declared "true"',
			'koornacht: policy default-deny absent, declared present',
			'koornacht: policy other present, declared absent',
		]);
	});

	it('compares only stage and encryption when either side has no app', () => {
		expect(diffLabState(app(), {stage: 'mesh', encryption: true})).toEqual(['stage mesh, declared app', 'encryption on, declared off']);
	});
});
