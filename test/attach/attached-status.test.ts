import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ATTACH, attachedWorld} from './attached-world.js';
import {fakeApiServers} from './fake-apiserver.js';

/**
 * `status` on attached clusters: the live observer reads them through client-node (a fake API
 * server over the world file, tests only) and the cilium CLI (the fake binary), always through
 * the tool's own copies of the learner's contexts.
 */

let lab: ReturnType<typeof attachedWorld>;
let api: Awaited<ReturnType<typeof fakeApiServers>>;

beforeEach(async () => {
	lab = attachedWorld();
	const attached = await lab.cli(...ATTACH, '--yes');
	expect(attached.exitCode, attached.stderr).toBe(0);
	api = await fakeApiServers(lab.world, ['east-admin', 'west-admin']);
	api.pointAt(['koornacht.yaml', 'tion.yaml', 'lab.yaml'].map((f) => path.join(lab.home, 'attached', 'kube', f)));
});
afterEach(() => api.close());

const app = (annotations: Record<string, string>) => ({
	'clustermesh-tutor': [
		{kind: 'Deployment', name: 'rebel-base', replicas: 2},
		{kind: 'Deployment', name: 'x-wing'},
		{kind: 'Service', name: 'rebel-base', annotations},
		{kind: 'CiliumNetworkPolicy', name: 'allow-x-wing'},
	],
});

describe('status on attached clusters', () => {
	it('--json names the attachment and reads the meshed clusters as stage mesh before the app', async () => {
		const run = await lab.cli('status', '--json');
		expect(run.exitCode, run.stderr).toBe(0);
		expect(JSON.parse(run.stdout)).toEqual({
			schema: 1,
			backend: 'attached',
			attached: {
				namespace: 'clustermesh-tutor',
				clusters: {koornacht: {context: 'east-admin', clusterName: 'rke2-east'}, tion: {context: 'west-admin', clusterName: 'rke2-west'}},
			},
			state: {stage: 'mesh', encryption: false},
		});
		// The mesh was read with the cilium CLI through the tool's own kubeconfig, never the learner's.
		const status = lab.calls().filter((c) => c.tool === 'cilium' && c.argv.join(' ') === 'clustermesh status -o json');
		expect(status).toHaveLength(2);
		for (const call of status) {
			expect(call.env.KUBECONFIG.startsWith(lab.home)).toBe(true);
			expect(call.env.steering).toEqual([]);
		}
	});

	it('--json: the app in the lab namespace gives stage app, its replicas, Cilium service annotations and policies', async () => {
		lab.setWorld((w) => {
			for (const c of Object.values(w.clusters)) c.objects = app({'service.cilium.io/global': 'true', 'service.cilium.io/shared': 'false', 'team': 'rebels'});
			w.clusters['west-admin']!.objects = app({'service.cilium.io/global': 'true'});
		}, lab.world());
		const run = await lab.cli('status', '--json');
		expect(run.exitCode, run.stderr).toBe(0);
		const {state} = JSON.parse(run.stdout) as {state: unknown};
		expect(state).toEqual({
			stage: 'app',
			encryption: false,
			workloads: {
				koornacht: {replicas: 2, annotations: {'service.cilium.io/global': 'true', 'service.cilium.io/shared': 'false'}, policies: ['allow-x-wing']},
				tion: {replicas: 2, annotations: {'service.cilium.io/global': 'true'}, policies: ['allow-x-wing']},
			},
		});
		const text = await lab.cli('status');
		expect(text.stdout).toContain('backend: ATTACHED east-admin + west-admin\nnamespace: clustermesh-tutor\nstage:   app\n');
	});

	it('a cluster that does not answer: exit 1 naming its context, never advising `up` (the tool did not build these clusters)', async () => {
		await api.close();
		const run = await lab.cli('status', '--json');
		expect(run.exitCode).toBe(1);
		const {error} = JSON.parse(run.stdout) as {error: {message: string; fix: string}};
		expect(error.message).toMatch(/^cannot observe the attached clusters: /);
		expect(error.fix).toContain('kubectl --context east-admin get ns');
		expect(error.fix).toContain('clustermesh-tutor detach');
		expect(error.fix).not.toContain('clustermesh-tutor up');
	});
});
