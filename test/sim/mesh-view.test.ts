import {describe, expect, it} from 'vitest';
import {EXIT} from '../../src/core/exit-codes.js';
import {labState, lessonEightState, simLab} from './helpers.js';

/** Runs a tool inside one Cilium agent pod, as the lessons do. */
const inAgent = (command: string) => `kubectl -n kube-system exec ds/cilium -c cilium-agent -- ${command}`;
const loop = `kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'`;

describe('the mesh as one agent sees it', () => {
	it('cilium-dbg status counts the remote clusters it reaches and the nodes it probes', async () => {
		const lab = simLab(await labState());
		const before = await lab.run(inAgent('cilium-dbg status'));
		expect(before.exitCode).toBe(0);
		expect(before.stdout).toMatch(/^ClusterMesh:\s+1\/1 remote clusters ready$/m);
		expect(before.stdout).toMatch(/^Cluster health:\s+6\/6 reachable\s+\(2025-/m);
		// Tion's clustermesh-apiserver gone: the peer stays configured but is no longer ready, and its nodes drop out.
		expect((await lab.run('kubectl -n kube-system delete deployment clustermesh-apiserver', 'tion')).exitCode).toBe(0);
		const after = (await lab.run(inAgent('cilium-dbg status'))).stdout;
		expect(after).toMatch(/ClusterMesh:\s+0\/1 remote clusters ready/);
		expect(after).toMatch(/Cluster health:\s+3\/3 reachable/);
	});

	it('cilium-dbg node list names every node <cluster>/<node> with where the agent learned of it', async () => {
		const lab = simLab(await labState());
		const lines = (await lab.run(inAgent('cilium-dbg node list'))).stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^Name\s+IPv4 Address\s+Endpoint CIDR\s+IPv6 Address\s+Endpoint CIDR\s+Source$/);
		const rows = lines.slice(1).map((l) => l.split(/\s+/));
		expect(rows.map((r) => r[0])).toEqual([
			'koornacht/koornacht-control-plane',
			'koornacht/koornacht-worker',
			'koornacht/koornacht-worker2',
			'tion/tion-control-plane',
			'tion/tion-worker',
			'tion/tion-worker2',
		]);
		expect(rows.map((r) => r.at(-1))).toEqual(['local', 'custom-resource', 'custom-resource', 'clustermesh', 'clustermesh', 'clustermesh']);
		expect(rows.filter((r) => r[0]?.startsWith('tion/')).every((r) => /^10\.2\.\d+\.0\/24$/.test(r[2] ?? ''))).toBe(true);
	});

	it('cilium-health status lists the local node first, then every other node, remote ones included', async () => {
		const lab = simLab(await labState());
		const out = (await lab.run(inAgent('cilium-health status'))).stdout;
		const nodes = [...out.matchAll(/^ {2}(\S+?)( \(localhost\))?:$/gm)].map((m) => `${m[1] ?? ''}${m[2] ?? ''}`);
		expect(nodes[0]).toBe('koornacht/koornacht-control-plane (localhost)');
		expect(nodes.slice(1)).toEqual(['koornacht/koornacht-worker', 'koornacht/koornacht-worker2', 'tion/tion-control-plane', 'tion/tion-worker', 'tion/tion-worker2']);
		expect(out).toMatch(/^Probe time:\s+\d{4}-\d\d-\d\dT/);
		expect(out.match(/ICMP to stack:\s+OK, RTT=\d+\.\d{3}µs/g)).toHaveLength(12);
	});

	it('cilium-dbg service list sorts by frontend and marks preferred backends only with --clustermesh-affinity', async () => {
		const lab = simLab(await labState());
		for (const c of ['koornacht', 'tion'] as const) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		await lab.run('kubectl annotate svc rebel-base io.cilium/service-affinity=local', 'koornacht');
		const plain = (await lab.run(inAgent('cilium-dbg service list'))).stdout;
		expect(plain.split('\n')[0]).toMatch(/^Frontend\s+Service Type\s+Backend$/);
		expect(plain).not.toContain('(preferred)');
		const frontends = plain.split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter(Boolean);
		expect(frontends).toEqual([...frontends].sort());
		const marked = (await lab.run(inAgent('cilium-dbg service list --clustermesh-affinity'))).stdout;
		expect(marked.match(/=> 10\.1\.\d+\.\d+:80\/TCP \(active\) \(preferred\)/g)).toHaveLength(2);
		expect(marked.match(/=> 10\.2\.\d+\.\d+:80\/TCP \(active\)$/gm)).toHaveLength(2);
	});

	it('refuses agent subcommands it does not model', async () => {
		const lab = simLab(await labState());
		for (const command of ['cilium-dbg status --all-clusters', 'cilium-health status --succinct', 'cilium-dbg node list -o json']) {
			expect((await lab.run(inAgent(command))).exitCode, command).toBe(EXIT.unsupported);
		}
	});

	it('checks can exec in a DaemonSet pod (ds/cilium)', async () => {
		const lab = simLab(await labState());
		const seen = await lab.backend.observer.podExec({cluster: 'tion', namespace: 'kube-system', pod: 'ds/cilium'}, ['cilium-dbg', 'node', 'list']);
		expect(seen?.exitCode).toBe(0);
		expect(seen?.output).toMatch(/koornacht\/koornacht-worker\s.*clustermesh/);
		expect(await lab.backend.observer.podExec({cluster: 'tion', namespace: 'kube-system', pod: 'ds/nope'}, ['true'])).toBeNull();
	});
});

describe('hubble on the host, through the Relay', () => {
	async function dropped() {
		const lab = simLab(await lessonEightState());
		await lab.ok('kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml', loop);
		return lab;
	}

	it('merges the drops of every node with -P', async () => {
		const lab = await dropped();
		const r = await lab.run('hubble observe -P --from-label name=x-wing --verdict DROPPED --print-node-name');
		expect(r.exitCode).toBe(0);
		const lines = r.stdout.trimEnd().split('\n');
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every((l) => /\[koornacht\/koornacht-worker2?\]: default\/x-wing-\S+ .* <> default\/rebel-base-\S+ /.test(l))).toBe(true);
		const state = await lab.state();
		const flows = state.clusters.koornacht?.flows ?? [];
		expect(lines).toHaveLength(Math.min(20, flows.length));
	});

	it('asks the Relay of the context it is given, and fails like the CLI without a way in', async () => {
		const lab = await dropped();
		// Tion recorded nothing (the 1.19 default drops at Koornacht's egress), but Tion's Relay
		// reaches Koornacht's agents through the mesh (shared CA) and merges the same drops.
		const koornacht = await lab.run('hubble observe -P --verdict DROPPED --print-node-name');
		const tion = await lab.run('hubble observe -P --kube-context kind-tion --verdict DROPPED --print-node-name', 'lab');
		expect(tion.exitCode).toBe(0);
		expect(tion.stdout).not.toBe('');
		expect(tion.stdout).toBe(koornacht.stdout);
		const lost = await lab.run('hubble observe --verdict DROPPED');
		expect(lost.exitCode).toBe(1);
		expect(lost.stderr).toContain("failed to connect to 'localhost:4245'");
		const portForward = await lab.run('cilium hubble port-forward');
		expect(portForward.exitCode).toBe(EXIT.unsupported);
		expect(portForward.stderr).toContain('hubble observe -P');
		await lab.ok('cilium hubble disable');
		const noRelay = await lab.run('hubble observe -P --verdict DROPPED');
		expect(noRelay.exitCode).toBe(1);
		expect(noRelay.stderr).toContain('hubble-relay');
	});
});
