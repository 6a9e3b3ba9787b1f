import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import type {CliContext} from '../../src/cli/context.js';
import {main} from '../../src/cli/main.js';
import {statePaths} from '../../src/state/paths.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAKES = path.join(ROOT, 'test/fakes/bin');

/** The learner's own kubeconfig: the two meshed clusters' contexts and one the tool must never copy. */
const LEARNER_KUBECONFIG = `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: east
    cluster: {server: "https://10.20.0.1:6443", certificate-authority: certs/east-ca.crt}
  - name: west
    cluster: {server: "https://10.30.0.1:6443"}
  - name: prod
    cluster: {server: "https://prod.example.com"}
contexts:
  - name: east-admin
    context: {cluster: east, user: east-admin}
  - name: west-admin
    context: {cluster: west, user: west-admin}
  - name: prod
    context: {cluster: prod, user: prod}
users:
  - name: east-admin
    user: {token: east-token}
  - name: west-admin
    user: {token: west-token}
  - name: prod
    user: {token: prod-token}
`;

type World = {clusters: Record<string, Record<string, unknown>>};

function meshedWorld(): World {
	const cluster = (name: string, id: string, peer: string) => ({
		reachable: true,
		gitVersion: 'v1.31.4+rke2r1',
		ciliumConfig: {'cluster-name': name, 'cluster-id': id, 'policy-default-local-cluster': 'true'},
		ciliumImage: 'quay.io/cilium/cilium:v1.19.5@sha256:20fbbc14ac20b55a292c0dcda5571bf31cde30a7dbc68c29db3e709390ab0732',
		mesh: true,
		connected: [peer],
		namespaces: {'kube-system': {labels: {}}},
		objects: {},
	});
	return {clusters: {'east-admin': cluster('rke2-east', '11', 'rke2-west'), 'west-admin': cluster('rke2-west', '12', 'rke2-east')}};
}

let dir: string;
let home: string;
let worldFile: string;
let logFile: string;
let learnerFile: string;

function setWorld(change: (world: World) => void): void {
	const world = meshedWorld();
	change(world);
	writeFileSync(worldFile, JSON.stringify(world));
}
const world = (): World => JSON.parse(readFileSync(worldFile, 'utf8')) as World;

async function cli(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	let exitCode = 0;
	const ctx: CliContext = {
		root: ROOT,
		cwd: dir,
		env: {CLUSTERMESH_TUTOR_HOME: home, PATH: `${FAKES}:${process.env.PATH ?? ''}`, FAKE_ATTACHED: worldFile, FAKE_LOG: logFile, KUBECONFIG: learnerFile},
		paths: statePaths(home),
		stdout: (t) => void (stdout += t),
		stderr: (t) => void (stderr += t),
		isTTY: false,
		setExitCode: (code) => void (exitCode = code),
		signal: new AbortController().signal,
	};
	await main(argv, ctx);
	return {stdout, stderr, exitCode};
}

const ATTACH = ['attach', '--kubeconfig', 'learner.yaml', '--koornacht', 'east-admin', '--tion', 'west-admin'];
const recordFile = () => path.join(home, 'attached', 'attachment.json');

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'cmt-attach-'));
	home = path.join(dir, 'state');
	worldFile = path.join(dir, 'world.json');
	logFile = path.join(dir, 'calls.log');
	learnerFile = path.join(dir, 'learner.yaml');
	writeFileSync(learnerFile, LEARNER_KUBECONFIG);
	setWorld(() => undefined);
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
		expect(world().clusters['east-admin']!.namespaces).toHaveProperty('mesh-lab', {labels: {'app.kubernetes.io/managed-by': 'clustermesh-tutor'}});
		const own = parse(readFileSync(path.join(home, 'attached', 'kube', 'lab.yaml'), 'utf8')) as {contexts: {name: string; context: {namespace: string}}[]; clusters: {cluster: Record<string, string>}[]; users: {name: string}[]};
		expect(own.contexts.map((c) => [c.name, c.context.namespace])).toEqual([['east-admin', 'mesh-lab'], ['west-admin', 'mesh-lab']]);
		expect(own.users.map((u) => u.name)).toEqual(['east-admin', 'west-admin']);
		expect(own.clusters[0]?.cluster['certificate-authority']).toBe(path.join(dir, 'certs/east-ca.crt'));
		const calls = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {env: {KUBECONFIG: string; steering: string[]}});
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
});

function setWorldKeeping(change: (world: World) => void): void {
	const current = world();
	change(current);
	writeFileSync(worldFile, JSON.stringify(current));
}
