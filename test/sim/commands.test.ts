import {describe, expect, it} from 'vitest';
import {labState, seen, simLab} from './helpers.js';

describe('kubectl command variants', () => {
	it.each([
		'kubectl annotate svc/rebel-base service.cilium.io/global=true',
		'kubectl annotate service rebel-base service.cilium.io/global=true',
		'kubectl annotate services/rebel-base service.cilium.io/global="true"',
		'kubectl -n default annotate svc rebel-base service.cilium.io/global=true',
		'kubectl annotate --namespace=default svc rebel-base service.cilium.io/global=true',
		'kubectl annotate svc rebel-base --namespace default service.cilium.io/global=true',
		'kubectl annotate svc rebel-base service.cilium.io/global=true --overwrite',
		"kubectl annotate svc rebel-base 'service.cilium.io/global=true'",
		'kubectl --context kind-koornacht annotate svc rebel-base service.cilium.io/global=true',
		'kubectl --context=kind-koornacht annotate svc rebel-base service.cilium.io/global=true',
	])('%s', async (command) => {
		const lab = simLab(await labState());
		const r = await lab.run(command);
		expect(r).toMatchObject({exitCode: 0, stdout: 'service/rebel-base annotated\n'});
		expect((await lab.backend.observer.service('koornacht', 'default', 'rebel-base'))?.annotations['service.cilium.io/global']).toBe('true');
	});

	it.each([
		['kubectl scale deployment rebel-base --replicas=0', 'deployment.apps/rebel-base scaled\n'],
		['kubectl scale deploy/rebel-base --replicas 0', 'deployment.apps/rebel-base scaled\n'],
		['kubectl scale deployments/rebel-base --replicas=0 -n default', 'deployment.apps/rebel-base scaled\n'],
		['kubectl scale --replicas=0 deployment.apps/rebel-base', 'deployment.apps/rebel-base scaled\n'],
	])('%s', async (command, stdout) => {
		const lab = simLab(await labState());
		expect(await lab.run(command)).toMatchObject({exitCode: 0, stdout});
		expect(await lab.backend.observer.deployment('koornacht', 'default', 'rebel-base')).toEqual({replicas: 0, readyReplicas: 0});
		expect((await lab.run('kubectl get pods -l name=rebel-base')).stderr).toBe('No resources found in default namespace.\n');
	});

	it.each([
		'kubectl exec -it deploy/x-wing -- curl -s rebel-base',
		'kubectl exec -ti deployment/x-wing -- curl -s rebel-base',
		'kubectl exec -i -t deployments/x-wing -- curl -s rebel-base',
		'kubectl exec deploy/x-wing -c x-wing-container -- curl -s http://rebel-base',
		'kubectl exec -n default deploy/x-wing -- curl -s rebel-base.default',
		'kubectl exec deploy/x-wing -- curl -s rebel-base.default.svc.cluster.local:80/',
		'kubectl exec deploy/x-wing -- /bin/sh -c "curl -s rebel-base"',
		'kubectl exec deploy/x-wing -- bash -c \'curl -s "$(echo rebel-base)"\'',
	])('%s', async (command) => {
		const lab = simLab(await labState());
		const r = await lab.run(command);
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toBe('{"Cluster": "Koornacht", "Planet": "N\'Zoth"}\n');
		expect(r.stderr).toBe(/ -(it|ti|t) /.test(command) ? 'Unable to use a TTY - input is not a terminal or the right kind of file\n' : '');
	});

	it('reaches a ClusterIP and a pod IP directly', async () => {
		const lab = simLab(await labState());
		const ip = (await lab.run("kubectl get svc rebel-base -o jsonpath='{.spec.clusterIP}'")).stdout;
		expect(ip).toMatch(/^10\.101\.\d+\.\d+$/);
		expect((await lab.run(`kubectl exec deploy/x-wing -- curl -s ${ip}`)).stdout).toContain('Koornacht');
		const podIps = (await lab.run("kubectl get pods -l name=rebel-base -o jsonpath='{.items[*].status.podIP}'")).stdout.split(' ');
		expect(podIps).toHaveLength(2);
		expect((await lab.run(`kubectl exec deploy/x-wing -- curl -s -o /dev/null -w '%{http_code}' ${podIps[0] ?? ''}`)).stdout).toBe('200');
	});

	it.each(['cnp', 'ciliumnetworkpolicies', 'ciliumnetworkpolicy', 'ciliumnetworkpolicies.cilium.io', 'CiliumNetworkPolicy'])('get/delete %s', async (kind) => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml');
		expect((await lab.run(`kubectl get ${kind}`)).stdout).toMatch(/^NAME +AGE +VALID\ndefault-deny +\d+s +True\n$/);
		expect(await lab.run(`kubectl delete ${kind} default-deny`)).toMatchObject({exitCode: 0, stdout: 'ciliumnetworkpolicy.cilium.io "default-deny" deleted\n'});
		expect(await lab.backend.observer.policies('koornacht', 'default')).toEqual([]);
	});

	it('applies with two -f flags, then deletes a multi-document file', async () => {
		const lab = simLab(await labState());
		const applied = await lab.run('kubectl apply -f manifests/policies/default-deny.yaml -f manifests/policies/rebel-base-from-x-wing.yaml');
		expect(applied.stdout).toBe('ciliumnetworkpolicy.cilium.io/default-deny created\nciliumnetworkpolicy.cilium.io/rebel-base-from-x-wing created\n');
		expect((await lab.run('kubectl apply -f manifests/policies/default-deny.yaml')).stdout).toBe('ciliumnetworkpolicy.cilium.io/default-deny unchanged\n');
		expect((await lab.run('kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml')).stdout).toBe('ciliumnetworkpolicy.cilium.io/x-wing-to-rebel-base created\n');
		expect((await lab.run('kubectl apply -f manifests/policies/x-wing-to-rebel-base-all-clusters.yaml')).stdout).toBe('ciliumnetworkpolicy.cilium.io/x-wing-to-rebel-base configured\n');
		const deleted = await lab.run('kubectl delete -f manifests/app.yaml');
		expect(deleted).toMatchObject({exitCode: 0, stdout: 'deployment.apps "rebel-base" deleted\ndeployment.apps "x-wing" deleted\n'});
		expect((await lab.run('kubectl get pods')).stderr).toBe('No resources found in default namespace.\n');
	});

	it('applies a directory file by file in name order, recursing only with -R', async () => {
		const lab = simLab(await labState());
		expect((await lab.run('kubectl apply -f test/sim/fixtures/apply-dir')).stdout).toBe('namespace/rebels created\nconfigmap/orders created\n');
		expect((await lab.run('kubectl apply -R -f test/sim/fixtures/apply-dir/')).stdout).toBe('namespace/rebels unchanged\nconfigmap/orders unchanged\nconfigmap/nested created\n');
	});

	it('refuses a directory holding a manifest it cannot model, before applying any of it', async () => {
		const lab = simLab(await labState());
		const state = await lab.state();
		const r = await lab.run('kubectl apply -f manifests/policies/');
		expect(r.exitCode).toBe(3);
		expect(r.stderr).toContain('mutual authentication in CiliumNetworkPolicy rebel-base-from-x-wing (SPIRE)');
		expect(await lab.state()).toEqual(state);
	});

	it('keeps a scale across re-applying the same manifest (three-way merge)', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl scale deploy rebel-base --replicas=1');
		expect((await lab.run('kubectl apply -f manifests/app.yaml')).stdout).toBe('deployment.apps/rebel-base unchanged\ndeployment.apps/x-wing unchanged\n');
		expect(await lab.backend.observer.deployment('koornacht', 'default', 'rebel-base')).toEqual({replicas: 1, readyReplicas: 1});
	});

	it('pipes: kubectl get -o yaml | kubectl create -f - copies an object between clusters', async () => {
		const lab = simLab(await labState(), {target: 'lab'});
		await lab.run('kubectl --context kind-koornacht create namespace rebels');
		const r = await lab.run('kubectl --context kind-koornacht get ns rebels -o yaml | kubectl --context=kind-tion create -f -');
		expect(r).toMatchObject({exitCode: 0, stdout: 'namespace/rebels created\n'});
		const again = await lab.run('kubectl --context kind-koornacht get ns rebels -o yaml | kubectl --context=kind-tion create -f -');
		expect(again).toMatchObject({exitCode: 1, stderr: 'Error from server (AlreadyExists): error when creating "STDIN": namespaces "rebels" already exists\n'});
	});

	it('shell layer: && stops after a failure, ; does not, # comments and continuations work', async () => {
		const lab = simLab(await labState());
		expect(await lab.run('kubectl get svc nope && echo after')).toMatchObject({exitCode: 1, stdout: ''});
		expect(await lab.run('kubectl get svc nope ; echo after # a comment')).toMatchObject({exitCode: 0, stdout: 'after\n'});
		expect(await lab.run('kubectl get svc nope || echo fallback')).toMatchObject({exitCode: 0, stdout: 'fallback\n'});
		expect(await lab.run('kubectl \\\n  get svc rebel-base -o name')).toMatchObject({exitCode: 0, stdout: 'service/rebel-base\n'});
		// The command gate runs first, as on the live backend: nothing here may steer a tool.
		expect(await lab.run('KUBECONFIG=/tmp/x kubectl get svc rebel-base -o name')).toMatchObject({exitCode: 5, stdout: ''});
	});

	it('the canonical request loop prints each body then an empty line', async () => {
		const lab = simLab(await labState());
		const r = await lab.run(`kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 3); do curl -sS --max-time 2 rebel-base; echo; done'`);
		expect(r.stdout).toBe(`${'{"Cluster": "Koornacht", "Planet": "N\'Zoth"}\n\n'.repeat(3)}`);
	});

	it('sh does not brace-expand {1..3}, bash does', async () => {
		const lab = simLab(await labState());
		expect((await lab.run(`kubectl exec deploy/x-wing -- sh -c 'for i in {1..3}; do echo "n=$i"; done'`)).stdout).toBe('n={1..3}\n');
		expect((await lab.run(`kubectl exec deploy/x-wing -- bash -c 'for i in {1..3}; do echo "n=$i"; done'`)).stdout).toBe('n=1\nn=2\nn=3\n');
	});

	it('lab target: kubectl without --context has no current context', async () => {
		const lab = simLab(await labState(), {target: 'lab'});
		// The command gate refuses it first, as on the live backend.
		expect(await lab.run('kubectl get pods')).toMatchObject({exitCode: 5, stdout: ''});
		expect((await lab.run('kubectl get pods')).stderr).toContain('this command runs for both clusters, and `kubectl` names neither');
		expect((await lab.run('kubectl --context kind-tion get deploy rebel-base -o name')).stdout).toBe('deployment.apps/rebel-base\n');
		expect((await lab.run('kubectl config get-contexts')).stdout).toBe('CURRENT   NAME             CLUSTER          AUTHINFO         NAMESPACE\n          kind-koornacht   kind-koornacht   kind-koornacht\n          kind-tion        kind-tion        kind-tion\n');
	});

	it('refuses to switch contexts', async () => {
		const lab = simLab(await labState());
		const r = await lab.run('kubectl config use-context kind-tion');
		expect(r.exitCode).toBe(5);
		expect(r.stderr).toContain("would change the tutorial's kubeconfig");
		expect((await lab.run('kubectl config current-context')).stdout).toBe('kind-koornacht\n');
	});

	it('scaling to 0 then back brings new pods with new names; global service fails over', async () => {
		const lab = simLab(await labState());
		for (const c of ['koornacht', 'tion'] as const) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		const before = (await lab.run('kubectl get pods -l name=rebel-base -o name')).stdout;
		await lab.ok('kubectl scale deploy rebel-base --replicas=0');
		expect(seen(await lab.probe('koornacht'))).toBe('tion');
		expect(seen(await lab.probe('tion'))).toBe('tion');
		await lab.ok('kubectl scale deploy rebel-base --replicas=2', 'kubectl rollout status deploy/rebel-base');
		const after = (await lab.run('kubectl get pods -l name=rebel-base -o name')).stdout;
		expect(after.split('\n').filter(Boolean)).toHaveLength(2);
		expect(after).not.toBe(before);
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht+tion');
	});

	it('removes an annotation with key-', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl annotate svc rebel-base service.cilium.io/shared=false');
		expect((await lab.run('kubectl annotate svc rebel-base service.cilium.io/shared-')).stdout).toBe('service/rebel-base annotated\n');
		expect((await lab.backend.observer.service('koornacht', 'default', 'rebel-base'))?.annotations).not.toHaveProperty('service.cilium.io/shared');
	});

	it('labels pods, which changes what policies select', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml', 'kubectl apply -f manifests/policies/rebel-base-from-x-wing.yaml');
		const redOnly = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: red-x-wings}\nspec:\n  endpointSelector: {matchLabels: {name: x-wing, team: red}}\n  egress: [{toEndpoints: [{matchLabels: {name: rebel-base}}]}]\n`;
		expect((await lab.run('kubectl apply -f -', 'koornacht', redOnly)).exitCode).toBe(0);
		expect(seen(await lab.probe('koornacht'))).toBe('timeout');
		expect((await lab.run('kubectl label pods -l name=x-wing team=red')).stdout).toMatch(/^pod\/x-wing-\S+ labeled\npod\/x-wing-\S+ labeled\n$/);
		expect(seen(await lab.probe('koornacht'))).toBe('koornacht');
		expect((await lab.run('kubectl label pods -l name=x-wing team=blue')).stderr).toMatch(/^error: 'team' already has a value \(red\), and --overwrite is false\n$/);
	});
});

describe('cilium command variants', () => {
	it('clustermesh enable without --service-type fails like cilium-cli on kind', async () => {
		const lab = simLab(await labState());
		await lab.ok('cilium clustermesh disable');
		const r = await lab.run('cilium clustermesh enable');
		expect(r).toMatchObject({exitCode: 1, stderr: "Error: Unable to enable ClusterMesh: cannot auto-detect service type, please specify using '--service-type' option\n"});
		const status = await lab.run('cilium clustermesh status --wait');
		expect(status.exitCode).toBe(1);
		expect(status.stderr).toContain('services "clustermesh-apiserver" not found');
	});

	it('without --set cluster.name the cluster is kind-<name> and the lab policies select nothing', async () => {
		const lab = simLab();
		await lab.ok('kind create cluster --name koornacht --config kind-configs/koornacht.yaml');
		const install = await lab.run('cilium install --version 1.19.5');
		expect(install.stdout).toContain('🔮 Auto-detected cluster name: kind-koornacht\n');
		expect(await lab.backend.observer.ciliumConfig('koornacht')).toEqual({clusterName: 'kind-koornacht', clusterId: 0, policyDefaultLocalCluster: true});
		expect((await lab.run('cilium install --version 1.19.5')).stderr).toBe('Error: Unable to install Cilium: cannot re-use a name that is still in use\n');
		await lab.ok('kubectl apply -f manifests/rebel-base-response-koornacht.yaml -f manifests/app.yaml -f manifests/rebel-base-service.yaml');
		const labels = (await lab.run('kubectl exec deploy/x-wing -- curl -s rebel-base')).stdout;
		expect(labels).toContain('Koornacht');
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml', 'kubectl apply -f manifests/policies/x-wing-to-rebel-base.yaml', 'kubectl apply -f manifests/policies/rebel-base-from-x-wing.yaml');
		// The policies name cluster "koornacht"; this cluster is "kind-koornacht".
		expect(seen(await lab.probe('koornacht'))).toBe('timeout');
	});

	it('--context variants select the cluster in lab-wide commands', async () => {
		const lab = simLab(await labState(), {target: 'lab'});
		expect((await lab.run('cilium config view --context kind-tion')).stdout).toMatch(/^cluster-id +2\ncluster-name +tion\n/);
		expect((await lab.run('cilium --context=kind-koornacht config view')).stdout).toMatch(/cluster-name +koornacht\n/);
		expect((await lab.run('cilium status')).stderr).toContain('this command runs for both clusters, and `cilium` names neither');
	});

	it('connect with --allow-mismatching-ca records a TLS peer and connects', async () => {
		const lab = simLab(await labState(), {target: 'lab'});
		await lab.ok('cilium clustermesh disconnect --context kind-koornacht --destination-context kind-tion');
		await lab.run('kubectl --context kind-tion -n kube-system delete secret cilium-ca');
		await lab.run('cilium uninstall --context kind-tion');
		await lab.ok('cilium install --context kind-tion --set cluster.name=tion --set cluster.id=2', 'cilium clustermesh enable --context kind-tion --service-type NodePort');
		const r = await lab.run('cilium clustermesh connect --context kind-koornacht --destination-context kind-tion --allow-mismatching-ca');
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toContain('⚠️ Cilium CA certificates do not match between clusters. Multicluster features will be limited!\n');
		expect(await lab.backend.observer.mesh('koornacht')).toEqual({enabled: true, connected: ['tion']});
	});

	it('inspect-policy-default-local-cluster flags the policies whose peers name no cluster', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml -f manifests/policies/x-wing-to-rebel-base.yaml -f manifests/policies/rebel-base-from-x-wing.yaml');
		const r = await lab.run('cilium clustermesh inspect-policy-default-local-cluster --all-namespaces');
		expect(r.stdout).toBe(
			'⚠️ CiliumNetworkPolicy 1/3\n\t⚠️ default/default-deny\n\t✅ default/rebel-base-from-x-wing\n\t⚠️ default/x-wing-to-rebel-base\n\n✅ CiliumClusterWideNetworkPolicy 0/0\n\n✅ NetworkPolicy 0/0\n',
		);
		await lab.ok('kubectl apply -f manifests/policies/x-wing-to-rebel-base-all-clusters.yaml');
		expect((await lab.run('cilium clustermesh inspect-policy-default-local-cluster -n default')).stdout).toMatch(/^⚠️ CiliumNetworkPolicy 2\/3\n/);
		// -o json: the CLI's JSON field names, empty kinds left out (omitempty).
		const json = JSON.parse((await lab.run('cilium clustermesh inspect-policy-default-local-cluster -A -o json')).stdout) as unknown;
		expect(json).toEqual({
			ciliumNetworkPolicies: {'default/default-deny': true, 'default/rebel-base-from-x-wing': false, 'default/x-wing-to-rebel-base': false},
		});
		expect(await lab.backend.observer.policyDefaultLocalCluster('koornacht')).toEqual([
			{policy: 'default/default-deny', flagged: true},
			{policy: 'default/rebel-base-from-x-wing', flagged: false},
			{policy: 'default/x-wing-to-rebel-base', flagged: false},
		]);
	});

	it('hubble enable --relay=false deploys no relay', async () => {
		const lab = simLab(await labState());
		await lab.ok('cilium hubble disable');
		expect(await lab.backend.observer.deployment('koornacht', 'kube-system', 'hubble-relay')).toBeNull();
		await lab.ok('cilium hubble enable --relay=false');
		expect(await lab.backend.observer.deployment('koornacht', 'kube-system', 'hubble-relay')).toBeNull();
	});

	it.each([
		// cilium-cli cli/install.go: --version defaults to the CLI's default chart, values are reused by default.
		{command: 'cilium upgrade', version: '1.19.5', clusterName: 'koornacht'},
		{command: 'cilium upgrade --version 1.18.11 --reset-then-reuse-values', version: '1.18.11', clusterName: 'koornacht'},
		{command: 'cilium upgrade --version 1.18.11 --reuse-values', version: '1.18.11', clusterName: 'koornacht'},
		{command: 'cilium upgrade --version 1.18.11 --reset-values', version: '1.18.11', clusterName: 'kind-koornacht'},
	])('$command on a 1.18.11 install', async ({command, version, clusterName}) => {
		const lab = simLab(await labState({version: '1.18.11'}));
		const r = await lab.run(command);
		expect(r).toMatchObject({exitCode: 0, stdout: expect.stringMatching(new RegExp(`^ℹ️  Using Cilium version ${version.replace(/\./g, '\\.')}\n`)) as string});
		expect((await lab.run('cilium version')).stdout).toContain(`cilium image (running): ${version}\n`);
		expect((await lab.backend.observer.ciliumConfig('koornacht'))?.clusterName).toBe(clusterName);
	});
});

describe('the host shell: loops, variables, command substitution, grep', () => {
	it.each([
		['for c in a b; do echo "$c-1" $c; done', 'a-1 a\nb-1 b\n'],
		['echo $(kubectl get deploy -o name)', 'deployment.apps/rebel-base deployment.apps/x-wing\n'],
		['echo "$(kubectl get deploy -o name)"', 'deployment.apps/rebel-base\ndeployment.apps/x-wing\n'],
		['for d in $(kubectl get deploy -o name); do kubectl get $d -o jsonpath={.spec.replicas}; echo; done', '2\n2\n'],
		['for p in $(kubectl get pods -l name=nobody -o name); do echo never; done; echo done', 'done\n'],
		['cilium config view | grep cluster-', 'cluster-id                   1\ncluster-name                 koornacht\n'],
		['cilium config view | grep -E \'^cluster-(id|name) \' | grep -c .', '2\n'],
		['cilium config view | grep -i CLUSTER-ID', 'cluster-id                   1\n'],
		['kubectl get ns -o name | grep -v kube- | grep -w default', 'namespace/default\n'],
		["kubectl -n kube-system get configmap cilium-config -o jsonpath='{.data.cluster-name} {.data.cluster-id}'", 'koornacht 1'],
		["kubectl exec deploy/x-wing -- sh -c 'i=3; echo $((i * 2 + 1))'", '7\n'],
	])('%s', async (command, stdout) => {
		const lab = simLab(await labState());
		expect(await lab.run(command)).toMatchObject({exitCode: 0, stdout});
	});

	it('grep exits 1 when nothing matches, as in a real shell', async () => {
		const lab = simLab(await labState());
		expect(await lab.run('cilium config view | grep no-such-key')).toMatchObject({exitCode: 1, stdout: ''});
		expect((await lab.run('cilium config view | grep no-such-key || echo none')).stdout).toBe('none\n');
	});

	it('a loop stops at the first program the simulator cannot run, keeping what ran before', async () => {
		const lab = simLab(await labState());
		const r = await lab.run('for n in $(kubectl get deploy -o name); do kubectl scale $n --replicas=0; kubectl get endpoints rebel-base; done');
		expect(r.exitCode).toBe(3);
		expect(r.stdout).toBe('deployment.apps/rebel-base scaled\n');
		expect(r.stderr).toContain('"kubectl get endpoints" is not supported by the simulator');
		expect(await lab.backend.observer.deployment('koornacht', 'default', 'rebel-base')).toEqual({replicas: 0, readyReplicas: 0});
	});
});

describe('kind', () => {
	it('creates NotReady nodes without a CNI, on unique 172.18.0.x addresses', async () => {
		const lab = simLab();
		await lab.ok('kind create cluster --name koornacht --config kind-configs/koornacht.yaml');
		expect((await lab.run('kind create cluster --config kind-configs/tion.yaml --name tion', 'tion')).exitCode).toBe(0);
		const nodes = (await lab.run('kubectl get nodes -o wide')).stdout;
		expect(nodes).toMatch(/koornacht-worker2 +NotReady +<none> +\d+s +v1\.33\.1 +172\.18\.0\.4 /);
		const tion = (await lab.run('kubectl get nodes -o wide', 'tion')).stdout;
		expect(tion).toMatch(/tion-control-plane +NotReady +control-plane .* 172\.18\.0\.5 /);
		expect((await lab.run('kind get clusters')).stdout).toBe('koornacht\ntion\n');
		expect((await lab.run('kind get nodes --name tion')).stdout).toBe('tion-control-plane\ntion-worker\ntion-worker2\n');
		const pending = (await lab.run('kubectl get pods -n kube-system -l k8s-app=kube-dns')).stdout;
		expect(pending).toMatch(/coredns-\S+ +0\/1 +Pending/);
		const rollout = await lab.run('kubectl -n kube-system rollout status deployment/coredns --timeout=10s');
		expect(rollout).toMatchObject({exitCode: 1, stdout: 'Waiting for deployment "coredns" rollout to finish: 0 of 2 updated replicas are available...\n', stderr: 'error: timed out waiting for the condition\n'});
		await lab.ok('kind delete cluster --name tion');
		expect((await lab.run('kind get clusters')).stdout).toBe('koornacht\n');
	});

	it('deleting one cluster leaves the other with its local backends only', async () => {
		const lab = simLab(await labState());
		for (const c of ['koornacht', 'tion'] as const) await lab.run('kubectl annotate svc rebel-base service.cilium.io/global=true', c);
		expect(seen(await lab.probe('tion'))).toBe('koornacht+tion');
		expect(await lab.run('kind delete cluster --name koornacht')).toMatchObject({
			exitCode: 0,
			stdout: '',
			stderr: 'Deleting cluster "koornacht" ...\nDeleted nodes: ["koornacht-control-plane" "koornacht-worker" "koornacht-worker2"]\n',
		});
		expect(await lab.backend.observer.clusters()).toEqual(['tion']);
		expect(seen(await lab.probe('tion'))).toBe('tion');
		expect(await lab.backend.observer.mesh('tion')).toEqual({enabled: true, connected: []});
		expect((await lab.run('cilium clustermesh status --wait', 'tion')).exitCode).toBe(1);
		expect((await lab.run('kubectl get nodes', 'koornacht')).stderr).toMatch(/context "kind-koornacht" does not exist|localhost:8080/);
		await lab.ok('kind delete cluster --name tion');
		expect(await lab.run('kind get clusters')).toMatchObject({exitCode: 0, stdout: '', stderr: 'No kind clusters found.\n'});
		expect(await lab.backend.observer.clusters()).toEqual([]);
	});

	it('kind delete cluster without --name is refused by the gate (kind would pick the cluster "kind")', async () => {
		const lab = simLab(await labState());
		expect(await lab.run('kind delete cluster')).toMatchObject({exitCode: 5, stdout: ''});
		expect(await lab.backend.observer.clusters()).toEqual(['koornacht', 'tion']);
	});

	it('a default-CNI cluster is Ready at once', async () => {
		const lab = simLab();
		await lab.ok('kind create cluster --name koornacht');
		expect((await lab.run('kind get nodes --name koornacht')).stdout).toBe('koornacht-control-plane\n');
		expect((await lab.run('kubectl get nodes')).stdout).toMatch(/koornacht-control-plane +Ready /);
	});
});
