import {describe, expect, it} from 'vitest';
import {labState, simLab} from './helpers.js';

const agent = (command: string) => `kubectl -n kube-system exec ds/cilium -c cilium-agent -- ${command}`;

describe('the mesh as one agent sees it', () => {
	it('prints', async () => {
		const lab = simLab(await labState());
		for (const c of ['cilium-dbg status', 'cilium-dbg node list', 'cilium-health status', 'cilium-dbg service list --clustermesh-affinity']) {
			const r = await lab.run(agent(c));
			console.log(r.output);
		}
	});
});
describe('host hubble', () => {
	it('prints', async () => {
		const {lessonEightState} = await import('./helpers.js');
		const lab = simLab(await lessonEightState());
		await lab.run('kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml');
		await lab.run(`kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'`);
		for (const c of ['hubble observe --verdict DROPPED', 'hubble observe -P --from-label name=x-wing --verdict DROPPED --print-node-name', 'cilium hubble port-forward']) {
			const r = await lab.run(c);
			console.log(r.exitCode, r.output);
		}
	});
});
