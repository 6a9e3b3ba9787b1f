import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildProbeScript, countReplies, parseProbeOutput} from '../../src/checks/probe-protocol.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import {judgeReplies} from '../../src/checks/verdicts.js';

/**
 * A stand-in for curl inside x-wing: honours `-o FILE` and `-w '%{http_code}'`, answers per
 * FAKE_CURL (reply | timeout | dns), after FAKE_CURL_SLEEP seconds.
 */
const FAKE_CURL = `#!/bin/sh
out=""; while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; esac; shift; done
sleep "\${FAKE_CURL_SLEEP:-0}"
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

	const run = async (mode: string, count = 10) => {
		const started = Date.now();
		const script = buildProbeScript({...DEFAULT_PROBE, from: 'koornacht', count, timeoutSeconds: 1});
		const result = await execa('sh', ['-c', script], {env: {PATH: `${bin}:${process.env.PATH}`, FAKE_CURL: mode, FAKE_CURL_SLEEP: '0.3'}, reject: false});
		return {raw: result.stdout, elapsed: Date.now() - started, exitCode: result.exitCode};
	};

	it('tags every request with its curl exit code and body', async () => {
		const {raw} = await run('reply');
		const replies = parseProbeOutput(raw);
		expect(replies).toHaveLength(10);
		expect(countReplies(replies)).toMatchObject({tion: 10, timeout: 0});
		expect(replies[0]).toMatchObject({outcome: 'reply', httpStatus: 200, exitCode: 0});
		expect(judgeReplies(replies, {kind: 'only', cluster: 'tion'}).pass).toBe(true);
	});

	it('runs the requests concurrently: ten timeouts take about one timeout', async () => {
		const {raw, elapsed} = await run('timeout');
		const replies = parseProbeOutput(raw);
		expect(replies.map((r) => r.exitCode)).toEqual(Array(10).fill(28));
		expect(replies[0]?.body).toMatch(/^curl: \(28\)/);
		expect(judgeReplies(replies, {kind: 'timeout'}).pass).toBe(true);
		// Sequential would be 10 × 0.3 s.
		expect(elapsed).toBeLessThan(2000);
	});

	it('classifies resolution failures', async () => {
		const replies = parseProbeOutput((await run('dns', 3)).raw);
		expect(replies.map((r) => r.outcome)).toEqual(['error', 'error', 'error']);
		expect(judgeReplies(replies, {kind: 'dns-failure'}).pass).toBe(true);
	});
});
