import {EXIT} from '../../src/core/exit-codes.js';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {classifyFailure} from '../../src/backends/kind/failure-hints.js';
import {parseKubeconfig} from '../../src/backends/kind/kubeconfig.js';
import {downLiveLab} from '../../src/backends/kind/open.js';
import {ownedClusters, ownershipStore} from '../../src/backends/kind/ownership.js';
import {executePlan, type PlanEvent} from '../../src/lab/execute.js';
import {labPlan, parallelGroups} from '../../src/lab/plan.js';
import {readFakeState, type FakeCluster} from '../fakes/fake-observer.js';
import {fakeLab, REPO_ROOT, type FakeCall, type FakeLab} from '../fakes/harness.js';
import {alive, waitForExit} from '../fakes/processes.js';
import {until} from '../helpers/wait.js';

/**
 * `up --backend kind` end to end on the fake kind/kubectl/cilium: real runner, real processes,
 * the fakes' state standing in for the clusters. These prove order, resumability, cancellation
 * and the kubeconfig/context rules; they are not, and are never reported as, live results.
 */

const ALL_TASKS = labPlan().map((t) => t.id);

/** A kind cluster in the fakes' state that nothing was installed in (the tool may or may not own it). */
const BARE_CLUSTER: FakeCluster = {port: 1, cilium: null, ca: null, hubble: false, mesh: false, connected: [], app: false};

function timeline() {
	const events: Array<{event: PlanEvent; at: number}> = [];
	const at = (type: PlanEvent['type'], id: string) => events.find((e) => e.event.type === type && 'task' in e.event && e.event.task.id === id)?.at;
	return {onEvent: (event: PlanEvent) => events.push({event, at: performance.now()}), start: (id: string) => at('task-start', id), done: (id: string) => at('task-done', id)};
}

/** The rules every spawned command obeyed: the tool's kubeconfig, and either its own cluster's file or an explicit lab context. */
function expectToolKubeconfigAndLabContext(lab: FakeLab, calls: readonly FakeCall[]): void {
	const perCluster = new Map(['koornacht', 'tion'].map((c) => [lab.paths.kubeconfig(c), `kind-${c}`]));
	for (const call of calls.filter((c) => !c.hang)) {
		const kubeconfig = call.env.KUBECONFIG ?? '';
		expect(path.dirname(kubeconfig), `${call.tool} ${call.argv.join(' ')}`).toBe(lab.paths.kubeDir);
		const contexts = call.argv.flatMap((a, i) => (a === '--context' || a === '--destination-context' ? [call.argv[i + 1]] : []));
		if (kubeconfig === lab.paths.labKubeconfig) {
			if (call.tool === 'kubectl' || call.tool === 'cilium') {
				expect(contexts.length, call.argv.join(' ')).toBeGreaterThan(0);
				for (const context of contexts) expect(['kind-koornacht', 'kind-tion']).toContain(context);
			}
		} else {
			expect(perCluster.has(kubeconfig), kubeconfig).toBe(true);
			expect(contexts, call.argv.join(' ')).toEqual([]);
		}
	}
	// The per-cluster files hold exactly their own context, current.
	for (const [file, context] of perCluster) {
		if (!existsSync(file)) continue;
		const config = parseKubeconfig(readFileSync(file, 'utf8'));
		expect(config.contexts.map((c) => c.name)).toEqual([context]);
		expect(config.currentContext).toBe(context);
	}
	expect(existsSync(path.join(lab.env.HOME ?? '', '.kube', 'config'))).toBe(false);
}

const invocations = (calls: readonly FakeCall[], pattern: RegExp) => calls.filter((c) => !c.hang && pattern.test(`${c.tool} ${c.argv.join(' ')}`));

// Each test spawns dozens of fake-tool processes (a node start each): seconds on a loaded two-core machine.
describe('up --backend kind on fake tools', {timeout: 120_000}, () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('runs the plan in order, groups in parallel, every command with the tool kubeconfig and a lab context', async () => {
		lab = fakeLab();
		const t = timeline();
		const result = await executePlan(labPlan(), lab.backend({FAKE_DELAY_MS: '30'}), {onEvent: t.onEvent});
		expect(result).toMatchObject({ok: true, skipped: [], failures: []});
		expect([...result.done].sort()).toEqual([...ALL_TASKS].sort());

		const groups = parallelGroups(labPlan()).map((g) => g.map((task) => task.id));
		for (let i = 1; i < groups.length; i++) {
			const previousEnd = Math.max(...(groups[i - 1] ?? []).map((id) => t.done(id) ?? Infinity));
			const nextStart = Math.min(...(groups[i] ?? []).map((id) => t.start(id) ?? -Infinity));
			expect(previousEnd, `group ${i + 1} starts after group ${i}`).toBeLessThanOrEqual(nextStart);
		}
		for (const group of groups.filter((g) => g.length === 2)) {
			const [a = '', b = ''] = group;
			expect(t.start(a) ?? Infinity, `${a} and ${b} overlap`).toBeLessThan(t.done(b) ?? -Infinity);
			expect(t.start(b) ?? Infinity, `${a} and ${b} overlap`).toBeLessThan(t.done(a) ?? -Infinity);
		}

		const calls = lab.calls();
		expectToolKubeconfigAndLabContext(lab, calls);
		// Lesson-relative paths resolved to the installed copies (the learner's folder is empty).
		expect(invocations(calls, /^kind create cluster --name koornacht/)[0]?.argv).toContain(path.join(REPO_ROOT, 'kind-configs', 'koornacht.yaml'));
		expect(invocations(calls, /^kubectl apply/)[0]?.argv).toContain(path.join(REPO_ROOT, 'manifests', 'app.yaml'));
		expect(ownedClusters(await ownershipStore(lab.paths.ownership).read())).toEqual(['koornacht', 'tion']);

		// Idempotent: a second run finds everything done and spawns nothing.
		const again = await executePlan(labPlan(), lab.backend());
		expect([...again.skipped].sort()).toEqual([...ALL_TASKS].sort());
		expect(lab.calls()).toHaveLength(calls.length);
	});

	it('stops after a failing group, explains the failure, and resumes where it stopped', async () => {
		lab = fakeLab();
		const failing = lab.backend({
			FAKE_FAIL: '^cilium install .*cluster.name=tion',
			FAKE_FAIL_STDERR: 'Error: Unable to install Cilium: failed to pull image "quay.io/cilium/cilium:v1.19.5": toomanyrequests: You have reached your pull rate limit.',
		});
		const first = await executePlan(labPlan(), failing);
		expect(first.ok).toBe(false);
		expect(first.failures).toHaveLength(1);
		expect(first.failures[0]).toMatchObject({task: 'cilium-tion', exitCode: 1, cancelled: false});
		expect(first.failures[0]?.command).toMatch(/^cilium install --version 1\.19\.5 --set cluster\.name=tion/);
		expect(classifyFailure(first.failures[0]?.outputTail ?? '').map((h) => h.id)).toEqual(['image-rate-limit']);
		// The failing group finished (mesh-enable-koornacht ran beside it); no later group started.
		expect(first.done).toContain('mesh-enable-koornacht');
		expect(invocations(lab.calls(), /clustermesh connect|kubectl apply/)).toEqual([]);
		expect(invocations(lab.calls(), /hubble enable/).map((c) => c.env.KUBECONFIG)).toEqual([lab.paths.kubeconfig('koornacht')]);

		const before = lab.calls().length;
		const resumed = await executePlan(labPlan(), lab.backend());
		expect(resumed.ok).toBe(true);
		expect([...resumed.skipped].sort()).toEqual(['cilium-koornacht', 'create-koornacht', 'create-tion', 'hubble-koornacht', 'mesh-enable-koornacht', 'share-ca']);
		expect([...resumed.done].sort()).toEqual(['app-koornacht', 'app-tion', 'cilium-tion', 'hubble-tion', 'mesh-connect', 'mesh-enable-tion']);
		const resumedCalls = lab.calls().slice(before);
		expect(invocations(resumedCalls, /^kind create/)).toEqual([]);
		expect(invocations(resumedCalls, /^cilium install/).map((c) => c.argv.join(' '))).toEqual([
			'install --version 1.19.5 --set cluster.name=tion --set cluster.id=2 --set ipam.mode=kubernetes',
		]);
		expectToolKubeconfigAndLabContext(lab, lab.calls());
	});

	it('Ctrl-C mid-plan kills every process of the running command, then resumes', async () => {
		lab = fakeLab();
		const controller = new AbortController();
		const running = executePlan(labPlan(), lab.backend({FAKE_HANG: '^cilium hubble enable'}), {signal: controller.signal});
		const hung = await until(() => lab.calls().find((c) => c.hang), {what: 'cilium hubble enable to hang', seen: () => lab.calls().map((c) => `${c.tool} ${c.argv.join(' ')}`).join('\n')});
		const fake = lab.calls().find((c) => c.pid === hung?.pid && !c.hang);
		const pids = [hung?.pid, hung?.grandchild, fake?.ppid].filter((p): p is number => typeof p === 'number');
		expect(pids).toHaveLength(3);
		expect(pids.every(alive)).toBe(true);

		controller.abort();
		const result = await running;
		expect(result.ok).toBe(false);
		expect(result.failures.find((f) => f.task === 'hubble-koornacht')).toMatchObject({cancelled: true, exitCode: 130});
		await waitForExit(pids);
		expect(invocations(lab.calls(), /clustermesh enable/)).toEqual([]);

		const resumed = await executePlan(labPlan(), lab.backend());
		expect(resumed.ok).toBe(true);
		expect(resumed.skipped).toEqual(expect.arrayContaining(['create-koornacht', 'create-tion', 'cilium-koornacht']));
		expect(resumed.done).toContain('hubble-koornacht');
		expectToolKubeconfigAndLabContext(lab, lab.calls());
	});

	it('down deletes only the clusters the tool created, with its own kubeconfig', async () => {
		lab = fakeLab();
		expect((await executePlan(labPlan('clusters'), lab.backend())).ok).toBe(true);
		// Someone else's cluster of another name, and the tool's record of its own.
		const state = readFakeState(lab.stateFile);
		state.clusters.dev = BARE_CLUSTER;
		writeFileSync(lab.stateFile, JSON.stringify(state));
		// The images re-saved for `kind load` when `up` stopped early go too; the prepared archive stays.
		mkdirSync(path.dirname(lab.paths.clusterImageArchive), {recursive: true});
		writeFileSync(lab.paths.clusterImageArchive, 'copy');
		writeFileSync(lab.paths.imageArchive, 'prepared');
		const out: string[] = [];
		const ctx = lab.cliContext({stdout: (text) => out.push(text), stderr: (text) => out.push(text)});
		await downLiveLab(ctx);
		expect(existsSync(lab.paths.clusterImageArchive)).toBe(false);
		expect(existsSync(lab.paths.imageArchive)).toBe(true);
		expect(Object.keys(readFakeState(lab.stateFile).clusters)).toEqual(['dev']);
		expect(out.join('')).toMatch(/deleted the lab clusters koornacht and tion/);
		expect(existsSync(lab.paths.ownership)).toBe(false);
		expect(existsSync(lab.paths.kubeconfig('koornacht'))).toBe(false);
		const deletes = invocations(lab.calls(), /^kind delete/);
		expect(deletes.map((c) => c.argv.join(' ')).sort()).toEqual([
			`delete cluster --name koornacht --kubeconfig ${lab.paths.kubeconfig('koornacht')}`,
			`delete cluster --name tion --kubeconfig ${lab.paths.kubeconfig('tion')}`,
		]);

		// A lab-named cluster the tool did not create is left alone, and said so.
		state.clusters = {tion: BARE_CLUSTER};
		writeFileSync(lab.stateFile, JSON.stringify(state));
		out.length = 0;
		await downLiveLab(ctx);
		expect(out.join('')).toMatch(/left alone: kind cluster tion exists but was not created by clustermesh-tutor/);
		expect(Object.keys(readFakeState(lab.stateFile).clusters)).toEqual(['tion']);
	});

	it('refuses to build over a lab-named cluster it did not create', async () => {
		lab = fakeLab();
		writeFileSync(lab.stateFile, JSON.stringify({clusters: {tion: BARE_CLUSTER}}));
		const output: string[] = [];
		const result = await lab.runner().run({
			command: 'kind create cluster --name tion --config kind-configs/tion.yaml',
			target: 'tion',
			onOutput: (c) => output.push(c.text),
		});
		expect(result.exitCode).toBe(EXIT.refused);
		expect(output.join('')).toMatch(/a kind cluster named tion already exists and was not created by clustermesh-tutor/);
		expect(invocations(lab.calls(), /^kind create/)).toEqual([]);
		expect(ownedClusters(await ownershipStore(lab.paths.ownership).read())).toEqual([]);
	});
});

describe('creating a cluster when kind cannot list clusters', () => {
	it('refuses, records nothing and names the cause', async () => {
		const lab = fakeLab();
		try {
			const output: string[] = [];
			const result = await lab.runner({FAKE_FAIL: '^kind get clusters', FAKE_FAIL_STDERR: 'ERROR: failed to list clusters: command "docker ps -a" failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'}).run({
				command: 'kind create cluster --name koornacht',
				target: 'koornacht',
				onOutput: (c) => output.push(c.text),
			});
			expect(result.exitCode).toBe(EXIT.refused);
			expect(output.join('')).toMatch(/cannot tell whether a kind cluster named koornacht exists: No Docker engine is reachable/);
			expect(invocations(lab.calls(), /^kind create/)).toEqual([]);
			expect(ownedClusters(await ownershipStore(lab.paths.ownership).read())).toEqual([]);
		} finally {
			lab.cleanup();
		}
	});
});
