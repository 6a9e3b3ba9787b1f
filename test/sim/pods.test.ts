import {describe, expect, it} from 'vitest';
import {VERSIONS} from '../../src/core/versions.js';
import {labState, simLab} from './helpers.js';

const XWING = VERSIONS.images.xWing;

/** Seed 000's CoreDNS policy: only some namespaces may query kube-dns. */
const COREDNS_POLICY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: coredns-restriction
  namespace: kube-system
spec:
  endpointSelector:
    matchLabels:
      k8s-app: kube-dns
  ingress:
  - fromEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: allow-dns-access
    toPorts:
    - ports:
      - port: "53"
        protocol: UDP
      - port: "53"
        protocol: TCP
`;

describe('pods the learner starts', () => {
	it('kubectl run creates a pod that exec reaches; run --rm -i runs a command and cleans up', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl create namespace allow-dns-access');
		expect(await lab.run(`kubectl run dns-test -n allow-dns-access --image=${XWING} --restart=Never -- sleep 3600`)).toMatchObject({exitCode: 0, stdout: 'pod/dns-test created\n'});
		expect((await lab.run('kubectl get pod dns-test -n allow-dns-access -o jsonpath={.metadata.labels.run}')).stdout).toBe('dns-test');
		const lookup = await lab.run('kubectl exec -n allow-dns-access dns-test -- getent hosts rebel-base.default');
		expect(lookup.stdout).toMatch(/^10\.101\.\d+\.\d+ +rebel-base\.default\.svc\.cluster\.local\n$/);
		const once = await lab.run(`kubectl run once --rm -i --restart=Never --image=${XWING} -- curl -s rebel-base`);
		expect(once).toMatchObject({exitCode: 0, stdout: '{"Cluster": "Koornacht", "Planet": "N\'Zoth"}\npod "once" deleted\n'});
		expect((await lab.run('kubectl get pod once')).stderr).toBe('Error from server (NotFound): pods "once" not found\n');
	});

	it('a refusal names an unmodelled image as a person reads it, without the digest it is pinned by', async () => {
		const lab = simLab(await labState());
		const pinned = `quay.io/example/toolbox:1.0@sha256:${'ab'.repeat(32)}`;
		await lab.ok(`kubectl run toolbox --image=${pinned} -- sleep 3600`);
		const exec = await lab.run('kubectl exec toolbox -- ls');
		expect(exec.stderr).toContain('"commands in a container running quay.io/example/toolbox:1.0" is not supported by the simulator');
		expect(exec.stderr).not.toContain('sha256');
		const attach = await lab.run(`kubectl run shell -i --rm --restart=Never --image=${pinned}`);
		expect(attach.stderr).toContain('"attaching to the default command of quay.io/example/toolbox:1.0"');
	});

	it('a CoreDNS policy lets allowed namespaces resolve and others time out', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl create namespace allow-dns-access', `kubectl run dns-test -n allow-dns-access --image=${XWING} -- sleep 3600`);
		expect((await lab.run('kubectl apply -f -', 'koornacht', COREDNS_POLICY)).stdout).toBe('ciliumnetworkpolicy.cilium.io/coredns-restriction created\n');
		expect((await lab.run('kubectl exec -n allow-dns-access dns-test -- getent hosts rebel-base.default')).exitCode).toBe(0);
		const denied = await lab.run('kubectl exec deploy/x-wing -- getent hosts rebel-base');
		expect(denied).toMatchObject({exitCode: 2, stdout: '', stderr: 'command terminated with exit code 2\n'});
		const curl = await lab.run('kubectl exec deploy/x-wing -- curl -sS --max-time 3 rebel-base');
		expect(curl.stderr).toMatch(/^curl: \(28\) Resolving timed out after 30\d\d milliseconds\n/);
		const nslookup = await lab.run('kubectl exec deploy/x-wing -- nslookup rebel-base');
		expect(nslookup).toMatchObject({exitCode: 1, stdout: ';; connection timed out; no servers could be reached\n\n'});
		const drops = (await lab.backend.observer.hubbleDrops('koornacht')) ?? [];
		expect(drops.some((d) => d.direction === 'INGRESS' && d.destinationPod.startsWith('kube-system/coredns-') && d.sourceLabels.includes('k8s:name=x-wing'))).toBe(true);
		const check = await lab.backend.observer.podExec({cluster: 'koornacht', namespace: 'allow-dns-access', pod: 'dns-test'}, ['getent', 'hosts', 'rebel-base.default']);
		expect(check?.exitCode).toBe(0);
		await lab.ok('kubectl -n kube-system delete cnp coredns-restriction');
		expect((await lab.run('kubectl exec deploy/x-wing -- getent hosts rebel-base')).exitCode).toBe(0);
	});

	it('kubectl wait reports met conditions and times out on unmet ones', async () => {
		const lab = simLab(await labState());
		const ready = await lab.run('kubectl wait --for=condition=Ready pod -l name=x-wing --timeout=60s');
		expect(ready.stdout).toMatch(/^pod\/x-wing-\S+ condition met\npod\/x-wing-\S+ condition met\n$/);
		expect((await lab.run('kubectl wait --for=condition=Available deployment/rebel-base')).stdout).toBe('deployment.apps/rebel-base condition met\n');
		await lab.ok('kubectl create namespace late', 'kubectl -n late apply -f manifests/app.yaml');
		expect(await lab.run('kubectl -n late wait --for=condition=Available deploy/rebel-base --timeout=5s')).toMatchObject({
			exitCode: 1,
			stderr: 'error: timed out waiting for the condition on deployments/rebel-base\n',
		});
	});

	it('pods wait in ContainerCreating until their ConfigMap exists', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl create namespace late', 'kubectl -n late apply -f manifests/app.yaml');
		expect((await lab.run('kubectl -n late get pods -l name=rebel-base')).stdout).toMatch(/rebel-base-\S+ +0\/1 +ContainerCreating/);
		expect((await lab.run('kubectl -n late rollout status deploy/rebel-base')).exitCode).toBe(1);
		await lab.ok('kubectl -n late apply -f manifests/rebel-base-response-tion.yaml', 'kubectl -n late rollout status deploy/rebel-base');
		expect((await lab.run('kubectl -n late exec deploy/rebel-base -- cat /usr/share/nginx/html/index.html')).stdout).toBe('{"Cluster": "Tion", "Planet": "Foran Tutha"}\n');
	});

	it('rollout restart replaces the pods', async () => {
		const lab = simLab(await labState());
		const before = (await lab.run('kubectl get pods -l name=x-wing -o name')).stdout;
		expect((await lab.run('kubectl rollout restart deploy/x-wing')).stdout).toBe('deployment.apps/x-wing restarted\n');
		const after = (await lab.run('kubectl get pods -l name=x-wing -o name')).stdout;
		expect(after.split('\n').filter(Boolean)).toHaveLength(2);
		expect(after.split('\n').filter((l) => l && before.includes(l))).toEqual([]);
	});
});
