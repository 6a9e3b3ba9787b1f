import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {ATTACH, attachedWorld, type World} from './attached-world.js';

let lab: ReturnType<typeof attachedWorld>;
let dir: string;
let home: string;
const cli = (...argv: string[]) => lab.cli(...argv);
const world = () => lab.world();
const setWorld = (change: (w: World) => void) => lab.setWorld(change);
const setWorldKeeping = (change: (w: World) => void) => lab.setWorld(change, lab.world());
const recordFile = () => path.join(home, 'attached', 'attachment.json');

beforeEach(() => {
	lab = attachedWorld();
	({dir, home} = lab);
});

describe('attach: every precondition failing in turn', () => {
	const cases: [string, string, (w: World) => void][] = [
		['Koornacht unreachable', 'reachable-koornacht', (w) => void (w.clusters['east-admin']!.reachable = false)],
		['Tion runs no Cilium', 'cilium-tion', (w) => void ((w.clusters['west-admin']!.ciliumConfig = null), (w.clusters['west-admin']!.ciliumImage = null))],
		['Cilium older than 1.18', 'cilium-koornacht', (w) => void (w.clusters['east-admin']!.ciliumImage = 'quay.io/cilium/cilium:v1.17.6')],
		['no cluster id', 'cilium-tion', (w) => void (w.clusters['west-admin']!.ciliumConfig = {'cluster-name': 'rke2-west', 'cluster-id': '0'})],
		['the same cluster-name', 'distinct-clusters', (w) => void (w.clusters['west-admin']!.ciliumConfig = {'cluster-name': 'rke2-east', 'cluster-id': '12'})],
		['the same cluster-id', 'distinct-clusters', (w) => void (w.clusters['west-admin']!.ciliumConfig = {'cluster-name': 'rke2-west', 'cluster-id': '11'})],
		['Tion not connected to Koornacht', 'mesh-tion', (w) => void (w.clusters['west-admin']!.connected = [])],
		['Cluster Mesh not enabled in Koornacht', 'mesh-koornacht', (w) => void (w.clusters['east-admin']!.mesh = false)],
		['the namespace is someone else\'s', 'namespace-tion', (w) => void ((w.clusters['west-admin']!.namespaces as Record<string, unknown>)['clustermesh-tutor'] = {labels: {team: 'payments'}})],
	];
	it.each(cases)('%s: reports %s with a fix, exit 1, records nothing', async (_name, id, change) => {
		setWorld(change);
		const run = await cli(...ATTACH, '--yes', '--json');
		expect(run.exitCode, run.stderr).toBe(1);
		const report = JSON.parse(run.stdout) as {ok: boolean; findings: {id: string; status: string; fix?: string}[]};
		expect(report.ok).toBe(false);
		const failed = report.findings.filter((f) => f.status === 'fail');
		expect(failed.map((f) => f.id)).toEqual([id]);
		expect(failed[0]?.fix).toBeTruthy();
		expect(existsSync(recordFile())).toBe(false);
		expect(existsSync(path.join(home, 'attached', 'kube'))).toBe(false);
	});

	it('names a missing context and the ones the file has (exit 2)', async () => {
		const run = await cli('attach', '--kubeconfig', 'learner.yaml', '--koornacht', 'east', '--tion', 'west-admin', '--yes');
		expect(run.exitCode).toBe(2);
		expect(run.stderr).toContain('--koornacht east: no such context');
		expect(run.stderr).toContain('east-admin, west-admin, prod');
	});
});

describe('attach: success', () => {
	it('shows what it found, refuses to record without --yes off a terminal, and records nothing on --dry-run', async () => {
		const refused = await cli(...ATTACH);
		expect(refused.exitCode).toBe(2);
		expect(refused.stdout).toContain('cluster-name rke2-east, cluster-id 11');
		expect(refused.stdout).toContain('https://10.20.0.1:6443');
		expect(refused.stderr).toContain('add --yes');
		const dry = await cli(...ATTACH, '--dry-run');
		expect(dry.exitCode).toBe(0);
		expect(dry.stdout).toContain('attach would (dry run, nothing recorded)');
		expect(existsSync(recordFile())).toBe(false);
		expect(world().clusters['east-admin']!.namespaces).not.toHaveProperty('clustermesh-tutor');
	});

	it('records the attachment, creates the labelled namespace, and uses only its own kubeconfig', async () => {
		const run = await cli(...ATTACH, '--namespace', 'mesh-lab', '--yes');
		expect(run.exitCode, run.stderr + run.stdout).toBe(0);
		expect(run.stdout).toContain('policy-default-local-cluster is true');
		const record = JSON.parse(readFileSync(recordFile(), 'utf8')) as {namespace: string; clusters: Record<string, {clusterName: string; createdNamespace: boolean}>};
		expect(record.namespace).toBe('mesh-lab');
		expect(record.clusters.koornacht).toMatchObject({clusterName: 'rke2-east', createdNamespace: true});
		expect(record.clusters.tion).toMatchObject({clusterName: 'rke2-west', createdNamespace: true});
		expect(world().clusters['east-admin']!.namespaces).toHaveProperty('mesh-lab', {labels: {'app.kubernetes.io/managed-by': 'clustermesh-tutor', 'pod-security.kubernetes.io/enforce': 'baseline'}});
		const own = parse(readFileSync(path.join(home, 'attached', 'kube', 'lab.yaml'), 'utf8')) as {contexts: {name: string; context: {namespace: string}}[]; clusters: {cluster: Record<string, string>}[]; users: {name: string}[]};
		expect(own.contexts.map((c) => [c.name, c.context.namespace])).toEqual([['east-admin', 'mesh-lab'], ['west-admin', 'mesh-lab']]);
		expect(own.users.map((u) => u.name)).toEqual(['east-admin', 'west-admin']);
		expect(own.clusters[0]?.cluster['certificate-authority']).toBe(path.join(dir, 'certs/east-ca.crt'));
		const calls = lab.calls();
		expect(calls.length).toBeGreaterThan(10);
		for (const call of calls) {
			expect(call.env.KUBECONFIG.startsWith(home)).toBe(true);
			expect(call.env.steering).toEqual([]);
		}
		const again = await cli(...ATTACH, '--yes');
		expect(again.exitCode).toBe(1);
		expect(again.stderr).toContain('already attached');
	});

	it('reads policy-default-local-cluster, or the version default when cilium-config does not set it', async () => {
		setWorld((w) => {
			w.clusters['east-admin']!.ciliumConfig = {'cluster-name': 'rke2-east', 'cluster-id': '11', 'policy-default-local-cluster': 'false'};
			w.clusters['west-admin']!.ciliumConfig = {'cluster-name': 'rke2-west', 'cluster-id': '12'};
			w.clusters['west-admin']!.ciliumImage = 'quay.io/cilium/cilium:v1.18.11';
		});
		const run = await cli(...ATTACH, '--dry-run');
		expect(run.exitCode).toBe(0);
		expect(run.stdout).toContain('Koornacht (koornacht): policy-default-local-cluster is false —');
		expect(run.stdout).toContain("Tion (tion): policy-default-local-cluster is false (not set in cilium-config: Cilium 1.18.11's default)");
	});
});

describe('detach', () => {
	it('--dry-run lists only what the tutorial created, then detach deletes exactly that', async () => {
		expect((await cli(...ATTACH, '--yes')).exitCode).toBe(0);
		setWorldKeeping((w) => {
			w.clusters['east-admin']!.objects = {
				'clustermesh-tutor': [
					{kind: 'Deployment', name: 'x-wing'},
					{kind: 'Service', name: 'rebel-base'},
					{kind: 'CiliumNetworkPolicy', name: 'default-deny'},
					{kind: 'ConfigMap', name: 'team-notes'},
				],
			};
		});
		const dry = await cli('detach', '--dry-run');
		expect(dry.exitCode, dry.stderr).toBe(0);
		expect(dry.stdout).toContain('koornacht: Deployment clustermesh-tutor/x-wing');
		expect(dry.stdout).toContain('koornacht: Service clustermesh-tutor/rebel-base');
		expect(dry.stdout).toContain('koornacht: CiliumNetworkPolicy clustermesh-tutor/default-deny');
		expect(dry.stdout).toContain('tion: Namespace clustermesh-tutor (created by attach)');
		expect(dry.stdout).not.toContain('team-notes');
		expect(world().clusters['east-admin']!.objects).toHaveProperty(['clustermesh-tutor', 'length'], 4);
		expect(existsSync(recordFile())).toBe(true);

		const real = await cli('detach');
		expect(real.exitCode, real.stderr).toBe(0);
		expect(world().clusters['east-admin']!.namespaces).not.toHaveProperty('clustermesh-tutor');
		expect(existsSync(path.join(home, 'attached'))).toBe(false);
	});

	it('verify --json names the attached lab (its own progress and reports), and skips lessons that need the tutorial\'s own lab', async () => {
		expect((await cli(...ATTACH, '--yes')).exitCode).toBe(0);
		const run = await cli('verify', '--lesson', 'build-the-lab', '--lesson', 'mesh-the-clusters', '--json');
		expect(run.exitCode, run.stderr).toBe(0);
		const report = JSON.parse(run.stdout) as {backend: string; skipped: number; steps: {lesson: string; verdict: string; reason: string}[]};
		expect(report.backend).toBe('attached');
		expect(report.skipped).toBe(2);
		expect(report.steps.map((s) => [s.lesson, s.verdict])).toEqual([['build-the-lab', 'skip'], ['mesh-the-clusters', 'skip']]);
		expect(report.steps[1]?.reason).toBe("needs the tutorial's own lab: it enables and connects Cluster Mesh");
		// `reset` clears the attached lab's progress file too.
		const progress = path.join(home, 'progress-attached.json');
		writeFileSync(progress, JSON.stringify({schema: 2, backend: 'attached', lessons: {}, updatedAt: new Date().toISOString()}));
		const reset = await cli('reset');
		expect(reset.exitCode, reset.stderr).toBe(0);
		expect(reset.stdout).toContain(`cleared attached-clusters progress (${progress})`);
		expect(existsSync(progress)).toBe(false);
	});
});
