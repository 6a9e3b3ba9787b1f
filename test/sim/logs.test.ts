import {describe, expect, it} from 'vitest';
import {EXIT} from '../../src/core/exit-codes.js';
import {expectRefusedUnchanged, labState, simLab} from './helpers.js';

const SLOG = /^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z level=info msg="[^"]+" module=\S+/;

describe('kubectl logs: lines for what the lab has seen', () => {
	it('cilium-agent: start, policies as they were imported, the remote cluster it connected to', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml');
		const r = await lab.run('kubectl -n kube-system logs ds/cilium -c cilium-agent');
		expect(r.exitCode).toBe(0);
		expect(r.stderr).toMatch(/^Found \d+ pods, using pod\/cilium-\w+\n$/);
		const lines = r.stdout.trimEnd().split('\n');
		for (const line of lines) expect(line).toMatch(SLOG);
		expect(lines[0]).toMatch(/msg="Daemon initialization completed"/);
		expect(r.stdout).toMatch(/msg="Connection to remote cluster established" module=\S+ clusterName=tion config=\/var\/lib\/cilium\/clustermesh\/tion\n/);
		expect(r.stdout).toMatch(/msg="Upserted policy to repository" module=agent\.controlplane\.policy resource=cnp\/default\/x-wing-to-rebel-base policyRevision=2 deletedRules=0\n/);
		// The policy came last, so its lines close the log.
		expect(lines.at(-1)).toMatch(/msg="Policy repository updates complete, triggering endpoint updates" module=agent\.controlplane\.policy policyRevision=2$/);
		expect((await lab.run('kubectl -n kube-system logs ds/cilium -c cilium-agent')).stdout).toBe(r.stdout);
	});

	it('cilium-agent after a disconnect: no connection line, nothing invented', async () => {
		const lab = simLab(await labState());
		expect((await lab.run('cilium clustermesh disconnect --context kind-koornacht --destination-context kind-tion', 'lab')).exitCode).toBe(0);
		const r = await lab.run('kubectl -n kube-system logs ds/cilium -c cilium-agent');
		expect(r.exitCode).toBe(0);
		expect(r.stdout).not.toMatch(/remote cluster/);
		expect(r.stdout).not.toMatch(/policy/i);
	});

	it('clustermesh-apiserver: kvstoremesh names the connected cluster; etcd logs JSON', async () => {
		const lab = simLab(await labState());
		const kvstoremesh = await lab.run('kubectl -n kube-system logs deploy/clustermesh-apiserver -c kvstoremesh');
		expect(kvstoremesh.stdout).toMatch(/^time=\S+ level=info msg="Initial etcd connection established" module=kvstoremesh\.leader-lifecycle\.kvstoremesh clusterName=tion config=\/var\/lib\/cilium\/clustermesh\/tion\n.*msg="Connection to remote cluster established" .*clusterName=tion/);
		const etcd = await lab.run('kubectl -n kube-system logs deploy/clustermesh-apiserver -c etcd');
		expect(JSON.parse(etcd.stdout)).toMatchObject({level: 'info', msg: 'ready to serve client requests'});
		const defaulted = await lab.run('kubectl -n kube-system logs deploy/clustermesh-apiserver');
		expect(defaulted.stderr).toBe('Defaulted container "etcd" out of: etcd, apiserver, kvstoremesh\n');
		expect(defaulted.stdout).toBe(etcd.stdout);
	});

	it('rebel-base: nginx start-up, then one access line per request it served, in its combined format', async () => {
		const lab = simLab(await labState());
		await lab.ok("kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 6); do curl -s rebel-base >/dev/null; done'");
		const pods = (await lab.run('kubectl get pods -l name=rebel-base -o name')).stdout.trim().split('\n');
		let served = 0;
		const counts: number[] = [];
		for (const pod of pods) {
			const r = await lab.run(`kubectl logs ${pod}`);
			expect(r.stdout).toMatch(/^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty/);
			expect(r.stdout).toMatch(/\[notice\] 1#1: nginx\/1\.27\.1\n/);
			const access = r.stdout.split('\n').filter((l) => l.includes('HTTP/1.1'));
			for (const line of access) expect(line).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/[\d.]+" "-"$/);
			served += access.length;
			counts.push(access.length);
		}
		// Koornacht's rebel-base pods answered the requests Koornacht kept (the service is not global here).
		expect(served).toBe(6);
		// The learner's way to count them: grep on the piped log.
		expect((await lab.run(`kubectl logs ${pods[0] ?? ''} | grep -c 'GET / HTTP/1.1'`)).stdout).toBe(`${counts[0] ?? 0}\n`);
	});

	it('--tail, --timestamps, the POD CONTAINER spelling and -n', async () => {
		const lab = simLab(await labState());
		const all = (await lab.run('kubectl logs deploy/rebel-base')).stdout.trimEnd().split('\n');
		expect((await lab.run('kubectl logs deploy/rebel-base --tail 2')).stdout).toBe(`${all.slice(-2).join('\n')}\n`);
		expect((await lab.run('kubectl logs deploy/rebel-base --tail=0')).stdout).toBe('');
		expect((await lab.run('kubectl logs deploy/rebel-base --tail=-1')).stdout).toBe(`${all.join('\n')}\n`);
		const stamped = (await lab.run('kubectl logs deploy/rebel-base --tail 1 --timestamps')).stdout;
		expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z 20\d\d\/\d\d\/\d\d /);
		const pod = (await lab.run('kubectl -n kube-system get pods -l k8s-app=cilium -o name')).stdout.split('\n')[0]?.replace('pod/', '') ?? '';
		const byName = await lab.run(`kubectl logs -n kube-system ${pod} cilium-agent --tail 1`);
		expect(byName.exitCode).toBe(0);
		expect(byName.stdout).toMatch(SLOG);
		expect((await lab.run('kubectl -n kube-system logs deploy/coredns --tail 1')).stdout).toBe('CoreDNS-1.12.0\n');
	});

	it.each([
		['kubectl logs', 1, /^error: expected 'logs \[-f\] \[-p\] \(POD \| TYPE\/NAME\) \[-c CONTAINER\]'\./],
		['kubectl logs nope', 1, /^Error from server \(NotFound\): pods "nope" not found\n$/],
		['kubectl logs deploy/nope', 1, /deployments\.apps "nope" not found/],
		['kubectl -n kube-system logs ds/cilium -c frob', 1, /^error: container frob is not valid for pod cilium-\w+\n$/],
		['kubectl logs deploy/rebel-base --tail abc', 1, /invalid argument "abc" for "--tail" flag/],
		['kubectl logs deploy/rebel-base --bogus', 1, /unknown flag: --bogus/],
		['kubectl logs -f deploy/rebel-base', EXIT.unsupported, /"kubectl logs -f \(the simulator has no running processes to follow/],
		['kubectl logs --follow deploy/rebel-base', EXIT.unsupported, /kubectl logs -f/],
		['kubectl logs --since=10m deploy/rebel-base', EXIT.unsupported, /kubectl logs --since/],
		['kubectl logs -p deploy/rebel-base', EXIT.unsupported, /kubectl logs --previous/],
		['kubectl logs -l name=rebel-base', EXIT.unsupported, /kubectl logs -l/],
		['kubectl logs deploy/x-wing', EXIT.unsupported, /the logs of quay\.io\/cilium\/json-mock:v[\d.]+ \(the simulator/],
	])('%s → exit %i, lab unchanged', (command, exitCode, message) => expectRefusedUnchanged(command, exitCode, message));
});
