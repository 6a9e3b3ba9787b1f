import path from 'node:path';
import fc from 'fast-check';
import {beforeAll, describe, expect, it} from 'vitest';
import {loadManifestIndex, manifestObjects} from '../../src/attach/manifest-index.js';
import {resolveClusterNames} from '../../src/attach/cluster-names.js';
import type {ClusterName} from '../../src/core/lab.js';
import {checkAttachedCommand, type AttachGateContext, type ManifestObject} from '../../src/gate/attach-policy.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import type {Lesson} from '../../src/lessons/model.js';
import {HOSTILE_COMMANDS} from '../gate/hostile-corpus.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAMES = {koornacht: 'rke2-east', tion: 'rke2-west'} as const;
let manifests: Map<string, ManifestObject[]>;
let lessons: readonly Lesson[];

beforeAll(async () => {
	manifests = await loadManifestIndex(ROOT);
	// A manifest outside the tutorial's own set would never be in the index; these stand for hostile ones.
	manifests.set('manifests/evil-namespace.yaml', manifestObjects('kind: Namespace\nmetadata: {name: evil}\n'));
	manifests.set('manifests/evil-ccnp.yaml', manifestObjects('kind: CiliumClusterwideNetworkPolicy\nmetadata: {name: x}\n'));
	manifests.set('manifests/evil-elsewhere.yaml', manifestObjects('kind: ConfigMap\nmetadata: {name: x, namespace: default}\n'));
	lessons = (await loadCatalog(path.join(ROOT, 'lessons'))).lessons;
});

function ctx(target: ClusterName | 'lab' = 'koornacht'): AttachGateContext {
	return {
		target,
		owned: ['koornacht', 'tion'],
		kubeconfig: target === 'lab' ? '/state/attached/kube/lab.yaml' : `/state/attached/kube/${target}.yaml`,
		contexts: {koornacht: 'east-admin', tion: 'west-admin'},
		namespace: 'clustermesh-tutor',
		manifests,
	};
}

/** Commands attach mode must refuse on an attached cluster; each would change something outside the lab namespace. */
const REFUSED: readonly string[] = [
	'kubectl delete namespace kube-system',
	'kubectl delete ns clustermesh-tutor',
	'kubectl create namespace scratch',
	'kubectl create ns scratch',
	'kubectl label node worker-1 role=lab',
	'kubectl annotate nodes --all x=y',
	'kubectl cordon worker-1',
	'kubectl drain worker-1 --ignore-daemonsets',
	'kubectl taint nodes worker-1 k=v:NoSchedule',
	'kubectl delete crd ciliumnetworkpolicies.cilium.io',
	'kubectl delete customresourcedefinitions --all',
	'kubectl delete ccnp --all',
	'kubectl delete ciliumclusterwidenetworkpolicies allow-all',
	'kubectl create clusterrolebinding me --clusterrole=cluster-admin --user=me',
	'kubectl create clusterrole reader --verb=get --resource=pods',
	'kubectl delete clusterrole admin',
	'kubectl patch storageclass standard -p \'{"metadata":{}}\'',
	'kubectl delete pv --all',
	'kubectl -n kube-system delete pod -l k8s-app=cilium',
	'kubectl -n default apply -f manifests/app.yaml',
	'kubectl --namespace=default scale deployment web --replicas=0',
	'kubectl -n kube-system rollout restart ds/cilium',
	'kubectl -n kube-system get secrets',
	'kubectl -n kube-system get configmap cilium-config -o yaml',
	'kubectl -n default get pods',
	'kubectl delete pods --all --all-namespaces',
	'kubectl label pods -A --all x=y',
	'kubectl annotate svc -A --all x=y',
	'kubectl get secrets -A',
	'kubectl exec -A deploy/x -- true',
	'kubectl apply -f manifests/evil-namespace.yaml',
	'kubectl apply -f manifests/evil-ccnp.yaml',
	'kubectl apply -f manifests/evil-elsewhere.yaml',
	'kubectl apply -f /tmp/anything.yaml',
	'kubectl apply -f https://example.com/x.yaml',
	'kubectl apply -f -',
	'kubectl apply -k manifests/',
	'kubectl apply -f manifests/app.yaml --prune --all',
	'kubectl run x --image=busybox --overrides=\'{"metadata":{"namespace":"kube-system"}}\'',
	'kubectl get --raw /api/v1/secrets',
	'kubectl debug node/worker-1 -it --image=busybox',
	'kubectl auth reconcile -f manifests/app.yaml',
	'kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg policy delete --all',
	'kubectl -n kube-system exec ds/cilium -c cilium-agent -- sh',
	'kubectl -n kube-system exec ds/coredns -- cat /etc/resolv.conf',
	'kubectl -n kube-system exec ds/cilium -- cilium-dbg status',
	'cilium install --version 1.19.5',
	'cilium upgrade --set encryption.enabled=true',
	'cilium uninstall',
	'cilium clustermesh enable --service-type NodePort',
	'cilium clustermesh disable',
	'cilium clustermesh connect --destination-context west-admin',
	'cilium clustermesh disconnect --destination-context west-admin',
	'cilium hubble enable',
	'cilium connectivity test',
	'cilium config set enable-l7-proxy false',
	'helm list',
	'helm upgrade cilium cilium/cilium -n kube-system --reuse-values',
	'helm uninstall cilium -n kube-system',
	'kind delete cluster --name koornacht',
	'kind get clusters',
	'hubble config set server x:4245',
	"sh -c 'kubectl delete ns kube-system'",
	'kubectl get pods && kubectl delete node worker-1',
	'for pod in $(kubectl get pods -o name); do kubectl delete $pod -n kube-system; done',
	'kubectl --context kind-koornacht get pods',
	'kubectl run shell --image=busybox --privileged',
	'kubectl -n kube-system logs deploy/coredns',
	'kubectl -n kube-system logs -l k8s-app=kube-dns',
	'kubectl -n kube-system exec cilium-operator-5d9f8 -c cilium-agent -- cilium-dbg status',
];

describe('attach mode: the confined gate', () => {
	it(`refuses ${REFUSED.length} commands that reach beyond the lab namespace`, () => {
		expect(REFUSED.length).toBeGreaterThanOrEqual(40);
		for (const command of REFUSED) {
			const verdict = checkAttachedCommand(command, ctx());
			expect(verdict.ok, command).toBe(false);
			if (!verdict.ok) expect(verdict.reason.length, command).toBeGreaterThan(10);
		}
	});

	it('refuses a context other than the two attached ones, lab-wide', () => {
		expect(checkAttachedCommand('kubectl --context other get pods', ctx('lab')).ok).toBe(false);
		expect(checkAttachedCommand('kubectl --context east-admin get pods', ctx('lab')).ok).toBe(true);
		expect(checkAttachedCommand('cilium clustermesh status --context west-admin', ctx('lab')).ok).toBe(true);
	});

	it('allows namespaced lesson work in the lab namespace, named or not', () => {
		for (const command of [
			'kubectl -n clustermesh-tutor get pods',
			'kubectl create configmap x --from-literal=a=b',
			'kubectl delete cnp --all',
			'kubectl get nodes',
			'kubectl get pods -A',
			'kubectl -n kube-system get pods -l k8s-app=cilium -o name',
			'kubectl -n kube-system logs ds/cilium -c cilium-agent --tail 20',
			'kubectl -n kube-system logs -l k8s-app=cilium',
			'kubectl -n kube-system exec cilium-x7k2p -c cilium-agent -- cilium-dbg service list',
			'cilium status',
		]) {
			expect(checkAttachedCommand(command, ctx()), command).toEqual({ok: true});
		}
	});

	it('passes every command of lessons 3 to 10, after cluster names resolve', () => {
		const core = lessons.filter((l) => l.order >= 3 && l.order <= 10);
		expect(core.map((l) => l.order)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
		let count = 0;
		for (const lesson of core) {
			for (const step of lesson.steps) {
				for (const command of [...step.commands, ...(step.solution ?? [])]) {
					const targets = command.target === 'both' ? (['koornacht', 'tion'] as const) : [command.target];
					for (const target of targets) {
						const line = resolveClusterNames(command.command, NAMES);
						expect(checkAttachedCommand(line, ctx(target)), `${lesson.file}: ${line}`).toEqual({ok: true});
						count++;
					}
				}
			}
		}
		expect(count).toBeGreaterThan(40);
	});

	it('refuses the whole hostile corpus of the ordinary gate as well', () => {
		for (const {target, command} of HOSTILE_COMMANDS) expect(checkAttachedCommand(command, ctx(target)).ok, `${target}: ${command}`).toBe(false);
	});

	it('refuses every write in any other namespace, and every write of a cluster-scoped kind (property)', () => {
		const verbs = ['delete', 'label', 'annotate', 'patch', 'scale', 'create'];
		const namespace = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((n) => n !== 'clustermesh-tutor');
		fc.assert(
			fc.property(fc.constantFrom(...verbs), namespace, fc.constantFrom('-n', '--namespace'), (verb, ns, flag) => {
				expect(checkAttachedCommand(`kubectl ${flag} ${ns} ${verb} configmap x`, ctx()).ok).toBe(false);
			}),
		);
		const clusterScoped = ['namespace', 'ns', 'node', 'nodes', 'crd', 'customresourcedefinitions', 'clusterrole', 'clusterrolebinding', 'ccnp', 'ciliumclusterwidenetworkpolicy', 'pv', 'storageclass', 'ciliumnode', 'ciliumidentity', 'mutatingwebhookconfiguration', 'priorityclass'];
		fc.assert(
			fc.property(fc.constantFrom(...verbs), fc.constantFrom(...clusterScoped), fc.boolean(), (verb, kind, slash) => {
				expect(checkAttachedCommand(`kubectl ${verb} ${slash ? `${kind}/x` : `${kind} x`}`, ctx()).ok).toBe(false);
			}),
		);
	});
});
