import {describe, expect, it} from 'vitest';
import {ObservationError} from '../../src/backends/observations.js';
import {CONDITION_KINDS, type ConditionKind} from '../../src/checks/conditions.js';
import type {CheckCondition} from '../../src/checks/spec.js';
import {evaluateCondition} from '../../src/checks/evaluate.js';
import {scriptedObserver} from '../helpers/fake-observer.js';


/** A policy drop from Koornacht's x-wing to rebel-base, as the Observer reports one. */
const flow = {
	node: 'koornacht-worker',
	verdict: 'DROPPED',
	dropReason: 'POLICY_DENIED',
	direction: 'EGRESS',
	sourcePod: 'default/x-wing-1',
	sourceLabels: ['k8s:name=x-wing'],
	destinationPod: 'default/rebel-base-1',
	destinationLabels: ['k8s:name=rebel-base'],
	summary: 'TCP Flags: SYN',
};
describe('evaluateCondition', () => {
	it('service annotations: value, absence, and what was seen', async () => {
		const observer = scriptedObserver({}, {service: async () => ({annotations: {'service.cilium.io/global': 'true'}})});
		const ok = await evaluateCondition(
			{
				type: 'service',
				cluster: 'koornacht',
				namespace: 'default',
				name: 'rebel-base',
				expect: {annotations: {'service.cilium.io/global': 'true', 'service.cilium.io/affinity': null}},
			},
			observer,
		);
		expect(ok.pass).toBe(true);
		const bad = await evaluateCondition(
			{type: 'service', cluster: 'tion', namespace: 'default', name: 'rebel-base', expect: {annotations: {'service.cilium.io/shared': 'false'}}},
			observer,
		);
		expect(bad).toMatchObject({pass: false, observed: 'service.cilium.io/shared=(absent)', expected: 'service.cilium.io/shared="false"'});
	});

	it('Cilium annotations are judged as the agent reads them: "Local" is local, "yes" is not true, other keys by their text', async () => {
		const service = (annotations: Record<string, string>, expect: Record<string, string | null>) =>
			evaluateCondition(
				{type: 'service', cluster: 'koornacht', namespace: 'default', name: 'rebel-base', expect: {annotations: expect}},
				scriptedObserver({}, {service: async () => ({annotations})}),
			);
		const local = await service({'service.cilium.io/affinity': 'Local'}, {'service.cilium.io/affinity': 'local'});
		expect(local).toMatchObject({pass: true, observed: 'service.cilium.io/affinity="Local" (Cilium reads "local")'});
		expect((await service({'io.cilium/global-service': 'TRUE'}, {'io.cilium/global-service': 'true'})).pass).toBe(true);
		expect((await service({'service.cilium.io/shared': 'False'}, {'service.cilium.io/shared': 'false'})).pass).toBe(true);
		const yes = await service({'service.cilium.io/global': 'yes'}, {'service.cilium.io/global': 'true'});
		expect(yes).toMatchObject({pass: false, expected: 'service.cilium.io/global="true"', observed: 'service.cilium.io/global="yes" (Cilium reads "false")'});
		expect((await service({'service.cilium.io/global': '1'}, {'service.cilium.io/global': 'true'})).pass).toBe(false);
		expect((await service({'service.cilium.io/affinity': 'Remote'}, {'service.cilium.io/affinity': 'local'})).pass).toBe(false);
		// An affinity of "none" is set, not absent: it would hide an old-style alias, so null still means absent.
		expect((await service({'service.cilium.io/affinity': 'none'}, {'service.cilium.io/affinity': null})).pass).toBe(false);
		expect((await service({'example.com/owner': 'Team'}, {'example.com/owner': 'team'})).pass).toBe(false);
	});

	it('deployment replicas and absence', async () => {
		const observer = scriptedObserver({}, {deployment: async (c) => (c === 'tion' ? null : {replicas: 0, readyReplicas: 0})});
		const zero = await evaluateCondition(
			{type: 'deployment', cluster: 'koornacht', namespace: 'default', name: 'rebel-base', expect: {replicas: 0}},
			observer,
		);
		expect(zero.pass).toBe(true);
		const missing = await evaluateCondition(
			{type: 'deployment', cluster: 'tion', namespace: 'default', name: 'rebel-base', expect: {replicas: 2}},
			observer,
		);
		expect(missing).toMatchObject({pass: false, observed: 'absent'});
	});

	it('nodes must all be Ready (or all NotReady before a CNI exists)', async () => {
		const nodes = [
			{name: 'koornacht-control-plane', ready: false, role: 'control-plane' as const},
			{name: 'koornacht-worker', ready: false, role: 'worker' as const},
		];
		const observer = scriptedObserver({}, {nodes: async () => nodes});
		expect((await evaluateCondition({type: 'nodes', cluster: 'koornacht', expect: {ready: false, count: 2}}, observer)).pass).toBe(true);
		expect((await evaluateCondition({type: 'nodes', cluster: 'koornacht', expect: {ready: true}}, observer)).pass).toBe(false);
	});

	it('shared CA compares both clusters', async () => {
		const same = scriptedObserver({}, {caCertificate: async () => 'PEM-A'});
		expect((await evaluateCondition({type: 'shared-ca'}, same)).pass).toBe(true);
		const different = scriptedObserver({}, {caCertificate: async (c) => (c === 'tion' ? 'PEM-B' : 'PEM-A')});
		expect(await evaluateCondition({type: 'shared-ca'}, different)).toMatchObject({pass: false, observed: 'two different CAs'});
	});

	it('mesh connections must match exactly', async () => {
		const observer = scriptedObserver({}, {mesh: async () => ({enabled: true, connected: ['tion']})});
		expect((await evaluateCondition({type: 'mesh', cluster: 'koornacht', expect: {connected: ['tion']}}, observer)).pass).toBe(true);
		expect((await evaluateCondition({type: 'mesh', cluster: 'koornacht', expect: {connected: []}}, observer)).pass).toBe(false);
	});

	it('hubble drops are matched by reason and both pods\' labels', async () => {
		const observer = scriptedObserver({}, {hubbleDrops: async () => [flow, {...flow, dropReason: 'STALE_OR_UNROUTABLE_IP'}]});
		const r = await evaluateCondition(
			{type: 'hubble-drops', cluster: 'koornacht', from: 'x-wing', to: 'rebel-base', expect: {atLeast: 1, reason: 'POLICY_DENIED'}},
			observer,
		);
		expect(r).toMatchObject({pass: true, observed: "1 of the 2 dropped flows recorded by Koornacht's agents matches"});
		const drop = {type: 'hubble-drops', cluster: 'koornacht', from: 'x-wing', to: 'rebel-base'} as const;
		const ingress = await evaluateCondition({...drop, expect: {atLeast: 1, reason: 'POLICY_DENIED', direction: 'INGRESS'}}, observer);
		expect(ingress).toMatchObject({pass: false, expected: 'at least 1 POLICY_DENIED drop at INGRESS'});
		const egress = await evaluateCondition({...drop, expect: {atLeast: 1, reason: 'POLICY_DENIED', direction: 'EGRESS'}}, observer);
		expect(egress.pass).toBe(true);
	});

	it('hubble drops: says in plain words how many of the flows all the cluster\'s agents hold match', async () => {
		const judge = async (flows: (typeof flow)[]) =>
			(
				await evaluateCondition(
					{type: 'hubble-drops', cluster: 'tion', from: 'x-wing', to: 'rebel-base', expect: {atLeast: 1, reason: 'POLICY_DENIED'}},
					scriptedObserver({}, {hubbleDrops: async () => flows}),
				)
			).observed;
		const other = {...flow, dropReason: 'STALE_OR_UNROUTABLE_IP'};
		expect(await judge([])).toBe("no dropped flows recorded by Tion's agents");
		expect(await judge([other])).toBe("the one dropped flow recorded by Tion's agents does not match");
		expect(await judge([other, other])).toBe("none of the 2 dropped flows recorded by Tion's agents match");
		expect(await judge([...Array<typeof flow>(172).fill(flow), ...Array<typeof flow>(12).fill(other)])).toBe(
			"172 of the 184 dropped flows recorded by Tion's agents match (all they hold; hubble observe prints the last 20)",
		);
	});

	it('policy-default-local-cluster: flagged and unflagged policies must be listed as such', async () => {
		const report = [
			{policy: 'default/default-deny', flagged: true},
			{policy: 'default/rebel-base-from-x-wing', flagged: false},
		];
		const observer = scriptedObserver({}, {policyDefaultLocalCluster: async (c) => (c === 'koornacht' ? report : null)});
		const check = (cluster: 'koornacht' | 'tion', expectation: {flagged?: string[]; unflagged?: string[]}) =>
			evaluateCondition({type: 'policy-default-local-cluster', cluster, expect: expectation}, observer);
		expect(await check('koornacht', {flagged: ['default/default-deny'], unflagged: ['default/rebel-base-from-x-wing']})).toMatchObject({
			pass: true,
			observed: '⚠️ default/default-deny, ✅ default/rebel-base-from-x-wing',
		});
		expect((await check('koornacht', {flagged: ['default/rebel-base-from-x-wing']})).pass).toBe(false);
		expect((await check('koornacht', {unflagged: ['default/x-wing-to-rebel-base']})).pass).toBe(false);
		expect(await check('tion', {flagged: []})).toMatchObject({pass: false, observed: 'no report (is Cilium installed?)'});
	});

	it('configmap data is matched per key, and a missing key or object fails', async () => {
		const data = {message: '{"Cluster": "Tion", "Planet": "Foran Tutha"}\n'};
		const observer = scriptedObserver({}, {configMap: async (c) => (c === 'tion' ? {data} : null)});
		const of = (cluster: 'koornacht' | 'tion', dataMatches: Record<string, string>) =>
			evaluateCondition({type: 'configmap', cluster, namespace: 'default', name: 'rebel-base-response', expect: {dataMatches}}, observer);
		expect(await of('tion', {message: '"Cluster": "Tion"'})).toMatchObject({pass: true, observed: 'message="{\\"Cluster\\": \\"Tion\\", \\"Planet\\": \\"Foran Tutha\\"}"'});
		expect(await of('tion', {message: '"Cluster": "Koornacht"'})).toMatchObject({pass: false, expected: 'message matching /"Cluster": "Koornacht"/'});
		expect(await of('tion', {other: '.'})).toMatchObject({pass: false, observed: 'other=(absent)'});
		expect(await of('koornacht', {message: '.'})).toMatchObject({pass: false, observed: 'absent'});
	});

	it('an observation error fails the condition with the reason instead of throwing', async () => {
		const observer = scriptedObserver({}, {
			ciliumConfig: async () => {
				throw new ObservationError('cluster koornacht is unreachable');
			},
		});
		const r = await evaluateCondition({type: 'cilium-config', cluster: 'koornacht', expect: {clusterName: 'koornacht', clusterId: 1}}, observer);
		expect(r).toMatchObject({pass: false, observed: 'could not observe: cluster koornacht is unreachable'});
	});

	it('probe results carry counts and the first error as evidence', async () => {
		const observer = scriptedObserver({tion: ['TTTTTTTTTe']});
		const r = await evaluateCondition(
			{type: 'probe', query: {count: 10, timeoutSeconds: 2, service: 'rebel-base', namespace: 'default', method: 'GET', path: '/', from: 'tion'}, expect: {kind: 'only', cluster: 'tion'}},
			observer,
		);
		expect(r.pass).toBe(false);
		expect(r.evidence).toMatchObject({kind: 'replies', counts: {tion: 9, error: 1}, firstError: expect.stringContaining('curl: (7) Failed to connect') as unknown});
		expect(r.observed).toContain('first error: curl: (7) Failed to connect');
	});

	it('encryption shows the peer count only where the condition asks for one (a lesson asks the learner to predict it next)', async () => {
		const observer = scriptedObserver({}, {encryption: async () => ({mode: 'wireguard', peers: 5})});
		const mode = await evaluateCondition({type: 'encryption', cluster: 'koornacht', expect: {mode: 'wireguard'}}, observer);
		expect(mode).toMatchObject({pass: true, expected: 'WireGuard', observed: 'wireguard'});
		const peers = await evaluateCondition({type: 'encryption', cluster: 'koornacht', expect: {mode: 'wireguard', peersAtLeast: 3}}, observer);
		expect(peers).toMatchObject({pass: true, expected: 'WireGuard with at least 3 peers', observed: 'wireguard, 5 peers'});
	});

	it('every condition type has one registry record that describes and judges it', async () => {
		const observer = scriptedObserver({}, {
			nodes: async () => [{name: 'n', ready: true, role: 'worker'}],
			deployment: async () => ({replicas: 2, readyReplicas: 2}),
			podExec: async () => ({exitCode: 0, output: 'ok\n'}),
		});
		const conditions: CheckCondition[] = [
			{type: 'nodes', cluster: 'tion', expect: {ready: true, count: 3}},
			{type: 'deployment', cluster: 'koornacht', namespace: 'default', name: 'rebel-base', expect: {replicas: 2, ready: 2}},
			{type: 'pod-exec', target: {cluster: 'koornacht', namespace: 'default', pod: 'deploy/x-wing'}, command: ['true'], expect: {succeeds: true}},
			{type: 'clusters', expect: {exist: ['koornacht'], absent: ['tion']}},
		];
		for (const condition of conditions) {
			const kind = CONDITION_KINDS[condition.type] as ConditionKind<CheckCondition>;
			expect(kind.subject(condition)).not.toBe('');
			expect(kind.expects(condition)).not.toBe('');
			const result = await evaluateCondition(condition, observer);
			expect(result).toMatchObject({subject: kind.subject(condition), expected: kind.expects(condition)});
		}
		expect(Object.keys(CONDITION_KINDS).sort()).toEqual(
			['probe', 'nodes', 'deployment', 'service', 'policies', 'cilium-config', 'shared-ca', 'mesh', 'hubble-drops', 'pod-exec', 'encryption', 'clusters', 'configmap', 'policy-default-local-cluster'].sort(),
		);
	});
});
