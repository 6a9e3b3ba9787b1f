import {describe, expect, it} from 'vitest';
import {countReplies, parseProbeOutput} from '../../src/checks/probe-protocol.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import {labState, seen, simLab, type SimLab} from './helpers.js';

const POLICIES = 'manifests/policies';

/** Lesson 8's starting point: rebel-base global in both clusters. */
async function meshedLab(install: {version?: string; extra?: string} = {}): Promise<SimLab> {
	const lab = simLab(await labState(install));
	for (const c of ['koornacht', 'tion'] as const) {
		expect((await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c)).exitCode).toBe(0);
	}
	return lab;
}

const SETTINGS = [
	{name: 'Cilium 1.19 (local-cluster default)', install: {}, ingressInTion: 'koornacht+timeout'},
	{name: 'Cilium 1.18.11', install: {version: '1.18.11'}, ingressInTion: 'koornacht+tion'},
	{name: 'Cilium 1.19 with policyDefaultLocalCluster=false', install: {extra: '--set clustermesh.policyDefaultLocalCluster=false'}, ingressInTion: 'koornacht+tion'},
];

describe.each(SETTINGS)('lesson 8 policy states on $name', ({install, ingressInTion}) => {
	it('walks default-deny → egress → ingress (koornacht) → ingress (tion) → widened egress', async () => {
		const lab = await meshedLab(install);
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht+tion');
		const steps: {command: string; cluster: 'koornacht' | 'tion'; expected: string}[] = [
			// Koornacht's default deny already puts x-wing's egress under default deny (DNS only).
			{command: `kubectl apply -f ${POLICIES}/default-deny.yaml`, cluster: 'koornacht', expected: 'timeout'},
			{command: `kubectl apply -f ${POLICIES}/default-deny.yaml`, cluster: 'tion', expected: 'timeout'},
			{command: `kubectl apply -f ${POLICIES}/x-wing-to-rebel-base.yaml`, cluster: 'koornacht', expected: 'timeout'},
			{command: `kubectl apply -f ${POLICIES}/rebel-base-from-x-wing.yaml`, cluster: 'koornacht', expected: 'koornacht+timeout'},
			{command: `kubectl apply -f ${POLICIES}/rebel-base-from-x-wing.yaml`, cluster: 'tion', expected: ingressInTion},
			{command: `kubectl apply -f ${POLICIES}/x-wing-to-rebel-base-all-clusters.yaml`, cluster: 'koornacht', expected: 'koornacht+tion'},
		];
		const observed: string[] = [];
		for (const step of steps) {
			expect((await lab.run(step.command, step.cluster)).exitCode).toBe(0);
			observed.push(seen(await lab.probe('koornacht')));
		}
		expect(observed).toEqual(steps.map((s) => s.expected));
	});
});

describe('where the partial state drops tion-bound requests (Hubble)', () => {
	const cases = [
		{name: '1.19: at koornacht egress', install: {}, cluster: 'koornacht' as const, direction: 'EGRESS', node: /^koornacht\/koornacht-worker2?$/},
		{name: '1.18: at tion ingress', install: {version: '1.18.11'}, cluster: 'tion' as const, direction: 'INGRESS', node: /^tion\/tion-worker2?$/},
	];
	it.each(cases)('$name', async ({install, cluster, direction, node}) => {
		const lab = await meshedLab(install);
		for (const c of ['koornacht', 'tion'] as const) await lab.run(`kubectl apply -f ${POLICIES}/default-deny.yaml -f ${POLICIES}/rebel-base-from-x-wing.yaml`, c);
		await lab.run(`kubectl apply -f ${POLICIES}/x-wing-to-rebel-base.yaml`, 'koornacht');
		const counts = await lab.probe('koornacht', {count: 20});
		const other = cluster === 'koornacht' ? 'tion' : 'koornacht';
		const drops = (await lab.backend.observer.hubbleDrops(cluster)) ?? [];
		expect(drops.length).toBeGreaterThanOrEqual(counts.timeout);
		expect(await lab.backend.observer.hubbleDrops(other)).toEqual([]);
		for (const d of drops) {
			expect(d).toMatchObject({verdict: 'DROPPED', dropReason: 'POLICY_DENIED', direction, summary: 'TCP Flags: SYN'});
			expect(d.node).toMatch(node);
			expect(d.sourcePod).toMatch(/^default\/x-wing-/);
			expect(d.destinationPod).toMatch(/^default\/rebel-base-/);
			expect(d.sourceLabels).toEqual(expect.arrayContaining(['k8s:name=x-wing', 'k8s:io.cilium.k8s.policy.cluster=koornacht', 'k8s:io.kubernetes.pod.namespace=default']));
			expect(d.destinationLabels).toEqual(expect.arrayContaining(['k8s:name=rebel-base', 'k8s:io.cilium.k8s.policy.cluster=tion']));
		}
	});
});

const egress = (peer: string, subject = 'name: x-wing') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: x-wing-to-rebel-base
spec:
  endpointSelector:
    matchLabels:
      ${subject}
  egress:
  - toEndpoints:
    - ${peer}
`;

describe('policy variants no lesson uses (1.19 settings)', () => {
	async function deniedButIngressOpen(): Promise<SimLab> {
		const lab = await meshedLab();
		for (const c of ['koornacht', 'tion'] as const) await lab.run(`kubectl apply -f ${POLICIES}/default-deny.yaml -f ${POLICIES}/rebel-base-from-x-wing.yaml`, c);
		return lab;
	}

	const cases = [
		{name: 'k8s:-prefixed peer without a cluster → local only', peer: 'matchLabels: {"k8s:name": rebel-base}', expected: 'koornacht+timeout'},
		{name: 'k8s:-prefixed subject and cluster peer', peer: 'matchLabels: {"k8s:name": rebel-base, "k8s:io.cilium.k8s.policy.cluster": tion}', subject: '"k8s:name": x-wing', expected: 'tion+timeout'},
		{name: 'operator Exists on the cluster label → every cluster', peer: 'matchLabels: {name: rebel-base}\n      matchExpressions: [{key: io.cilium.k8s.policy.cluster, operator: Exists}]', expected: 'koornacht+tion'},
		{name: 'a peer naming only tion', peer: 'matchLabels: {name: rebel-base, io.cilium.k8s.policy.cluster: tion}', expected: 'tion+timeout'},
		{name: 'NotIn koornacht', peer: 'matchLabels: {name: rebel-base}\n      matchExpressions: [{key: io.cilium.k8s.policy.cluster, operator: NotIn, values: [koornacht]}]', expected: 'tion+timeout'},
		{name: 'a peer in another namespace matches nothing', peer: 'matchLabels: {name: rebel-base, io.kubernetes.pod.namespace: kube-system, io.cilium.k8s.policy.cluster: tion}', expected: 'timeout'},
	];

	it.each(cases)('$name', async ({peer, subject, expected}) => {
		const lab = await deniedButIngressOpen();
		expect((await lab.run('kubectl apply -f -', 'koornacht', egress(peer, subject))).exitCode).toBe(0);
		expect(seen(await lab.probe('koornacht'))).toBe(expected);
	});

	it('without the DNS rule, lookups time out: (28) Resolving timed out, or (6) with a long --max-time', async () => {
		const lab = await meshedLab();
		await lab.ok(`kubectl apply -f ${POLICIES}/x-wing-to-rebel-base.yaml`);
		const noDns = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: default-deny}
spec:
  endpointSelector: {}
  ingress: [{}]
  egress: [{}]
`;
		expect((await lab.run('kubectl apply -f -', 'koornacht', noDns)).exitCode).toBe(0);
		const short = await lab.run('kubectl exec deploy/x-wing -- curl -sS --max-time 2 rebel-base');
		expect(short.exitCode).toBe(28);
		expect(short.stderr).toMatch(/^curl: \(28\) Resolving timed out after 20\d\d milliseconds\ncommand terminated with exit code 28\n$/);
		const long = await lab.run('kubectl exec deploy/x-wing -- curl -sS --max-time 10 rebel-base');
		expect(long.exitCode).toBe(6);
		expect(long.stderr).toContain('curl: (6) Could not resolve host: rebel-base');
		const probe = await lab.backend.observer.probe({...DEFAULT_PROBE, from: 'koornacht'});
		expect(countReplies(parseProbeOutput(probe.raw)).timeout).toBe(10);
		const drops = (await lab.backend.observer.hubbleDrops('koornacht')) ?? [];
		expect(drops.some((d) => d.summary === 'UDP' && d.destinationLabels.includes('k8s:k8s-app=kube-dns'))).toBe(true);
	});

	describe('L7', () => {
		const l7 = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: rebel-base-get-only}
spec:
  endpointSelector: {matchLabels: {name: rebel-base}}
  ingress:
  - toPorts:
    - ports: [{port: "80", protocol: TCP}]
      rules:
        http: [{method: GET, path: "/"}]
`;
		const statuses = async (lab: SimLab, method: 'GET' | 'POST', path = '/') => {
			const probe = await lab.backend.observer.probe({...DEFAULT_PROBE, from: 'koornacht', count: 5, method, path});
			return parseProbeOutput(probe.raw).map((r) => r.httpStatus);
		};

		it('a GET-only rule: GET 200, POST 403 from the proxy, other paths 403', async () => {
			const lab = simLab(await labState());
			expect((await lab.run('kubectl apply -f -', 'koornacht', l7)).exitCode).toBe(0);
			expect(await statuses(lab, 'GET')).toEqual([200, 200, 200, 200, 200]);
			expect(await statuses(lab, 'POST')).toEqual([403, 403, 403, 403, 403]);
			expect(await statuses(lab, 'GET', '/secret')).toEqual([403, 403, 403, 403, 403]);
			const post = await lab.run(`kubectl exec deploy/x-wing -- curl -s -X POST rebel-base`);
			expect(post.stdout).toBe('Access denied\r\n');
		});

		it('without an L7 rule nginx answers POST with 405 and unknown paths with 404', async () => {
			const lab = simLab(await labState());
			expect(await statuses(lab, 'POST')).toEqual([405, 405, 405, 405, 405]);
			expect(await statuses(lab, 'GET', '/missing')).toEqual([404, 404, 404, 404, 404]);
			const post = await lab.run(`kubectl exec deploy/x-wing -- curl -s -X POST rebel-base`);
			expect(post.stdout).toContain('<title>405 Not Allowed</title>');
			expect(post.stdout).toContain('<hr><center>nginx/1.27.1</center>\r\n');
		});
	});

	it('ingressDeny wins over an allow rule; enableDefaultDeny opts a direction out', async () => {
		const lab = simLab(await labState());
		const policy = (spec: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {matchLabels: {name: rebel-base}}\n${spec}`;
		await lab.run('kubectl apply -f -', 'koornacht', policy('  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{fromEndpoints: [{matchLabels: {name: x-wing}}]}]\n'));
		expect(seen(await lab.probe('koornacht'))).toBe('timeout');
		await lab.run('kubectl apply -f -', 'koornacht', policy('  enableDefaultDeny: {ingress: false}\n  ingress: [{fromEndpoints: [{matchLabels: {name: nobody}}]}]\n'));
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht');
		await lab.run('kubectl apply -f -', 'koornacht', policy('  ingress: [{fromEntities: [cluster]}]\n'));
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht');
	});

	it('a policy drop without --max-time waits out the kernel retries', async () => {
		const lab = simLab(await labState());
		await lab.ok(`kubectl apply -f ${POLICIES}/default-deny.yaml`);
		const r = await lab.run('kubectl exec deploy/x-wing -- curl -sS rebel-base');
		expect(r.exitCode).toBe(28);
		expect(r.stderr).toMatch(/^curl: \(28\) Failed to connect to rebel-base port 80 after 130\d\d\d ms: Couldn't connect to server\n/);
	});
});
