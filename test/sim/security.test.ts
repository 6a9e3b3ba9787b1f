import {describe, expect, it} from 'vitest';
import {parseEncryptStatus} from '../../src/backends/kind/parse/encrypt-status.js';
import {parseProbeOutput} from '../../src/checks/probe-protocol.js';
import type {ProbeQuery} from '../../src/backends/observations.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import type {ClusterName} from '../../src/core/lab.js';
import {VERSIONS} from '../../src/core/versions.js';
import {lessonEightState, seen, simLab, type SimLab} from './helpers.js';

/** Lessons 10 to 12 on top of lesson 8's policies: an HTTP-aware rule, a CoreDNS policy, WireGuard. */

const CODE = `curl -sS -o /dev/null -w '%{http_code}\\n' --max-time 2`;

async function statuses(lab: SimLab, query: Partial<ProbeQuery>): Promise<(number | null)[]> {
	const probe = await lab.backend.observer.probe({...DEFAULT_PROBE, from: 'koornacht', count: 12, ...query});
	return [...new Set(parseProbeOutput(probe.raw).map((r) => r.httpStatus))].sort();
}

describe('L7 policy (lesson 10)', () => {
	const L7 = 'kubectl apply -f manifests/policies/rebel-base-from-x-wing-l7.yaml';
	const LOCAL = 'kubectl annotate service rebel-base service.cilium.io/affinity=local --overwrite';
	const cases: {name: string; setup: string[]; method: ProbeQuery['method']; path?: string; expected: number[]}[] = [
		{name: 'GET before the rule', setup: [LOCAL], method: 'GET', expected: [200]},
		{name: 'POST before the rule: nginx refuses it', setup: [LOCAL], method: 'POST', expected: [405]},
		{name: 'DELETE before the rule', setup: [LOCAL], method: 'DELETE', expected: [405]},
		{name: 'GET / with the rule', setup: [LOCAL, L7], method: 'GET', expected: [200]},
		{name: 'POST with the rule: the proxy refuses it', setup: [LOCAL, L7], method: 'POST', expected: [403]},
		{name: 'PUT with the rule', setup: [LOCAL, L7], method: 'PUT', expected: [403]},
		{name: 'GET of another path with the rule (paths match whole)', setup: [LOCAL, L7], method: 'GET', path: '/index.html', expected: [403]},
		{name: 'POST with the rule but no affinity: only Koornacht enforces it', setup: [L7], method: 'POST', expected: [403, 405]},
		{name: 'POST after restoring the plain policy', setup: [LOCAL, L7, 'kubectl apply -f manifests/policies/rebel-base-from-x-wing.yaml'], method: 'POST', expected: [405]},
	];

	it.each(cases)('$name', async ({setup, method, path, expected}) => {
		const lab = simLab(await lessonEightState());
		await lab.ok(...setup);
		expect(await statuses(lab, {method, path: path ?? '/'})).toEqual(expected);
	});

	it('prints what curl prints: codes, Envoy\'s body and headers, nginx\'s 405 page', async () => {
		const lab = simLab(await lessonEightState());
		await lab.ok(LOCAL);
		expect(await lab.run(`kubectl exec deploy/x-wing -- ${CODE} -X POST rebel-base`)).toMatchObject({exitCode: 0, stdout: '405\n'});
		expect((await lab.run('kubectl exec deploy/x-wing -- curl -sS -X POST rebel-base')).stdout).toMatch(/^<html>\r\n<head><title>405 Not Allowed<\/title><\/head>\r\n/);
		expect((await lab.run(L7)).stdout).toBe('ciliumnetworkpolicy.cilium.io/rebel-base-from-x-wing configured\n');
		expect((await lab.run(`kubectl exec deploy/x-wing -- ${CODE} rebel-base`)).stdout).toBe('200\n');
		expect((await lab.run(`kubectl exec deploy/x-wing -- ${CODE} -X POST rebel-base`)).stdout).toBe('403\n');
		expect((await lab.run('kubectl exec deploy/x-wing -- curl -sS -X POST rebel-base')).stdout).toBe('Access denied\r\n');
		expect((await lab.run('kubectl exec deploy/x-wing -- curl -si -X POST rebel-base')).stdout).toMatch(
			/^HTTP\/1\.1 403 Forbidden\r\ncontent-length: 15\r\ncontent-type: text\/plain\r\ndate: .+ GMT\r\nserver: envoy\r\n\r\nAccess denied\r\n$/,
		);
		await lab.ok('kubectl apply -f manifests/policies/rebel-base-from-x-wing.yaml', 'kubectl annotate service rebel-base service.cilium.io/affinity-');
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht+tion');
	});
});

describe('securing CoreDNS (lesson 11)', () => {
	const GOOD = /^10\.101\.\d+\.\d+ +rebel-base\.default\.svc\.cluster\.local\n$/;
	const rows: {name: string; pod: string; command: string; exitCode: number; stdout: RegExp | string; stderr?: RegExp}[] = [
		{name: 'allowed namespace resolves', pod: '-n allow-dns-access dns-test', command: 'getent hosts rebel-base.default.svc.cluster.local', exitCode: 0, stdout: GOOD},
		{name: 'allowed namespace, missing name', pod: '-n allow-dns-access dns-test', command: 'getent hosts no-such-service.default.svc.cluster.local', exitCode: 2, stdout: ''},
		{name: 'default namespace: the lookup times out', pod: 'deploy/x-wing', command: 'getent hosts rebel-base', exitCode: 2, stdout: '', stderr: /^command terminated with exit code 2\n$/},
		{name: 'curl with --max-time: (28) while resolving', pod: 'deploy/x-wing', command: 'curl -sS --max-time 2 rebel-base', exitCode: 28, stdout: '', stderr: /^curl: \(28\) Resolving timed out after 20\d\d milliseconds\n/},
		{name: 'curl without --max-time: (6)', pod: 'deploy/x-wing', command: 'curl -sS rebel-base', exitCode: 6, stdout: '', stderr: /^curl: \(6\) Could not resolve host: rebel-base\n/},
		{name: 'nslookup', pod: 'deploy/x-wing', command: 'nslookup rebel-base', exitCode: 1, stdout: ';; connection timed out; no servers could be reached\n\n'},
		{name: 'a pod IP needs no DNS', pod: 'deploy/x-wing', command: 'getent hosts 10.1.0.5', exitCode: 0, stdout: /^10\.1\.0\.5 +10\.1\.0\.5\n$/},
	];

	async function restricted(how: 'manifest' | 'kubectl run'): Promise<SimLab> {
		const lab = simLab(await lessonEightState());
		if (how === 'manifest') await lab.ok('kubectl apply -f manifests/dns-test.yaml');
		else await lab.ok('kubectl create namespace allow-dns-access', `kubectl run dns-test -n allow-dns-access --image=${VERSIONS.images.xWing} --restart=Never --command -- sleep 3600`);
		await lab.ok('kubectl -n allow-dns-access wait --for=condition=Ready pod/dns-test --timeout=120s', 'kubectl apply -f manifests/policies/coredns-restriction.yaml');
		return lab;
	}

	it.each(rows)('$name', async ({pod, command, exitCode, stdout, stderr}) => {
		const lab = await restricted('manifest');
		const r = await lab.run(`kubectl exec ${pod} -- ${command}`);
		expect(r.exitCode).toBe(exitCode);
		if (typeof stdout === 'string') expect(r.stdout).toBe(stdout);
		else expect(r.stdout).toMatch(stdout);
		if (stderr) expect(r.stderr).toMatch(stderr);
	});

	it.each(['manifest', 'kubectl run'] as const)('checks see the same as the learner (dns-test from a %s)', async (how) => {
		const lab = await restricted(how);
		const o = lab.backend.observer;
		expect(await o.podExec({cluster: 'koornacht', namespace: 'allow-dns-access', pod: 'dns-test'}, ['getent', 'hosts', 'rebel-base.default.svc.cluster.local'])).toEqual({exitCode: 0, output: expect.stringMatching(GOOD) as string});
		expect(await o.podExec({cluster: 'koornacht', namespace: 'default', pod: 'deploy/x-wing'}, ['getent', 'hosts', 'rebel-base'])).toEqual({exitCode: 2, output: ''});
		const probe = await o.probe({...DEFAULT_PROBE, from: 'koornacht'});
		for (const line of parseProbeOutput(probe.raw)) expect(line).toMatchObject({outcome: 'timeout', exitCode: 28, body: expect.stringMatching(/^curl: \(28\) Resolving timed out/) as string});
		expect(await o.policies('koornacht', 'kube-system')).toEqual(['coredns-restriction']);
	});

	it('removing the policy restores DNS; deleting the namespace deletes its pod', async () => {
		const lab = await restricted('manifest');
		expect((await lab.run('kubectl delete -f manifests/policies/coredns-restriction.yaml')).stdout).toBe('ciliumnetworkpolicy.cilium.io "coredns-restriction" deleted\n');
		expect((await lab.run('kubectl delete namespace allow-dns-access')).stdout).toBe('namespace "allow-dns-access" deleted\n');
		expect((await lab.run('kubectl get pods -n allow-dns-access')).stderr).toBe('No resources found in allow-dns-access namespace.\n');
		expect(await lab.backend.observer.podExec({cluster: 'koornacht', namespace: 'allow-dns-access', pod: 'dns-test'}, ['true'])).toBeNull();
		expect((await lab.run('kubectl exec deploy/x-wing -- getent hosts rebel-base')).stdout).toMatch(/^10\.101\.\d+\.\d+ +rebel-base\.default\.svc\.cluster\.local\n$/);
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht+tion');
	});
});

describe('WireGuard (lesson 12)', () => {
	const UPGRADE = `cilium upgrade --version ${VERSIONS.cilium} --set encryption.enabled=true --set encryption.type=wireguard`;
	const RESTART = 'kubectl -n kube-system rollout restart daemonset/cilium';
	type Steps = Partial<Record<ClusterName, string[]>>;
	const cases: {name: string; steps: Steps; koornacht: object; tion: object; summary: string}[] = [
		{name: 'both clusters, agents restarted', steps: {koornacht: [UPGRADE, RESTART], tion: [UPGRADE, RESTART]}, koornacht: {mode: 'wireguard', peers: 5}, tion: {mode: 'wireguard', peers: 5}, summary: 'Encryption: Wireguard (3/3 nodes)\n\n'},
		{name: 'both clusters, agents not restarted yet', steps: {koornacht: [UPGRADE], tion: [UPGRADE]}, koornacht: {mode: 'wireguard', peers: 0}, tion: {mode: 'wireguard', peers: 0}, summary: 'Encryption: Disabled (3/3 nodes)\n\n'},
		{name: 'koornacht only: no remote peers', steps: {koornacht: [UPGRADE, RESTART]}, koornacht: {mode: 'wireguard', peers: 2}, tion: {mode: 'disabled', peers: 0}, summary: 'Encryption: Wireguard (3/3 nodes)\n\n'},
		{name: 'restart with --reuse-values', steps: {koornacht: [`${UPGRADE} --reuse-values`, RESTART], tion: [UPGRADE, RESTART]}, koornacht: {mode: 'wireguard', peers: 5}, tion: {mode: 'wireguard', peers: 5}, summary: 'Encryption: Wireguard (3/3 nodes)\n\n'},
	];

	it.each(cases)('$name', async ({steps, koornacht, tion, summary}) => {
		const lab = simLab(await lessonEightState());
		for (const [cluster, commands] of Object.entries(steps) as [ClusterName, string[]][]) {
			for (const command of commands) expect((await lab.run(command, cluster)).exitCode).toBe(0);
		}
		expect(await lab.backend.observer.encryption('koornacht')).toEqual(koornacht);
		expect(await lab.backend.observer.encryption('tion')).toEqual(tion);
		expect((await lab.run('cilium encryption status')).stdout).toBe(summary);
		// Encrypted or not, mixed or not: requests keep working, and the mesh stays connected.
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht+tion');
		expect(await lab.backend.observer.mesh('koornacht')).toEqual({enabled: true, connected: ['tion']});
		expect(await lab.backend.observer.ciliumConfig('koornacht')).toMatchObject({clusterName: 'koornacht', clusterId: 1});
	});

	it('cilium-dbg encrypt status prints what the live parser reads', async () => {
		const lab = simLab(await lessonEightState());
		for (const c of ['koornacht', 'tion'] as const) for (const command of [UPGRADE, RESTART]) await lab.run(command, c);
		const text = (await lab.run('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg encrypt status')).stdout;
		expect(text).toMatch(/^Encryption: Wireguard {17}\nInterface: cilium_wg0\n\tPublic key: [A-Za-z0-9+/]{43}=\n\tNumber of peers: 5\n$/);
		expect(parseEncryptStatus(text)).toEqual({mode: 'wireguard', peers: 5});
		const json = JSON.parse((await lab.run('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg encrypt status -o json')).stdout) as unknown;
		expect(json).toEqual({mode: 'Wireguard', wireguard: {interfaces: [{name: 'cilium_wg0', 'peer-count': 5, 'public-key': expect.any(String) as string}]}});
		expect(JSON.parse((await lab.run('cilium encryption status -o json')).stdout)).toEqual({'total-node-count': 3, 'enc-wireguard-node-count': 3});
		expect((await lab.run('cilium encryption status --per-node-details --node koornacht-worker')).stdout).toBe('Node: koornacht-worker\nEncryption: Wireguard\n\n');
		// Each agent generates its own key pair.
		const keys = new Set<string>();
		for (const pod of (await lab.run('kubectl -n kube-system get pods -l k8s-app=cilium -o name')).stdout.trim().split('\n')) {
			keys.add(/Public key: (\S+)/.exec((await lab.run(`kubectl -n kube-system exec ${pod} -- cilium-dbg encrypt status`)).stdout)?.[1] ?? '');
		}
		expect(keys.size).toBe(3);
	});

	it('encryption.enabled without a type asks for IPsec, whose missing key keeps the agents from starting', async () => {
		const lab = simLab(await lessonEightState());
		await lab.ok(`cilium upgrade --version ${VERSIONS.cilium} --set encryption.enabled=true`);
		expect(await lab.backend.observer.encryption('koornacht')).toEqual({mode: 'ipsec', peers: 0});
		expect((await lab.run('kubectl -n kube-system get pods -l k8s-app=cilium')).stdout).toMatch(/cilium-\S+ +0\/1 +ContainerCreating/);
		expect((await lab.run('kubectl -n kube-system rollout status daemonset/cilium --timeout=10s')).exitCode).toBe(1);
		expect((await lab.run('cilium status --wait --interactive=false')).exitCode).toBe(1);
		await lab.ok(UPGRADE, RESTART, 'kubectl -n kube-system rollout status daemonset/cilium --timeout=10s');
		expect(await lab.backend.observer.encryption('koornacht')).toEqual({mode: 'wireguard', peers: 2});
	});

	it('--reset-values drops the release values: the cluster forgets its name and the mesh breaks', async () => {
		const lab = simLab(await lessonEightState());
		await lab.ok(`${UPGRADE} --reset-values`);
		expect(await lab.backend.observer.ciliumConfig('koornacht')).toMatchObject({clusterName: 'kind-koornacht', clusterId: 0});
		expect(await lab.backend.observer.mesh('tion')).toEqual({enabled: true, connected: []});
	});
});
