import {readFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {LAB_NAMES, resolveClusterNames, resolveManifestClusterNames} from '../../src/attach/cluster-names.js';
import {attachedCurriculum} from '../../src/attach/lessons.js';
import {loadCatalog} from '../../src/lessons/catalog.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAMES = {koornacht: 'rke2-east', tion: 'rke2-west'} as const;
const manifest = (file: string) => readFileSync(path.join(ROOT, 'manifests', file), 'utf8');

describe('cluster names in commands', () => {
	it.each([
		['hubble observe --label k8s:io.cilium.k8s.policy.cluster=tion', 'hubble observe --label k8s:io.cilium.k8s.policy.cluster=rke2-west'],
		["kubectl get cep -l 'io.cilium.k8s.policy.cluster=koornacht'", "kubectl get cep -l 'io.cilium.k8s.policy.cluster=rke2-east'"],
		['echo "io.cilium.k8s.policy.cluster: koornacht"', 'echo "io.cilium.k8s.policy.cluster: rke2-east"'],
		// Not a cluster-name slot: left as written.
		['kubectl apply -f manifests/rebel-base-response-koornacht.yaml', 'kubectl apply -f manifests/rebel-base-response-koornacht.yaml'],
		['kubectl get pods -l cluster=tion', 'kubectl get pods -l cluster=tion'],
		['echo io.cilium.k8s.policy.cluster=tion-2', 'echo io.cilium.k8s.policy.cluster=tion-2'],
	])('%s', (line, resolved) => expect(resolveClusterNames(line, NAMES)).toBe(resolved));

	it('stand for themselves on kind and the simulator', () => {
		fc.assert(fc.property(fc.string(), (text) => resolveClusterNames(text, LAB_NAMES) === text));
	});
});

describe('cluster names in manifests', () => {
	it('resolves matchLabels and matchExpressions values, keeping comments and other fields', () => {
		const source = manifest('policies/x-wing-to-rebel-base-all-clusters.yaml');
		const resolved = resolveManifestClusterNames(source, NAMES);
		const doc = parse(resolved) as {spec: {endpointSelector: {matchLabels: Record<string, string>}; egress: {toEndpoints: {matchExpressions: {values: string[]}[]}[]}[]}};
		expect(doc.spec.endpointSelector.matchLabels['io.cilium.k8s.policy.cluster']).toBe('rke2-east');
		expect(doc.spec.egress[0]?.toEndpoints[0]?.matchExpressions[0]?.values).toEqual(['rke2-east', 'rke2-west']);
		expect(resolved).toContain('# Koornacht or Tion');
		expect(resolved).toContain('description: "Allow x-wing in Koornacht to contact rebel-base in both clusters"');
	});

	it('leaves manifests without a cluster-name slot byte for byte, and every manifest unchanged on kind and the simulator', () => {
		expect(resolveManifestClusterNames(manifest('rebel-base-response-koornacht.yaml'), NAMES)).toBe(manifest('rebel-base-response-koornacht.yaml'));
		for (const file of ['app.yaml', 'policies/rebel-base-from-x-wing.yaml', 'policies/x-wing-to-rebel-base.yaml']) {
			expect(resolveManifestClusterNames(manifest(file), LAB_NAMES)).toBe(manifest(file));
		}
	});

	it('resolves each document of a multi-document file', () => {
		const text = 'kind: A\nmetadata: {labels: {io.cilium.k8s.policy.cluster: tion}}\n---\nkind: B\nspec: {io.cilium.k8s.policy.cluster: koornacht, other: tion}\n';
		const resolved = resolveManifestClusterNames(text, NAMES);
		expect(resolved).toContain('io.cilium.k8s.policy.cluster: rke2-west');
		expect(resolved).toContain('io.cilium.k8s.policy.cluster: rke2-east');
		expect(resolved).toContain('other: tion');
	});
});

describe('which lessons run on attached clusters', () => {
	it('runs the welcome and lessons 3–10; the rest say they need the tutorial\'s own lab', async () => {
		const {lessons} = await loadCatalog(path.join(ROOT, 'lessons'));
		const plan = attachedCurriculum(lessons);
		expect(plan.runs.map((l) => l.order)).toEqual([0, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(plan.skipped.map((s) => s.lesson.order)).toEqual([1, 2, 11, 12, 13, 20, 21]);
		expect(plan.skipped[0]?.reason).toBe("needs the tutorial's own lab: it builds the two kind clusters and installs Cilium");
	});
});
