import {describe, expect, it} from 'vitest';
import {parseLesson, slugify} from '../../src/lessons/parse-lesson.js';
import {VERSIONS} from '../../src/core/versions.js';
import {GOOD, GOOD_FILE, lineOf, minimal} from './fixtures.js';

describe('parseLesson on a good lesson', () => {
	const result = parseLesson(GOOD, GOOD_FILE);
	const lesson = result.lesson;
	if (!lesson) throw new Error('the good fixture must parse');

	it('has no problems', () => {
		expect(result.problems).toEqual([]);
	});

	it('parses to the expected model', () => {
		expect(lesson).toMatchSnapshot();
	});

	it('takes the order from the file name and normalises the lab states', () => {
		expect(lesson.order).toBe(4);
		expect(lesson.starts).toEqual({
			stage: 'app',
			encryption: false,
			workloads: {
				koornacht: {replicas: 2, annotations: {}, policies: []},
				tion: {replicas: 2, annotations: {}, policies: []},
			},
		});
		expect(lesson.leaves.workloads?.tion.annotations).toEqual({'service.cilium.io/global': 'true'});
	});

	it('substitutes placeholders in prose', () => {
		expect(lesson.intro).toBe(`Intro on Cilium ${VERSIONS.cilium}.`);
	});

	it('joins continuations, skips comments and blank lines, and keeps each command line', () => {
		const [step] = lesson.steps;
		expect(step?.commands.map((c) => [c.line, c.command])).toEqual([
			[lineOf(GOOD, 'kubectl annotate service rebel-base \\'), 'kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite'],
			[lineOf(GOOD, 'kubectl exec deploy/x-wing'), expect.stringContaining('kubectl exec deploy/x-wing -- sh -c')],
		]);
	});

	it('uses the ### Solution block when present, else the step commands', () => {
		const [first, , third] = lesson.steps;
		expect(first?.solution).toEqual([
			{
				target: 'koornacht',
				command: 'kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
				line: lineOf(GOOD, '### Solution') + 2,
			},
		]);
		expect(third?.solution).toBe(third?.commands);
	});

	it('locates steps and wrong answers by line', () => {
		expect(lesson.steps.map((s) => [s.id, s.line])).toEqual([
			['annotate-koornacht', lineOf(GOOD, '## Make the service global in Koornacht')],
			['why-still-local', lineOf(GOOD, '## Why still local?')],
			['make-it-global-in-tion-too', lineOf(GOOD, '## Make it global in Tion too')],
		]);
		const wrong = lesson.steps[0]?.wrong[0];
		expect(wrong?.line).toBe(lineOf(GOOD, '- label: annotate Tion instead'));
		expect(wrong?.commands[0]?.line).toBe(lineOf(GOOD, '    - tion: kubectl annotate'));
	});

	it('reads a quiz with its question and explanation', () => {
		expect(lesson.steps[1]?.quiz).toEqual({
			question: 'Why still local?',
			choices: [
				{text: 'The mesh is slow', correct: false},
				{text: "Tion's Service is not global", correct: true},
			],
			explanation: 'Both sides must opt in.',
		});
	});

	it('asks a quiz in the prose\'s last paragraph when the title is not a question', () => {
		const step = `Cilium runs an **agent** on every node.\n\nWhere is a policy enforced?\n\n- [ ] In a central pod\n- [x] On the node, in eBPF\n`;
		const parsed = parseLesson(minimal({step}), 'lessons/01-lesson.md');
		expect(parsed.problems).toEqual([]);
		const quizStep = parsed.lesson?.steps[0];
		expect(quizStep?.prose).toBe('Cilium runs an **agent** on every node.');
		expect(quizStep?.quiz?.question).toBe('Where is a policy enforced?');
	});

	it('reads the live-only wrapper and probe defaults', () => {
		const step = lesson.steps[2];
		expect(step?.liveOnly).toBe('needs real clusters');
		expect(step?.check).toEqual([
			{
				type: 'probe',
				query: {from: 'tion', count: 20, timeoutSeconds: 2, service: 'rebel-base', namespace: 'default', method: 'GET', path: '/'},
				expect: {kind: 'mixed'},
			},
		]);
	});

	it('gives the same model for CRLF line endings', () => {
		expect(parseLesson(GOOD.replace(/\n/g, '\r\n'), GOOD_FILE)).toEqual(result);
	});
});

describe('check conditions map to the CheckCondition union', () => {
	const checkOf = (yaml: string) => {
		const text = minimal({step: `\`\`\`yaml check\n${yaml}\n\`\`\`\n\n### Hints\n1. hint`});
		const result = parseLesson(text, 'lessons/01-lesson.md');
		expect(result.problems).toEqual([]);
		return result.lesson?.steps[0]?.check;
	};

	it.each([
		['nodes: koornacht\nexpect: {ready: false, count: 3}', {type: 'nodes', cluster: 'koornacht', expect: {ready: false, count: 3}}],
		[
			'deployment: {cluster: tion, name: rebel-base}\nexpect: {replicas: 0}',
			{type: 'deployment', cluster: 'tion', name: 'rebel-base', namespace: 'default', expect: {replicas: 0}},
		],
		[
			'service: {cluster: koornacht, name: rebel-base}\nexpect: {annotations: {service.cilium.io/shared: null}}',
			{type: 'service', cluster: 'koornacht', name: 'rebel-base', namespace: 'default', expect: {annotations: {'service.cilium.io/shared': null}}},
		],
		[
			'policies: {cluster: tion, namespace: kube-system}\nexpect: {include: [a], exclude: [b]}',
			{type: 'policies', cluster: 'tion', namespace: 'kube-system', expect: {include: ['a'], exclude: ['b']}},
		],
		[
			'cilium-config: tion\nexpect: {cluster-name: tion, cluster-id: 2}',
			{type: 'cilium-config', cluster: 'tion', expect: {clusterName: 'tion', clusterId: 2}},
		],
		['shared-ca: true', {type: 'shared-ca'}],
		['mesh: koornacht\nexpect: {enabled: true, connected: [tion]}', {type: 'mesh', cluster: 'koornacht', expect: {enabled: true, connected: ['tion']}}],
		[
			'hubble-drops: {cluster: tion, from: x-wing, to: rebel-base}\nexpect: {at-least: 1, reason: POLICY_DENIED}',
			{type: 'hubble-drops', cluster: 'tion', from: 'x-wing', to: 'rebel-base', expect: {atLeast: 1, reason: 'POLICY_DENIED'}},
		],
		[
			'hubble-drops: {cluster: tion, from: x-wing, to: rebel-base}\nexpect: {at-least: 2, reason: POLICY_DENIED, direction: EGRESS}',
			{type: 'hubble-drops', cluster: 'tion', from: 'x-wing', to: 'rebel-base', expect: {atLeast: 2, reason: 'POLICY_DENIED', direction: 'EGRESS'}},
		],
		[
			'policy-default-local-cluster: koornacht\nexpect: {flagged: [default/x-wing-to-rebel-base], unflagged: [default/rebel-base-from-x-wing]}',
			{type: 'policy-default-local-cluster', cluster: 'koornacht', expect: {flagged: ['default/x-wing-to-rebel-base'], unflagged: ['default/rebel-base-from-x-wing']}},
		],
		[
			'configmap: {cluster: tion, name: rebel-base-response}\nexpect: {data-matches: {message: \'"Cluster": "Tion"\'}}',
			{type: 'configmap', cluster: 'tion', namespace: 'default', name: 'rebel-base-response', expect: {dataMatches: {message: '"Cluster": "Tion"'}}},
		],
		[
			'pod-exec: {cluster: koornacht, pod: deploy/x-wing, command: [getent, hosts, rebel-base]}\nexpect: {succeeds: false, output-matches: "^$"}',
			{
				type: 'pod-exec',
				target: {cluster: 'koornacht', namespace: 'default', pod: 'deploy/x-wing'},
				command: ['getent', 'hosts', 'rebel-base'],
				expect: {succeeds: false, outputMatches: '^$'},
			},
		],
		['encryption: tion\nexpect: {mode: wireguard, peers-at-least: 2}', {type: 'encryption', cluster: 'tion', expect: {mode: 'wireguard', peersAtLeast: 2}}],
		['clusters: {}\nexpect: {absent: [koornacht, tion]}', {type: 'clusters', expect: {absent: ['koornacht', 'tion']}}],
		[
			'probe: {from: koornacht, method: POST, path: /x, timeout: 5}\nexpect: {status: 403}',
			{
				type: 'probe',
				query: {from: 'koornacht', count: 10, timeoutSeconds: 5, service: 'rebel-base', namespace: 'default', method: 'POST', path: '/x'},
				expect: {kind: 'status', code: 403},
			},
		],
		['probe: {from: tion}\nexpect: {partial: tion}', expect.objectContaining({expect: {kind: 'partial', cluster: 'tion'}})],
		['probe: {from: tion}\nexpect: dns-failure', expect.objectContaining({expect: {kind: 'dns-failure'}})],
	])('%s', (yaml, condition) => {
		expect(checkOf(yaml)).toEqual([condition]);
	});
});

describe('slugify', () => {
	it.each([
		['Make it global in Tion too', 'make-it-global-in-tion-too'],
		["Call Koornacht's rebel base", 'call-koornachts-rebel-base'],
		['Use `kubectl` *now*!', 'use-kubectl-now'],
	])('%s → %s', (title, slug) => {
		expect(slugify(title)).toBe(slug);
	});
});

describe('quiz questions', () => {
	it('come from the prose when the title is not a question', () => {
		const text = minimal({step: 'Which is right?\n\n- [x] this\n- [ ] that'});
		const step = parseLesson(text, 'lessons/01-lesson.md').lesson?.steps[0];
		expect(step?.quiz?.question).toBe('Which is right?');
		expect(step?.prose).toBe('');
	});
});
