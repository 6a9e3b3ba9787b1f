import type {Observer} from '../../src/backends/observations.js';
import {formatProbeLine} from '../../src/checks/probe-protocol.js';
import type {ClusterName} from '../../src/core/lab.js';

/** A probe sample written as letters: K/T replies, x timeout, e error. */
export function probeRaw(sample: string): string {
	return [...sample]
		.map((ch, i) => {
			if (ch === 'K' || ch === 'T') {
				const cluster = ch === 'K' ? 'Koornacht' : 'Tion';
				return formatProbeLine(i + 1, {exitCode: 0, httpStatus: 200, stderr: '', body: `{"Cluster": "${cluster}"}\n`});
			}
			if (ch === 'x') {
				return formatProbeLine(i + 1, {exitCode: 28, httpStatus: null, stderr: 'curl: (28) Connection timed out after 2001 milliseconds', body: ''});
			}
			return formatProbeLine(i + 1, {exitCode: 7, httpStatus: null, stderr: "curl: (7) Failed to connect to rebel-base port 80 after 0 ms: Couldn't connect to server", body: ''});
		})
		.join('\n');
}

const unsupported = () => Promise.reject(new Error('not scripted in this fake'));

/**
 * An Observer whose probe answers come from a script of samples (one per call, the last
 * repeating), so tests can model a mesh that converges over several attempts.
 */
export function scriptedObserver(
	samples: Partial<Record<ClusterName, readonly string[]>>,
	overrides: Partial<Observer> = {},
): Observer & {probeCalls: number} {
	const calls: Record<string, number> = {};
	const observer = {
		probeCalls: 0,
		clusters: async () => ['koornacht', 'tion'] as const,
		nodes: unsupported,
		deployment: unsupported,
		service: unsupported,
		configMap: unsupported,
		policies: unsupported,
		ciliumConfig: unsupported,
		caCertificate: unsupported,
		mesh: unsupported,
		policyDefaultLocalCluster: unsupported,
		hubbleDrops: unsupported,
		podExec: unsupported,
		encryption: unsupported,
		probe: async (query: {from: ClusterName}) => {
			observer.probeCalls++;
			const list = samples[query.from] ?? [];
			const n = (calls[query.from] = (calls[query.from] ?? 0) + 1);
			return {raw: probeRaw(list[Math.min(n, list.length) - 1] ?? '')};
		},
		...overrides,
	};
	return observer as Observer & {probeCalls: number};
}
