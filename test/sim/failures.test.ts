import {describe, expect, it} from 'vitest';
import type {ClusterName} from '../../src/core/lab.js';
import {labState, simLab} from './helpers.js';

const UNSUPPORTED = /^clustermesh-tutor: ".+" is not supported by the simulator \(it models kind, kubectl, cilium and the lab's containers\)\. Run this lesson on the live backend to use it\.\n$/;

interface Case {
	name: string;
	command: string;
	target?: ClusterName | 'lab';
	stdin?: string;
	exitCode: number;
	stderr: RegExp;
	before?: string;
}

/** A command the simulator refuses as unsupported: exit 3 and its one message. */
const unsupported = (name: string, command: string, more: Partial<Case> = {}): Case => ({name, command, exitCode: 3, stderr: UNSUPPORTED, ...more});
/** Refused by the command gate before the simulator runs anything, as on the live backend. */
const refused = (name: string, command: string): Case => ({name, command, exitCode: 5, stderr: /^clustermesh-tutor did not run this command: /});

/** Every bad command: its exit code, what it prints on stderr, and that the lab is exactly as before. */
const cases: Case[] = [
	{name: 'get a missing object', command: 'kubectl get svc nope', exitCode: 1, stderr: /^Error from server \(NotFound\): services "nope" not found\n$/},
	{name: 'delete a missing object', command: 'kubectl delete deploy/nope', exitCode: 1, stderr: /^Error from server \(NotFound\): deployments\.apps "nope" not found\n$/},
	{name: 'delete one present, one missing', command: 'kubectl delete svc nope', exitCode: 1, stderr: /NotFound/},
	{name: 'an unknown flag', command: 'kubectl get pods --foo', exitCode: 1, stderr: /^error: unknown flag: --foo\nSee 'kubectl get --help' for usage\.\n$/},
	{name: 'an unknown shorthand', command: 'kubectl scale deploy rebel-base -z 1', exitCode: 1, stderr: /^error: unknown shorthand flag: 'z' in -z\n/},
	{name: 'a missing file', command: 'kubectl apply -f x.yaml', exitCode: 1, stderr: /^error: the path "x\.yaml" does not exist\n$/},
	{
		name: 'bad YAML',
		command: 'kubectl apply -f -',
		stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n b: c: d\n',
		exitCode: 1,
		stderr: /^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: /,
	},
	{
		name: 'an unknown kind',
		command: 'kubectl apply -f -',
		stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
		exitCode: 1,
		stderr: /^error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example\.com\/v1"\nensure CRDs are installed first\n$/,
	},
	{
		name: 'annotate without --overwrite',
		command: 'kubectl annotate svc rebel-base service.cilium.io/global=false',
		before: 'kubectl annotate svc rebel-base service.cilium.io/global=true',
		exitCode: 1,
		stderr: /^error: --overwrite is false but found the following declared annotation\(s\): 'service\.cilium\.io\/global' already has a value \(true\)\n$/,
	},
	{
		name: 'create an existing secret',
		command: 'kubectl --context kind-koornacht -n kube-system get secret cilium-ca -o yaml | kubectl --context kind-tion create -f -',
		target: 'lab',
		exitCode: 1,
		stderr: /^Error from server \(AlreadyExists\): error when creating "STDIN": secrets "cilium-ca" already exists\n$/,
	},
	{name: 'scale a missing deployment', command: 'kubectl scale deployment nope --replicas=3', exitCode: 1, stderr: /^Error from server \(NotFound\): deployments\.apps "nope" not found\n$/},
	{name: 'scale without --replicas', command: 'kubectl scale deployment rebel-base', exitCode: 1, stderr: /^error: required flag\(s\) "replicas" not set\n$/},
	refused('a context of another cluster', 'kubectl --context kind-tion get pods'),
	{name: 'exec in the old form', command: 'kubectl exec deploy/x-wing curl rebel-base', exitCode: 1, stderr: /^error: exec \[POD\] \[COMMAND\] is not supported anymore/},
	{
		name: 'connect with mismatched CAs',
		command: 'cilium clustermesh connect --context kind-koornacht --destination-context kind-tion',
		target: 'lab',
		before: 'kubectl --context kind-tion -n kube-system delete secret cilium-ca',
		exitCode: 1,
		stderr: /^Error: Unable to connect cluster: Cilium CA certificates do not match between clusters koornacht and tion\. Use --allow-mismatching-ca to allow this by adding remote CAs to the CA bundle\n$/,
	},
	refused('connect from a cluster-targeted command', 'cilium clustermesh connect --context kind-koornacht --destination-context kind-tion'),
	{name: 'install twice', command: 'cilium install --version 1.19.5', exitCode: 1, stderr: /cannot re-use a name that is still in use/},
	{name: 'a cluster that exists', command: 'kind create cluster --name koornacht', exitCode: 1, stderr: /^ERROR: failed to create cluster: node\(s\) already exist for a cluster with the name "koornacht"\n$/},
	{name: 'an unknown resource type', command: 'kubectl get widgets', exitCode: 1, stderr: /^error: the server doesn't have a resource type "widgets"\n$/},
	unsupported('a real resource the simulator does not model', 'kubectl get endpoints rebel-base'),
	unsupported('an unsupported program', 'helm list -A'),
	unsupported('an unsupported program later in a list', 'kubectl scale deploy rebel-base --replicas=1 && helm list'),
	refused('a program the gate refuses later in a list', 'kubectl scale deploy rebel-base --replicas=1 && jq .'),
	refused('a redirection on the host', 'kubectl get pods > pods.txt'),
	refused('a variable on the host', 'kubectl exec $POD -- true'),
	unsupported('an unsupported command in the container', "kubectl exec deploy/x-wing -- sh -c 'curl -s rebel-base; dig rebel-base'"),
	{name: 'a program the image lacks', command: 'kubectl exec deploy/rebel-base -- nslookup rebel-base', exitCode: 1, stderr: /executable file not found in \$PATH/},
	{name: 'a failing in-container command', command: "kubectl exec deploy/x-wing -- sh -c 'exit 4'", exitCode: 4, stderr: /^command terminated with exit code 4\n$/},
	// The optional shared-ingress and mutual-authentication lessons are live-only: their steps never fake success here.
	unsupported('helm', 'helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx --namespace ingress-nginx --create-namespace'),
	unsupported('an Ingress', 'kubectl apply -f manifests/ingress/rebel-base-ingress.yaml'),
	unsupported('annotating an Ingress', 'kubectl annotate ingress rebel-base nginx.ingress.kubernetes.io/service-upstream="false" --overwrite'),
	unsupported('SPIRE through cilium upgrade', 'cilium upgrade --version 1.19.5 --set authentication.mutual.spire.enabled=true --set authentication.mutual.spire.install.enabled=true'),
	unsupported('SPIRE through cilium install', 'cilium install --version 1.19.5 --set authentication.mutual.spire.enabled=true', {target: 'tion', before: 'cilium uninstall'}),
	unsupported('a policy requiring mutual authentication', 'kubectl apply -f manifests/policies/rebel-base-from-x-wing-mutual-auth.yaml'),
	unsupported('the SPIRE server', 'kubectl -n cilium-spire exec spire-server-0 -c spire-server -- /opt/spire/bin/spire-server agent list'),
	unsupported('a SPIRE StatefulSet', 'kubectl -n kube-system rollout status statefulset/spire-server --timeout=300s'),
	unsupported('a SPIRE identity lookup through $(...)', "kubectl -n kube-system exec ds/cilium -- echo $(kubectl get ciliumendpoints -l name=x-wing -o jsonpath='{.items[0].status.identity.id}')"),
	unsupported('agent logs', "for pod in $(kubectl -n kube-system get pods -l k8s-app=cilium -o name); do kubectl -n kube-system logs $pod -c cilium-agent --since=10m | grep -E 'authenticated'; done"),
	unsupported('an unsupported dry run', 'cilium upgrade --dry-run-helm-values --set encryption.enabled=true'),
	unsupported('a Helm values file', 'cilium upgrade -f values.yaml'),
	refused('grep on a file of the host', 'grep image manifests/app.yaml'),
	refused('a foreign kubeconfig, which the simulator would otherwise ignore', 'kubectl --kubeconfig /root/.kube/config get pods'),
	refused('a kubeconfig flag naming a file the tool did not create', 'kubectl --kubeconfig /tmp/other.yaml get pods'),
	unsupported('an agent command the simulator does not model', 'kubectl -n kube-system exec ds/cilium -- cilium-dbg endpoint list'),
	unsupported('an unknown flag of cilium-dbg encrypt status', 'kubectl -n kube-system exec ds/cilium -- cilium-dbg encrypt status --verbose'),
	{name: 'encryption status without Cilium', command: 'cilium encryption status', target: 'tion', before: 'cilium uninstall', exitCode: 1, stderr: /^Error: Unable to get encryption status: no Cilium agent pods found\n$/},
];

describe('a failing command leaves the lab unchanged', () => {
	it.each(cases)('$name', async ({command, target, stdin, exitCode, stderr, before}) => {
		const lab = simLab(await labState());
		if (before) expect((await lab.run(before, target)).exitCode).toBe(0);
		const state = await lab.state();
		const r = await lab.run(command, target, stdin);
		expect(r.exitCode).toBe(exitCode);
		expect(r.stderr).toMatch(stderr);
		expect(await lab.state()).toEqual(state);
	});

	it('but a timed-out request loop keeps its Hubble drops and PRNG progress', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml');
		const state = await lab.state();
		const r = await lab.run(`kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 3); do curl -sS --max-time 2 rebel-base; done'`);
		expect(r.exitCode).toBe(28);
		expect(r.stderr).toMatch(/command terminated with exit code 28\n$/);
		expect(r.stderr.match(/curl: \(28\) Connection timed out after 20\d\d milliseconds/g)).toHaveLength(3);
		// Not waited, but counted: the line says it would have taken the three timeouts.
		const waited = [...r.stderr.matchAll(/after (\d+) milliseconds/g)].reduce((sum, m) => sum + Number(m[1]), 0);
		expect(r.simulatedMs).toBeGreaterThanOrEqual(waited);
		expect(r.simulatedMs).toBeLessThan(waited + 100);
		expect((await lab.run('sleep 3; sleep 0.5')).simulatedMs).toBe(3500);
		const after = await lab.state();
		// 3 requests × 2 SYNs (at 0 s and 1 s of the 2 s budget) × a policy-verdict and a drop event.
		expect(after.clusters.koornacht?.flows).toHaveLength(12);
		expect(after.clusters.koornacht?.objects).toEqual(state.clusters.koornacht?.objects);
		expect(after.random).not.toEqual(state.random);
	});

	it('a half-applied file keeps what kubectl really created', async () => {
		const lab = simLab(await labState());
		const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: second, namespace: nowhere}\n';
		const r = await lab.run('kubectl apply -f -', 'koornacht', stdin);
		expect(r).toMatchObject({exitCode: 1, stdout: 'configmap/first created\n', stderr: 'Error from server (NotFound): error when creating "STDIN": namespaces "nowhere" not found\n'});
		expect((await lab.run('kubectl get cm first -o name')).stdout).toBe('configmap/first\n');
	});
});
