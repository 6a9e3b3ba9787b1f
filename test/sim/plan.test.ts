import {describe, expect, it} from 'vitest';
import {labPlan, parallelGroups} from '../../src/lab/plan.js';
import {labState, seen, simLab} from './helpers.js';

describe('the lab plan on the simulator', () => {
	it('runs every command of `up` with exit 0 and leaves the lesson-3 state', async () => {
		const lab = simLab();
		for (const group of parallelGroups(labPlan())) {
			for (const task of group) {
				expect(await task.isDone(lab.backend.observer), `${task.id} done before it ran`).toBe(false);
				for (const c of task.commands) {
					const r = await lab.run(c.command, c.target);
					expect(r.exitCode, `${c.command}\n${r.output}`).toBe(0);
				}
				expect(await task.isDone(lab.backend.observer), `${task.id} not done after it ran`).toBe(true);
			}
		}
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht');
		expect(seen(await lab.probe('tion'))).toBe('tion');
	});

	it('observes the lab as the checks expect', async () => {
		const lab = simLab(await labState());
		const o = lab.backend.observer;
		expect(await o.clusters()).toEqual(['koornacht', 'tion']);
		expect(await o.ciliumConfig('koornacht')).toEqual({clusterName: 'koornacht', clusterId: 1, policyDefaultLocalCluster: true});
		expect(await o.ciliumConfig('tion')).toEqual({clusterName: 'tion', clusterId: 2, policyDefaultLocalCluster: true});
		const [k, t] = [await o.caCertificate('koornacht'), await o.caCertificate('tion')];
		expect(k).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
		expect(k).toBe(t);
		expect(await o.mesh('koornacht')).toEqual({enabled: true, connected: ['tion']});
		expect(await o.mesh('tion')).toEqual({enabled: true, connected: ['koornacht']});
		expect(await o.nodes('tion')).toEqual([
			{name: 'tion-control-plane', ready: true, role: 'control-plane'},
			{name: 'tion-worker', ready: true, role: 'worker'},
			{name: 'tion-worker2', ready: true, role: 'worker'},
		]);
		expect(await o.deployment('koornacht', 'default', 'rebel-base')).toEqual({replicas: 2, readyReplicas: 2});
		expect(await o.deployment('koornacht', 'default', 'nope')).toBeNull();
		expect(await o.deployment('koornacht', 'kube-system', 'hubble-relay')).toEqual({replicas: 1, readyReplicas: 1});
		expect(await o.policies('koornacht', 'default')).toEqual([]);
		expect(await o.encryption('koornacht')).toEqual({mode: 'disabled', peers: 0});
		expect(await o.hubbleDrops('koornacht')).toEqual([]);
	});

	it('reports missing clusters as null and an x-wing-less probe as an ObservationError', async () => {
		const lab = simLab();
		const o = lab.backend.observer;
		expect(await o.clusters()).toEqual([]);
		expect(await o.nodes('koornacht')).toBeNull();
		expect(await o.mesh('tion')).toBeNull();
		expect(await o.ciliumConfig('koornacht')).toBeNull();
		await lab.ok('kind create cluster --name koornacht --config kind-configs/koornacht.yaml');
		expect((await o.nodes('koornacht'))?.every((n) => !n.ready)).toBe(true);
		expect(await o.ciliumConfig('koornacht')).toBeNull();
		await expect(o.probe({from: 'koornacht', count: 1, timeoutSeconds: 2, service: 'rebel-base', namespace: 'default', method: 'GET', path: '/'})).rejects.toThrow(
			/no x-wing pod in koornacht/,
		);
	});

	it('runs pod commands for checks and reports their exit code and output', async () => {
		const lab = simLab(await labState());
		const o = lab.backend.observer;
		expect(await o.podExec({cluster: 'koornacht', namespace: 'default', pod: 'deploy/x-wing'}, ['getent', 'hosts', 'rebel-base'])).toEqual({
			exitCode: 0,
			output: expect.stringMatching(/^10\.101\.\d+\.\d+ +rebel-base\.default\.svc\.cluster\.local\n$/) as string,
		});
		expect((await o.podExec({cluster: 'koornacht', namespace: 'default', pod: 'deploy/x-wing'}, ['getent', 'hosts', 'no-such-service']))?.exitCode).toBe(2);
		expect(await o.podExec({cluster: 'koornacht', namespace: 'default', pod: 'deploy/nope'}, ['true'])).toBeNull();
	});
});
