import {describe, expect, it} from 'vitest';
import type {Observer} from '../../src/backends/observations.js';
import {ciliumConfigObservation} from '../../src/backends/kind/k8s-observations.js';
import {parseClustermeshStatus} from '../../src/backends/kind/parse/clustermesh-status.js';
import {parseKindClusters} from '../../src/backends/kind/parse/kind-clusters.js';
import {labPlan, parallelGroups, type PlanTask} from '../../src/lab/plan.js';
import {formatPlan} from '../../src/lab/format.js';
import {CLUSTERMESH_STATUS_CONNECTED, CLUSTERMESH_STATUS_NONE} from './fixtures.js';

const IMAGE = 'kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f';

describe('lab plan for the pinned versions', () => {
	it('has these exact commands, in this order, per task', () => {
		const commands = Object.fromEntries(labPlan().map((t) => [t.id, t.commands.map((c) => `(${c.target}) ${c.command}`)]));
		expect(commands).toEqual({
			'create-koornacht': [`(koornacht) kind create cluster --name koornacht --image ${IMAGE} --config kind-configs/koornacht.yaml`],
			'cilium-koornacht': [
				'(koornacht) cilium install --version 1.19.5 --set cluster.name=koornacht --set cluster.id=1 --set ipam.mode=kubernetes',
				'(koornacht) cilium status --wait --wait-duration 10m --interactive=false',
			],
			'hubble-koornacht': ['(koornacht) cilium hubble enable --ui', '(koornacht) cilium status --wait --wait-duration 10m --interactive=false'],
			'mesh-enable-koornacht': ['(koornacht) cilium clustermesh enable --service-type NodePort', '(koornacht) cilium clustermesh status --wait'],
			'app-koornacht': [
				'(koornacht) kubectl apply -f manifests/rebel-base-response-koornacht.yaml -f manifests/app.yaml -f manifests/rebel-base-service.yaml',
				'(koornacht) kubectl rollout status deployment/rebel-base --timeout=180s',
				'(koornacht) kubectl rollout status deployment/x-wing --timeout=180s',
			],
			'create-tion': [`(tion) kind create cluster --name tion --image ${IMAGE} --config kind-configs/tion.yaml`],
			'cilium-tion': [
				'(tion) cilium install --version 1.19.5 --set cluster.name=tion --set cluster.id=2 --set ipam.mode=kubernetes',
				'(tion) cilium status --wait --wait-duration 10m --interactive=false',
			],
			'hubble-tion': ['(tion) cilium hubble enable --ui', '(tion) cilium status --wait --wait-duration 10m --interactive=false'],
			'mesh-enable-tion': ['(tion) cilium clustermesh enable --service-type NodePort', '(tion) cilium clustermesh status --wait'],
			'app-tion': [
				'(tion) kubectl apply -f manifests/rebel-base-response-tion.yaml -f manifests/app.yaml -f manifests/rebel-base-service.yaml',
				'(tion) kubectl rollout status deployment/rebel-base --timeout=180s',
				'(tion) kubectl rollout status deployment/x-wing --timeout=180s',
			],
			// cilium-facts §1.5: copy the CA after installing cluster 1 and before installing cluster 2.
			'share-ca': [
				'(lab) kubectl --context kind-koornacht -n kube-system get secret cilium-ca -o yaml | kubectl --context kind-tion create -f -',
			],
			// The CLI reads the destination context from $KUBECONFIG (cilium-facts §1.4), hence lab-wide.
			'mesh-connect': [
				'(lab) cilium clustermesh connect --context kind-koornacht --destination-context kind-tion',
				'(koornacht) cilium clustermesh status --wait',
				'(tion) cilium clustermesh status --wait',
			],
		});
	});

	it('runs in these parallel groups', () => {
		expect(parallelGroups(labPlan()).map((g) => g.map((t) => t.id))).toEqual([
			['create-koornacht', 'create-tion'],
			['cilium-koornacht'],
			['hubble-koornacht', 'share-ca'],
			['mesh-enable-koornacht', 'cilium-tion'],
			['hubble-tion'],
			['mesh-enable-tion'],
			['mesh-connect'],
			['app-koornacht', 'app-tion'],
		]);
	});

	it('stops at a stage', () => {
		expect(labPlan('clusters').map((t) => t.id)).toEqual(['create-koornacht', 'create-tion']);
		expect(parallelGroups(labPlan('cilium')).flat().map((t) => t.id)).toEqual([
			'create-koornacht',
			'create-tion',
			'cilium-koornacht',
			'hubble-koornacht',
			'share-ca',
			'cilium-tion',
			'hubble-tion',
		]);
		expect(labPlan('mesh').some((t) => t.stage === 'app')).toBe(false);
	});

	it('formats for --dry-run with a backend renderer', () => {
		const text = formatPlan(parallelGroups(labPlan('clusters')), {renderCommand: (c) => `ENV=${c.target} ${c.command}`});
		expect(text.split('\n').slice(0, 3)).toEqual([
			'group 1 (2 tasks in parallel):',
			'  [create-koornacht] Create kind cluster koornacht',
			`    (koornacht) ENV=koornacht kind create cluster --name koornacht --image ${IMAGE} --config kind-configs/koornacht.yaml`,
		]);
	});
});

/** An Observer answering from recorded outputs; anything not given is absent. */
function observer(parts: Partial<Observer>): Observer {
	const none = async () => null;
	return {
		clusters: async () => [],
		nodes: none,
		deployment: none,
		service: none,
		configMap: none,
		policyDefaultLocalCluster: none,
		policies: none,
		ciliumConfig: none,
		caCertificate: none,
		mesh: none,
		probe: async () => ({raw: ''}),
		hubbleDrops: none,
		podExec: none,
		encryption: none,
		...parts,
	};
}

const task = (id: string): PlanTask => {
	const found = labPlan().find((t) => t.id === id);
	if (!found) throw new Error(id);
	return found;
};

describe('"already done" probes', () => {
	it('create: the cluster is listed by `kind get clusters`', async () => {
		const o = observer({clusters: async () => parseKindClusters('dev\nkoornacht\n').filter((n) => n === 'koornacht' || n === 'tion')});
		expect(await task('create-koornacht').isDone(o)).toBe(true);
		expect(await task('create-tion').isDone(o)).toBe(false);
	});

	it('cilium: cilium-config carries the lab name and id (an auto-detected kind-… name does not count)', async () => {
		const config = (data: Record<string, string>) => observer({ciliumConfig: async () => ciliumConfigObservation({data})});
		expect(await task('cilium-tion').isDone(config({'cluster-name': 'tion', 'cluster-id': '2'}))).toBe(true);
		expect(await task('cilium-tion').isDone(config({'cluster-name': 'kind-tion', 'cluster-id': '0'}))).toBe(false);
		expect(await task('cilium-tion').isDone(config({'cluster-name': 'tion', 'cluster-id': '7'}))).toBe(false);
		expect(await task('cilium-tion').isDone(observer({}))).toBe(false);
	});

	it('share-ca: both clusters hold the same CA', async () => {
		const ca = (k: string | null, t: string | null) => observer({caCertificate: async (c) => (c === 'koornacht' ? k : t)});
		expect(await task('share-ca').isDone(ca('PEM-A', 'PEM-A'))).toBe(true);
		expect(await task('share-ca').isDone(ca('PEM-A', 'PEM-B'))).toBe(false);
		expect(await task('share-ca').isDone(ca('PEM-A', null))).toBe(false);
		expect(await task('share-ca').isDone(ca(null, null))).toBe(false);
	});

	it('hubble and mesh enable: the relay deployment, the mesh enabled', async () => {
		expect(await task('hubble-tion').isDone(observer({deployment: async (_c, ns, name) => (ns === 'kube-system' && name === 'hubble-relay' ? {replicas: 1, readyReplicas: 1} : null)}))).toBe(true);
		expect(await task('hubble-tion').isDone(observer({}))).toBe(false);
		expect(await task('mesh-enable-tion').isDone(observer({mesh: async () => ({enabled: true, connected: []})}))).toBe(true);
		expect(await task('mesh-enable-tion').isDone(observer({mesh: async () => ({enabled: false, connected: []})}))).toBe(false);
	});

	it('connect: every agent of each side connected to the other (clustermesh status -o json)', async () => {
		const fromJson = (koornacht: string, tion: string) =>
			observer({
				mesh: async (c) => ({enabled: true, connected: (parseClustermeshStatus(c === 'koornacht' ? koornacht : tion)?.connected ?? []).filter((n) => n !== c)}),
			});
		const tionSide = CLUSTERMESH_STATUS_CONNECTED.replaceAll('"tion"', '"koornacht"');
		expect(await task('mesh-connect').isDone(fromJson(CLUSTERMESH_STATUS_CONNECTED, tionSide))).toBe(true);
		expect(await task('mesh-connect').isDone(fromJson(CLUSTERMESH_STATUS_CONNECTED, CLUSTERMESH_STATUS_NONE))).toBe(false);
	});

	it('app: both deployments ready and the service present', async () => {
		const app = (ready: number, service: boolean) =>
			observer({
				deployment: async () => ({replicas: 2, readyReplicas: ready}),
				service: async () => (service ? {annotations: {}} : null),
			});
		expect(await task('app-koornacht').isDone(app(2, true))).toBe(true);
		expect(await task('app-koornacht').isDone(app(0, true))).toBe(false);
		expect(await task('app-koornacht').isDone(app(2, false))).toBe(false);
	});
});
