import {describe, expect, it} from 'vitest';
import {mergeKubeconfigs, parseKubeconfig} from '../../src/backends/kind/kubeconfig.js';

/** What `kind create cluster` writes (kind-<name> cluster, context and user; current-context set). */
const kindConfig = (name: string, port: number) => `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: https://127.0.0.1:${port}
  name: kind-${name}
contexts:
- context:
    cluster: kind-${name}
    user: kind-${name}
  name: kind-${name}
current-context: kind-${name}
kind: Config
preferences: {}
users:
- name: kind-${name}
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`;

describe('kubeconfig merge', () => {
	it('reads one cluster file: one context, current', () => {
		const config = parseKubeconfig(kindConfig('koornacht', 40001));
		expect(config.contexts.map((c) => c.name)).toEqual(['kind-koornacht']);
		expect(config.currentContext).toBe('kind-koornacht');
	});

	it('merges both clusters with every entry, and no current context', () => {
		const merged = parseKubeconfig(mergeKubeconfigs([kindConfig('koornacht', 40001), kindConfig('tion', 40002)]));
		expect(merged.contexts.map((c) => c.name)).toEqual(['kind-koornacht', 'kind-tion']);
		expect(merged.clusters.map((c) => c.name)).toEqual(['kind-koornacht', 'kind-tion']);
		expect(merged.users.map((c) => c.name)).toEqual(['kind-koornacht', 'kind-tion']);
		expect(merged.currentContext).toBeUndefined();
		expect(JSON.stringify(merged.clusters[1])).toContain('https://127.0.0.1:40002');
	});

	it('keeps the first entry of a duplicated name and tolerates garbage', () => {
		const merged = parseKubeconfig(mergeKubeconfigs([kindConfig('tion', 1), kindConfig('tion', 2), 'not: [a, kubeconfig', '']));
		expect(merged.clusters).toHaveLength(1);
		expect(JSON.stringify(merged.clusters[0])).toContain(':1"');
	});
});
