import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {describeOutputMatch, leadingLiteral} from '../../src/checks/output-match.js';
import {evaluateCondition} from '../../src/checks/evaluate.js';
import {scriptedObserver} from '../helpers/fake-observer.js';

// `cilium-dbg service list --clustermesh-affinity`, as the agent prints it (lesson 7).
const SERVICE_LIST = [
	'ID   Frontend            Service Type   Backend',
	'1    10.96.0.1:443/TCP   ClusterIP      1 => 172.18.0.3:6443/TCP (active)',
	'7    10.96.41.7:80/TCP   ClusterIP      1 => 10.1.0.12:80/TCP (active)',
	'                                        2 => 10.1.0.40:80/TCP (active)',
	'                                        3 => 10.2.0.9:80/TCP (active)',
].join('\n');
const PREFERRED = String.raw`=> 10\.1\.\d+\.\d+:80/TCP \(active\) \(preferred\)`;

describe('leadingLiteral', () => {
	it('reads the literal start of the lessons patterns', () => {
		expect(leadingLiteral(PREFERRED)).toBe('=> 10.1.');
		expect(leadingLiteral(String.raw`ClusterMesh:\s+1/1 (remote )?clusters ready`)).toBe('ClusterMesh:');
		expect(leadingLiteral(String.raw`tion/tion-[a-z0-9-]+:\s+Host connectivity to`)).toBe('tion/tion-');
		expect(leadingLiteral(String.raw`^(\{"Cluster": "Tion"[^\n]*\n+)+$`)).toBe('{"Cluster": "Tion"');
		expect(leadingLiteral('colou?r')).toBe('colo');
		expect(leadingLiteral('(ab)?c')).toBe('');
		expect(leadingLiteral(String.raw`Koornacht[\s\S]*Tion|Tion[\s\S]*Koornacht`)).toBe('');
	});

	it('every match of a pattern contains its leading literal', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[ab:=> ./()|[\]\\ds+?*{}1-3^$]{0,12}$/), fc.stringMatching(/^[ab:=> ./()\n\d]{0,20}$/), (pattern, text) => {
				let re: RegExp;
				try {
					re = new RegExp(pattern);
				} catch {
					return;
				}
				const found = re.exec(text);
				if (found) expect(found[0].startsWith(leadingLiteral(pattern))).toBe(true);
			}),
			{numRuns: 500},
		);
	});
});

describe('describeOutputMatch', () => {
	it('shows the lines that should have matched, from where a match would start', () => {
		expect(describeOutputMatch(SERVICE_LIST, PREFERRED)).toEqual({
			pass: false,
			shown: 'no match; "=> 10.1.0.12:80/TCP (active)", "=> 10.1.0.40:80/TCP (active)"',
		});
		expect(describeOutputMatch('nothing here', 'tion/tion-worker')).toEqual({pass: false, shown: 'no output matches /tion/tion-worker/'});
	});

	it('shows the matching line, not the first one', () => {
		const status = 'KVStore:   Ok   Disabled\nClusterMesh:   1/1 remote clusters ready, 0 global-services\nHubble: Ok';
		expect(describeOutputMatch(status, String.raw`ClusterMesh:\s+1/1 (remote )?clusters ready`)).toEqual({
			pass: true,
			shown: 'ClusterMesh: 1/1 remote clusters ready, 0 global-services',
		});
	});

	it('shows every line a match spans, in one line', () => {
		const health = 'Nodes:\n  tion/tion-worker:\n    Host connectivity to 172.18.0.5:\n      ICMP to stack: OK';
		expect(describeOutputMatch(health, String.raw`tion/tion-[a-z0-9-]+:\s+Host connectivity to`)).toEqual({
			pass: true,
			shown: 'tion/tion-worker: Host connectivity to 172.18.0.5:',
		});
	});

	it('keeps ^ and $ anchored to the whole output, as the condition judges it', () => {
		expect(describeOutputMatch('{"Cluster": "Tion"}\n{"Cluster": "Koornacht"}\n', String.raw`^(\{"Cluster": "Tion"[^\n]*\n+)+$`).pass).toBe(false);
	});
});

describe('pod-exec with output-matches', () => {
	it('names the pattern it requires and shows the lines it is about', async () => {
		const observer = scriptedObserver({}, {podExec: async () => ({exitCode: 0, output: SERVICE_LIST})});
		const result = await evaluateCondition(
			{
				type: 'pod-exec',
				target: {cluster: 'koornacht', namespace: 'kube-system', pod: 'ds/cilium'},
				command: ['cilium-dbg', 'service', 'list', '--clustermesh-affinity'],
				expect: {succeeds: true, outputMatches: PREFERRED},
			},
			observer,
		);
		expect(result.pass).toBe(false);
		expect(result.expected).toBe(`succeeds (exit 0), output matching /${PREFERRED}/`);
		expect(result.expected).toContain(String.raw`\(preferred\)`);
		expect(result.observed).toBe('exit 0: no match; "=> 10.1.0.12:80/TCP (active)", "=> 10.1.0.40:80/TCP (active)"');
	});
});
