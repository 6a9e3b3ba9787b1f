import {execFileSync} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	buildProbeScript,
	clusterOfBody,
	countReplies,
	formatProbeLine,
	parseProbeOutput,
	probeUrl,
} from '../../src/checks/probe-protocol.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import {CURL_BARRIER_SH} from '../fakes/curl-barrier.js';

describe('probe protocol', () => {
	it('round-trips replies, timeouts and multi-line bodies through the tagged lines', () => {
		const raw = [
			'Unable to use a TTY - input is not a terminal or the right kind of file',
			formatProbeLine(2, {exitCode: 28, httpStatus: null, stderr: 'curl: (28) Connection timed out after 2001 milliseconds\n', body: ''}),
			formatProbeLine(1, {exitCode: 0, httpStatus: 200, stderr: '', body: '{"Cluster": "Tion", "Planet": "Foran Tutha"}\n'}),
			formatProbeLine(3, {exitCode: 0, httpStatus: 405, stderr: '', body: '<html>\r\n<head><title>405 Not Allowed</title></head>\n</html>\n'}),
		].join('\n');
		const replies = parseProbeOutput(raw);
		expect(replies.map((r) => [r.outcome, r.cluster, r.httpStatus])).toEqual([
			['reply', 'tion', 200],
			['timeout', null, null],
			['reply', null, 405],
		]);
		expect(replies[1]?.body).toBe('curl: (28) Connection timed out after 2001 milliseconds');
		expect(replies[2]?.body).toContain('405 Not Allowed');
		expect(countReplies(replies)).toEqual({koornacht: 0, tion: 1, timeout: 1, error: 0, other: 1});
	});

	it('reads the Cluster field case-insensitively and ignores non-JSON bodies', () => {
		expect(clusterOfBody('{"Cluster": "koornacht"}')).toBe('koornacht');
		expect(clusterOfBody('{"Galaxy": "Alderaan", "Cluster": "Cluster-1"}')).toBeNull();
		expect(clusterOfBody('Access denied')).toBeNull();
	});

	it('requests the service through its cluster DNS name', () => {
		expect(probeUrl({service: 'rebel-base', namespace: 'default', path: 'healthz'})).toBe(
			'http://rebel-base.default.svc.cluster.local/healthz',
		);
	});

	it('the script runs the requests concurrently under sh and tags each with its curl exit code', () => {
		// A fake curl on PATH, keyed on the request index in its -o path: 1 answers, 2 times out, 3 is refused; each answers
		// only once all six have started (the barrier), so a serial loop fails every request with exit 99.
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-probe-'));
		const barrier = mkdtempSync(path.join(tmpdir(), 'cmt-barrier-'));
		const curl = path.join(dir, 'curl');
		writeFileSync(
			curl,
			`#!/bin/sh
out=""; for a in "$@"; do case "$prev" in -o) out="$a";; esac; prev="$a"; done
i=\${out##*.}
${CURL_BARRIER_SH}
case $((i % 3)) in
1) printf '{"Cluster": "Koornacht", "Planet": "N'"'"'Zoth"}\\n' > "$out"; printf 200; exit 0;;
2) echo "curl: (28) Connection timed out after 2001 milliseconds" >&2; printf 000; exit 28;;
0) echo "curl: (7) Failed to connect to rebel-base port 80 after 1 ms: Couldn't connect to server" >&2; printf 000; exit 7;;
esac

`,
		);
		chmodSync(curl, 0o755);
		const raw = execFileSync('sh', ['-c', buildProbeScript({...DEFAULT_PROBE, from: 'koornacht', count: 6})], {
			encoding: 'utf8',
			env: {...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_CURL_BARRIER: barrier, FAKE_CURL_TOGETHER: '6'},
		});
		for (const made of [dir, barrier]) rmSync(made, {recursive: true, force: true});
		const replies = parseProbeOutput(raw);
		expect(replies).toHaveLength(6);
		expect(countReplies(replies), raw).toEqual({koornacht: 2, tion: 0, timeout: 2, error: 2, other: 0});
		expect(replies.find((r) => r.outcome === 'error')?.body).toMatch(/^curl: \(7\)/);
	});
});
