import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildProbeScript, countReplies, parseProbeOutput} from '../../src/checks/probe-protocol.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import {judgeReplies} from '../../src/checks/verdicts.js';
import {CURL_BARRIER_SH} from '../fakes/curl-barrier.js';

/**
 * A stand-in for curl inside x-wing: honours `-o FILE` and `-w '%{http_code}'`, answers per
 * FAKE_CURL (reply | timeout | dns), after FAKE_CURL_SLEEP seconds (or once all requests
 * have started, with the barrier).
 */
const FAKE_CURL = `#!/bin/sh
out=""; while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; esac; shift; done
sleep "\${FAKE_CURL_SLEEP:-0}"
${CURL_BARRIER_SH}
case "$FAKE_CURL" in
  timeout) echo "curl: (28) Connection timed out after 300 milliseconds" >&2; printf 000; exit 28;;
  dns) echo "curl: (6) Could not resolve host: rebel-base.default.svc.cluster.local" >&2; printf 000; exit 6;;
  *) printf '{"Cluster": "Tion", "Planet": "Foran Tutha"}\\n' > "$out"; printf 200;;
esac
`;

describe('buildProbeScript under a real POSIX sh', () => {
	let bin = '';
	beforeAll(() => {
		bin = mkdtempSync(path.join(os.tmpdir(), 'cmt-curl-'));
		writeFileSync(path.join(bin, 'curl'), FAKE_CURL);
		chmodSync(path.join(bin, 'curl'), 0o755);
	});
	afterAll(() => rmSync(bin, {recursive: true, force: true}));

	const run = async (mode: string, count = 10, extraEnv: Record<string, string> = {}) => {
		const script = buildProbeScript({...DEFAULT_PROBE, from: 'koornacht', count, timeoutSeconds: 1});
		const result = await execa('sh', ['-c', script], {env: {PATH: `${bin}:${process.env.PATH}`, FAKE_CURL: mode, FAKE_CURL_SLEEP: '0.3', ...extraEnv}, reject: false});
		return {raw: result.stdout, exitCode: result.exitCode};
	};

	it('tags every request with its curl exit code and body', async () => {
		const {raw} = await run('reply');
		const replies = parseProbeOutput(raw);
		expect(replies).toHaveLength(10);
		expect(countReplies(replies)).toMatchObject({tion: 10, timeout: 0});
		expect(replies[0]).toMatchObject({outcome: 'reply', httpStatus: 200, exitCode: 0});
		expect(judgeReplies(replies, {kind: 'only', cluster: 'tion'}).pass).toBe(true);
	});

	it('runs the requests concurrently: ten timeouts are all under way at once', async () => {
		// Each fake request answers only once all ten have started (see the barrier), so this holds
		// by construction, not by a clock: a serial loop fails every request with exit 99.
		const barrier = mkdtempSync(path.join(os.tmpdir(), 'cmt-barrier-'));
		try {
			const {raw} = await run('timeout', 10, {FAKE_CURL_BARRIER: barrier, FAKE_CURL_TOGETHER: '10', FAKE_CURL_SLEEP: '0'});
			const replies = parseProbeOutput(raw);
			expect(replies.map((r) => r.exitCode), raw).toEqual(Array(10).fill(28));
			expect(replies[0]?.body).toMatch(/^curl: \(28\)/);
			expect(judgeReplies(replies, {kind: 'timeout'}).pass).toBe(true);
		} finally {
			rmSync(barrier, {recursive: true, force: true});
		}
	});

	it('classifies resolution failures', async () => {
		const replies = parseProbeOutput((await run('dns', 3)).raw);
		expect(replies.map((r) => r.outcome)).toEqual(['error', 'error', 'error']);
		expect(judgeReplies(replies, {kind: 'dns-failure'}).pass).toBe(true);
	});
});
