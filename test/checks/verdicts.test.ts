import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {classifyReply, type ProbeReply} from '../../src/checks/probe-protocol.js';
import type {ReplyExpectation} from '../../src/checks/spec.js';
import {judgeReplies, needsSecondSample} from '../../src/checks/verdicts.js';

const body = (cluster: 'Koornacht' | 'Tion') => `{"Cluster": "${cluster}", "Planet": "x"}\n`;
const K = classifyReply(0, 200, '', body('Koornacht'));
const T = classifyReply(0, 200, '', body('Tion'));
const TIMEOUT = classifyReply(28, null, 'curl: (28) Connection timed out after 2001 milliseconds', '');
const ERROR = classifyReply(7, null, "curl: (7) Failed to connect to rebel-base port 80 after 0 ms: Couldn't connect to server", '');
const DNS6 = classifyReply(6, null, 'curl: (6) Could not resolve host: rebel-base', '');
const DNS28 = classifyReply(28, null, 'curl: (28) Resolving timed out after 2000 milliseconds', '');
const FORBIDDEN = classifyReply(0, 403, '', 'Access denied\r\n');

const sample = (...parts: Array<[ProbeReply, number]>) => parts.flatMap(([r, n]) => Array.from({length: n}, () => r));

describe('judgeReplies', () => {
	const cases: Array<[string, ProbeReply[], ReplyExpectation, boolean]> = [
		['mixed: both clusters, all answered', sample([K, 6], [T, 4]), {kind: 'mixed'}, true],
		['mixed fails when one cluster only', sample([K, 10]), {kind: 'mixed'}, false],
		['mixed fails with a timeout among replies', sample([K, 5], [T, 4], [TIMEOUT, 1]), {kind: 'mixed'}, false],
		['mixed fails with an error among replies', sample([K, 5], [T, 4], [ERROR, 1]), {kind: 'mixed'}, false],
		['only tion passes', sample([T, 10]), {kind: 'only', cluster: 'tion'}, true],
		['only tion fails with one koornacht', sample([T, 9], [K, 1]), {kind: 'only', cluster: 'tion'}, false],
		['only koornacht fails with a timeout', sample([K, 9], [TIMEOUT, 1]), {kind: 'only', cluster: 'koornacht'}, false],
		['timeout: all time out', sample([TIMEOUT, 10]), {kind: 'timeout'}, true],
		['timeout fails with one reply', sample([TIMEOUT, 9], [K, 1]), {kind: 'timeout'}, false],
		['partial: koornacht answers, rest time out', sample([K, 4], [TIMEOUT, 6]), {kind: 'partial', cluster: 'koornacht'}, true],
		['partial fails with no timeout', sample([K, 10]), {kind: 'partial', cluster: 'koornacht'}, false],
		['partial fails when tion answers too', sample([K, 4], [T, 1], [TIMEOUT, 5]), {kind: 'partial', cluster: 'koornacht'}, false],
		['partial fails when the other cluster answers', sample([T, 4], [TIMEOUT, 6]), {kind: 'partial', cluster: 'koornacht'}, false],
		['partial fails with errors', sample([K, 4], [ERROR, 6]), {kind: 'partial', cluster: 'koornacht'}, false],
		['status 403', sample([FORBIDDEN, 3]), {kind: 'status', code: 403}, true],
		['status 200', sample([K, 3]), {kind: 'status', code: 200}, true],
		['status 403 fails on a 200', sample([FORBIDDEN, 2], [K, 1]), {kind: 'status', code: 403}, false],
		['dns-failure accepts (6) and (28) resolving', sample([DNS6, 2], [DNS28, 2]), {kind: 'dns-failure'}, true],
		['dns-failure rejects a connect timeout', sample([DNS6, 2], [TIMEOUT, 1]), {kind: 'dns-failure'}, false],
		['empty sample never passes', [], {kind: 'timeout'}, false],
	];
	it.each(cases)('%s', (_name, replies, expect_, pass) => {
		expect(judgeReplies(replies, expect_).pass).toBe(pass);
	});

	it('reports counts and both sides in words', () => {
		const v = judgeReplies(sample([K, 6], [TIMEOUT, 4]), {kind: 'mixed'});
		expect(v.observed).toBe('Koornacht 6, Tion 0, timeouts 4, errors 0');
		expect(v.expected).toBe('every request answered, by both Koornacht and Tion');
	});

	it('only mixed and partial get a second sample', () => {
		expect(needsSecondSample({kind: 'mixed'})).toBe(true);
		expect(needsSecondSample({kind: 'partial', cluster: 'tion'})).toBe(true);
		expect(needsSecondSample({kind: 'only', cluster: 'tion'})).toBe(false);
		expect(needsSecondSample({kind: 'timeout'})).toBe(false);
	});
});

describe('verdict properties', () => {
	const reply = fc.constantFrom(K, T, TIMEOUT, ERROR);
	const replies = fc.array(reply, {minLength: 1, maxLength: 40});

	it('a sample with replies from both clusters is never judged "only"', () => {
		fc.assert(
			fc.property(replies, fc.constantFrom('koornacht' as const, 'tion' as const), (rs, cluster) => {
				const mixedSample = [K, T, ...rs];
				expect(judgeReplies(mixedSample, {kind: 'only', cluster}).pass).toBe(false);
			}),
		);
	});

	it('a sample with a single timeout is never judged "mixed"', () => {
		fc.assert(
			fc.property(replies, fc.nat(), (rs, at) => {
				const withTimeout = [...rs];
				withTimeout.splice(at % (rs.length + 1), 0, TIMEOUT);
				expect(judgeReplies(withTimeout, {kind: 'mixed'}).pass).toBe(false);
			}),
		);
	});

	it('at most one of mixed, only, timeout and partial holds for any sample', () => {
		fc.assert(
			fc.property(replies, (rs) => {
				const verdicts: ReplyExpectation[] = [
					{kind: 'mixed'},
					{kind: 'only', cluster: 'koornacht'},
					{kind: 'only', cluster: 'tion'},
					{kind: 'timeout'},
					{kind: 'partial', cluster: 'koornacht'},
					{kind: 'partial', cluster: 'tion'},
				];
				expect(verdicts.filter((v) => judgeReplies(rs, v).pass).length).toBeLessThanOrEqual(1);
			}),
		);
	});
});
