import {describe, expect, it} from 'vitest';
import {labState, simLab} from './helpers.js';

/** What the learner sees: readable snapshots of the main outputs (seeded, fixed clock). */
describe('output snapshots', () => {
	it('kind create cluster', async () => {
		const r = await simLab().run('kind create cluster --name koornacht --config kind-configs/koornacht.yaml');
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatchSnapshot();
	});

	it('kubectl get nodes before Cilium', async () => {
		const lab = simLab();
		await lab.ok('kind create cluster --name koornacht --config kind-configs/koornacht.yaml');
		expect((await lab.run('kubectl get nodes')).stdout).toMatchSnapshot();
	});

	it('cilium status', async () => {
		expect((await simLab(await labState()).run('cilium status --wait --interactive=false')).stdout).toMatchSnapshot();
	});

	it('cilium clustermesh status', async () => {
		expect((await simLab(await labState()).run('cilium clustermesh status --wait')).stdout).toMatchSnapshot();
	});

	it('kubectl get pods -o wide', async () => {
		expect((await simLab(await labState()).run('kubectl get pods -o wide')).stdout).toMatchSnapshot();
	});

	it('kubectl get svc and secret yaml', async () => {
		const lab = simLab(await labState());
		expect((await lab.run('kubectl get svc')).stdout).toMatchSnapshot();
		expect((await lab.run('kubectl get svc rebel-base -o yaml')).stdout).toMatchSnapshot();
	});

	it('the request loop with global services', async () => {
		const lab = simLab(await labState());
		for (const c of ['koornacht', 'tion'] as const) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		const r = await lab.run(`kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'`);
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toMatchSnapshot();
	});

	it('an exec that fails (timeouts under default deny)', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml');
		const r = await lab.run(`kubectl exec -ti deploy/x-wing -- /bin/sh -c 'for i in $(seq 1 3); do curl --max-time 2 rebel-base; done'`);
		expect(r.exitCode).toBe(28);
		expect(r.output).toMatchSnapshot();
	});

	it('kubectl describe svc after annotating', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl annotate svc rebel-base service.cilium.io/global=true service.cilium.io/affinity=local');
		expect((await lab.run('kubectl describe svc rebel-base')).stdout).toMatchSnapshot();
	});
});
