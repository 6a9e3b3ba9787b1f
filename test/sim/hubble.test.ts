import {describe, expect, it} from 'vitest';
import {parseHubbleFlows} from '../../src/backends/kind/parse/hubble-flows.js';
import type {FlowObservation} from '../../src/backends/observations.js';
import {lessonEightState, seen, simLab, type SimLab} from './helpers.js';

/**
 * Lesson 9: Hubble drops, seen only by the agent of the node that enforced the verdict.
 * Expected shapes come from the hubble sources (cilium/cilium): `hubble/pkg/printer/printer.go`
 * (compact, dict, table, jsonpb), `api/v1/flow/flow.proto` (JSON field names),
 * `hubble/cmd/observe/observe.go` (`json` is an alias of `jsonpb`) and
 * `pkg/hubble/parser/threefour/parser.go` (drop events carry no is_reply, so the arrow is `<>`).
 */

const AGENTS = 'kubectl -n kube-system get pods -l k8s-app=cilium -o name';
const everyAgent = (args: string) => `for pod in $(${AGENTS}); do kubectl -n kube-system exec $pod -c cilium-agent -- hubble observe ${args}; done`;
const LOOP = `kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'`;

/** Lesson 9's broken state: the narrow egress policy, and a request loop that hits Tion's backends. */
async function partialOutage(install: {version?: string} = {}): Promise<SimLab> {
	const lab = simLab(await lessonEightState(install));
	await lab.ok('kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml');
	expect(seen(await lab.probe('koornacht', {count: 10}))).toBe('koornacht+timeout');
	return lab;
}

describe('hubble observe in the agents', () => {
	it('one agent sees only its node; every agent together sees every drop the checks see', async () => {
		const lab = await partialOutage();
		const perAgent: string[] = [];
		const names = (await lab.run("kubectl -n kube-system get pods -l k8s-app=cilium -o jsonpath='{.items[*].metadata.name}'")).stdout.split(' ');
		expect(names).toHaveLength(3);
		for (const pod of names) {
			perAgent.push((await lab.run(`kubectl -n kube-system exec ${pod} -c cilium-agent -- hubble observe --verdict DROPPED --all -o json`)).stdout);
		}
		// Drops happen where x-wing sends from: one worker, never the control plane.
		expect(perAgent.filter((out) => out !== '')).toHaveLength(1);
		const observed = (await lab.backend.observer.hubbleDrops('koornacht')) ?? [];
		// The live backend's parser reads the simulator's JSON into exactly what the checks see.
		expect(perAgent.flatMap((out) => parseHubbleFlows(out))).toEqual(observed);
		expect(await lab.backend.observer.hubbleDrops('tion')).toEqual([]);
	});

	it('prints the compact lines of a current hubble CLI: the verdict, then the drop', async () => {
		const lab = await partialOutage();
		const out = (await lab.run(everyAgent('--verdict DROPPED --last 2'))).stdout;
		const id = String.raw`\(ID:\d+\)`;
		const pods = String.raw`default/x-wing-[a-z0-9]+-[a-z0-9]{5}:(\d+) ${id} <> default/rebel-base-[a-z0-9]+-[a-z0-9]{5}:80 ${id}`;
		expect(out).toMatch(new RegExp(String.raw`^Jun  1 12:\d\d:\d\d\.\d{3}: ${pods} policy-verdict:none EGRESS DENIED \(TCP Flags: SYN\)\n[A-Z][a-z]{2} [ \d]\d [\d:.]+: ${pods} Policy denied DROPPED \(TCP Flags: SYN\)\n$`));
		// Both lines are about the same SYN: same source port.
		const ports = [...out.matchAll(/x-wing-\S+:(\d+)/g)].map((m) => m[1]);
		expect(new Set(ports).size).toBe(1);
	});

	it('writes -o json lines with the flow.proto field names', async () => {
		const lab = await partialOutage();
		const line = (await lab.run(everyAgent('--verdict DROPPED --type drop --last 1 -o json'))).stdout.trim();
		const response = JSON.parse(line) as {flow: Record<string, unknown>; node_name: string; time: string};
		expect(Object.keys(response)).toEqual(['flow', 'node_name', 'time']);
		expect(response.flow).toMatchObject({
			verdict: 'DROPPED',
			drop_reason: 133,
			drop_reason_desc: 'POLICY_DENIED',
			traffic_direction: 'EGRESS',
			Type: 'L3_L4',
			event_type: {type: 1, sub_type: 133},
			IP: {source: expect.stringMatching(/^10\.1\./) as string, destination: expect.stringMatching(/^10\.2\./) as string, ipVersion: 'IPv4'},
			l4: {TCP: {source_port: expect.any(Number) as number, destination_port: 80, flags: {SYN: true}}},
			source: {namespace: 'default', cluster_name: 'koornacht', pod_name: expect.stringMatching(/^x-wing-/) as string, workloads: [{name: 'x-wing', kind: 'Deployment'}]},
			destination: {namespace: 'default', cluster_name: 'tion', pod_name: expect.stringMatching(/^rebel-base-/) as string},
			Summary: 'TCP Flags: SYN',
		});
		expect(response.flow.node_name).toBe(response.node_name);
		expect(response.node_name).toMatch(/^koornacht\/koornacht-worker2?$/);
		expect(response.time).toMatch(/^2025-06-01T12:\d\d:\d\d\.\d{9}Z$/);
		// The local sender has an endpoint ID; the remote receiver, known through the mesh, has none and no workload.
		expect(response.flow.source).toHaveProperty('ID');
		expect(response.flow.destination).not.toHaveProperty('ID');
		expect(response.flow.destination).not.toHaveProperty('workloads');
		expect(response.flow).not.toHaveProperty('is_reply');
		const labels = (response.flow.source as {labels: string[]}).labels;
		expect(labels).toEqual([...labels].sort());
		expect(labels).toContain('k8s:name=x-wing');
		expect(labels.some((l) => l.includes('pod-template-hash'))).toBe(false);
	});

	const filters: {args: string; lines: number | 'all'}[] = [
		{args: '--verdict DROPPED', lines: 'all'},
		{args: '--verdict DROPPED --last 1', lines: 1},
		{args: '--verdict DROPPED --first 3', lines: 3},
		{args: '--verdict DROPPED --from-label name=x-wing --to-label name=rebel-base', lines: 'all'},
		{args: '--verdict DROPPED --from-label k8s:name=x-wing,io.cilium.k8s.policy.cluster=koornacht', lines: 'all'},
		{args: '--verdict DROPPED --from-pod default/x-wing --to-pod default/rebel-base', lines: 'all'},
		{args: '--verdict DROPPED --from-pod x-wing', lines: 'all'},
		{args: '--verdict DROPPED --to-cluster tion --to-port 80 --protocol tcp', lines: 'all'},
		{args: '--type drop', lines: 'all'},
		{args: '--drop-reason-desc POLICY_DENIED -t policy-verdict', lines: 'all'},
		{args: '--verdict DROPPED --from-label name=nobody', lines: 0},
		{args: '--verdict DROPPED --from-pod kube-system/x-wing', lines: 0},
		{args: '--verdict DROPPED --to-cluster koornacht', lines: 0},
		{args: '--verdict DROPPED --protocol udp', lines: 0},
	];

	it.each(filters)('hubble observe $args', async ({args, lines}) => {
		const lab = await partialOutage();
		const all = (await lab.run(everyAgent('--verdict DROPPED --all'))).stdout.split('\n').filter(Boolean);
		const r = await lab.run(everyAgent(`${args}${args.includes('--last') || args.includes('--first') ? '' : ' --all'}`));
		expect(r.exitCode).toBe(0);
		const out = r.stdout.split('\n').filter(Boolean);
		const types = args.includes('--type drop') ? all.filter((l) => l.includes('Policy denied')) : args.includes('policy-verdict') ? all.filter((l) => l.includes('policy-verdict')) : all;
		expect(out).toEqual(lines === 'all' ? types : lines === 0 ? [] : args.includes('--first') ? all.slice(0, lines) : all.slice(-lines));
	});

	it('--last defaults to 20, and -o dict / table / jsonpb / --print-node-name lay the same flows out', async () => {
		const lab = await partialOutage();
		expect((await lab.run(everyAgent('--verdict DROPPED'))).stdout.trim().split('\n')).toHaveLength(20);
		const dict = (await lab.run(everyAgent('--verdict DROPPED --last 2 -o dict --print-node-name'))).stdout;
		expect(dict).toMatch(/^ {2}TIMESTAMP: Jun {2}1 [\d:.]+\n {7}NODE: koornacht\/koornacht-worker2?\n {5}SOURCE: default\/x-wing-\S+:\d+\nDESTINATION: default\/rebel-base-\S+:80\n {7}TYPE: policy-verdict:none EGRESS\n {4}VERDICT: DENIED\n {4}SUMMARY: TCP Flags: SYN\n-{12}\n {2}TIMESTAMP: /);
		const table = (await lab.run(everyAgent('--verdict DROPPED --last 2 -o table'))).stdout.split('\n');
		expect(table[0]).toMatch(/^TIMESTAMP {3,}SOURCE {3,}DESTINATION {3,}TYPE {3,}VERDICT {3,}SUMMARY$/);
		expect(table[2]).toMatch(/ {3}Policy denied {3,}DROPPED {3}TCP Flags: SYN$/);
		const jsonpb = (await lab.run(everyAgent('--verdict DROPPED --last 2 -o jsonpb'))).stdout;
		expect(jsonpb).toBe((await lab.run(everyAgent('--verdict DROPPED --last 2 -o json'))).stdout);
		expect((await lab.run(everyAgent('--verdict DROPPED --last 1 --print-node-name'))).stdout).toMatch(/^Jun {2}1 [\d:.]+ \[koornacht\/koornacht-worker2?\]: default\/x-wing-/);
	});

	it('on the 1.18 setting Tion-bound requests are dropped at Tion ingress, on rebel-base nodes', async () => {
		// Lesson 8 before Tion's ingress policy: on 1.18 the cluster-less egress peer lets the requests out.
		const lab = simLab(await lessonEightState({version: '1.18.11'}));
		await lab.ok('kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml');
		expect((await lab.run('kubectl delete cnp rebel-base-from-x-wing', 'tion')).exitCode).toBe(0);
		await lab.run(LOOP);
		expect(await lab.backend.observer.hubbleDrops('koornacht')).toEqual([]);
		const drops: readonly FlowObservation[] = (await lab.backend.observer.hubbleDrops('tion')) ?? [];
		expect(drops.length).toBeGreaterThan(0);
		for (const d of drops) {
			expect(d).toMatchObject({node: expect.stringMatching(/^tion\/tion-worker2?$/) as string, verdict: 'DROPPED', dropReason: 'POLICY_DENIED', direction: 'INGRESS'});
		}
		const out = (await lab.run(everyAgent('--verdict DROPPED --last 2'), 'tion')).stdout;
		expect(out).toContain('policy-verdict:none INGRESS DENIED (TCP Flags: SYN)');
		expect(out).toMatch(/default\/x-wing-\S+ \(ID:\d+\) <> default\/rebel-base-/);
		// Koornacht's Relay reaches Tion's agents through the mesh: one query from Koornacht shows Tion's drops.
		const relay = (await lab.run('hubble observe -P --from-label name=x-wing --verdict DROPPED --print-node-name')).stdout;
		expect(relay).toMatch(/^\S+ +\d+ [\d:.]+ \[tion\/tion-worker2?\]: default\/x-wing-\S+ .* INGRESS DENIED/m);
	});

	it('a restarted agent starts with an empty ring buffer', async () => {
		const lab = await partialOutage();
		expect((await lab.run(everyAgent('--verdict DROPPED'))).stdout).not.toBe('');
		await lab.ok('kubectl -n kube-system rollout restart ds/cilium');
		expect((await lab.run(everyAgent('--verdict DROPPED'))).stdout).toBe('');
		expect(await lab.backend.observer.hubbleDrops('koornacht')).toEqual([]);
	});

	it('records DNS drops at kube-dns ingress as UDP', async () => {
		const lab = simLab(await lessonEightState());
		await lab.ok('kubectl apply -f manifests/policies/coredns-restriction.yaml');
		expect((await lab.run('kubectl exec deploy/x-wing -- getent hosts rebel-base')).exitCode).toBe(2);
		const out = (await lab.run(everyAgent('--verdict DROPPED --to-pod kube-system/coredns --protocol udp'))).stdout;
		expect(out).toMatch(/^Jun {2}1 [\d:.]+: default\/x-wing-\S+:\d+ \(ID:\d+\) <> kube-system\/coredns-\S+:53 \(ID:\d+\) policy-verdict:none INGRESS DENIED \(UDP\)\n/m);
		expect(out).toMatch(/kube-system\/coredns-\S+:53 \(ID:\d+\) Policy denied DROPPED \(UDP\)\n/);
	});
});

describe('hubble observe: what the simulator refuses', () => {
	it.each([
		['hubble observe', 'hubble observe without --verdict DROPPED'],
		['hubble observe --verdict FORWARDED', 'hubble observe --verdict FORWARDED'],
		['hubble observe --type trace', 'hubble observe --type trace'],
		['hubble observe --verdict DROPPED --follow', 'hubble observe --follow'],
		['hubble observe --verdict DROPPED --since 1m', 'hubble observe --since'],
		['hubble observe --verdict DROPPED --not --from-pod x', 'hubble observe --not'],
		['hubble status', 'hubble status'],
	])('%s', async (command, feature) => {
		const lab = await partialOutage();
		const state = await lab.state();
		const r = await lab.run(`kubectl -n kube-system exec ds/cilium -c cilium-agent -- ${command}`);
		expect(r.exitCode).toBe(3);
		expect(r.stderr).toContain(`"${feature}`);
		expect(await lab.state()).toEqual(state);
	});

	it('the Relay merges by time and keeps each pair in the datapath\'s order: the verdict, then the drop', async () => {
		const lab = await partialOutage();
		const lines = (await lab.run('hubble observe -P --from-label name=x-wing --verdict DROPPED --all')).stdout.trim().split('\n');
		expect(lines.length).toBeGreaterThanOrEqual(20);
		const kinds = lines.map((l) => (l.includes('policy-verdict:') ? 'verdict' : l.includes('Policy denied DROPPED') ? 'drop' : l));
		// Pairs, each about one SYN (the same source port), verdict first.
		for (let i = 0; i < kinds.length; i += 2) {
			expect([kinds[i], kinds[i + 1]]).toEqual(['verdict', 'drop']);
			const port = (line: string | undefined) => /x-wing-\S+:(\d+)/.exec(line ?? '')?.[1];
			expect(port(lines[i + 1])).toBe(port(lines[i]));
		}
	});

	it('the hubble CLI is in the agents and on the host (through the Relay), not in x-wing', async () => {
		const lab = await partialOutage();
		expect((await lab.run('hubble observe -P --verdict DROPPED')).exitCode).toBe(0);
		expect((await lab.run('hubble status -P')).exitCode).toBe(3);
		expect((await lab.run('kubectl exec deploy/x-wing -- hubble observe --verdict DROPPED')).exitCode).toBe(3);
	});
});
