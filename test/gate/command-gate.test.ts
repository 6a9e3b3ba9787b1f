import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkCommand, createdCluster, isPlainCommand, simpleCommandWords} from '../../src/gate/command-gate.js';
import {formatRefusal, type GateContext} from '../../src/gate/verdict.js';
import {HOSTILE_COMMANDS} from './hostile-corpus.js';

const KOORNACHT = '/state/kube/koornacht.yaml';
const LAB = '/state/kube/lab.yaml';
const inKoornacht: GateContext = {target: 'koornacht', owned: ['koornacht', 'tion'], kubeconfig: KOORNACHT};
const labWide: GateContext = {target: 'lab', owned: ['koornacht', 'tion'], kubeconfig: LAB};

const OWN_KUBECONFIG = /: the tutorial uses only its own kubeconfig, with the lab's context kind-koornacht, set for you/;

const allowed = (command: string, ctx: GateContext) => expect(checkCommand(command, ctx), command).toEqual({ok: true});
const refused = (command: string, ctx: GateContext, reason: RegExp) => {
	const verdict = checkCommand(command, ctx);
	expect(verdict.ok, command).toBe(false);
	if (!verdict.ok) {
		expect(verdict.reason).toMatch(reason);
		expect(verdict.fix.length).toBeGreaterThan(0);
	}
};

describe('checkCommand: cluster-targeted commands', () => {
	it.each([
		'kubectl get pods',
		'kubectl apply -f manifests/app.yaml',
		"kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'",
		'kubectl -n kube-system exec ds/cilium -c cilium-agent -- hubble observe --verdict DROPPED',
		'cilium status --wait --interactive=false',
		'cilium clustermesh enable --service-type NodePort',
		'kubectl config view --minify',
		'kubectl version --client',
		'echo done && kubectl get svc rebel-base -o yaml | grep global',
		`kind delete cluster --name koornacht --kubeconfig ${KOORNACHT}`,
		'kind create cluster --name koornacht --config kind-configs/koornacht.yaml',
		// The cluster's own kubeconfig holds only its own context.
		'kubectl get pods --context=kind-koornacht',
		'helm list --kube-context kind-koornacht',
	])('allows %s', (command) => allowed(command, inKoornacht));

	it.each([
		['kubectl --context kind-tion get pods', /names the context kind-tion/],
		['cilium clustermesh connect --destination-context kind-tion', /names the context kind-tion/],
		['kubectl --kubeconfig /tmp/other.yaml get pods', OWN_KUBECONFIG],
		['env KUBECONFIG=/x kubectl get pods', OWN_KUBECONFIG],
		['ls -la', /`ls` is not one of the commands this tutorial runs \(kubectl, cilium, helm, kind and hubble on its own clusters; grep, head, sort/],
		['kubectl config use-context kind-tion', /kubectl config use-context/],
		['kubectl config set-context --current --namespace x', /kubectl config set-context/],
		['kubectl config delete-context kind-koornacht', /kubectl config delete-context/],
		["sh -c 'kubectl --context prod get pods'", /names the context prod/],
		['echo $(kubectl --context prod get ns)', /names the context prod/],
		['kind delete cluster --name prod', /not a lab cluster/],
		['kind delete clusters --all', /--all/],
		['kind create cluster --name tion', /only in a command for tion itself/],
		['kind create cluster', /names no cluster/],
		['kind export kubeconfig --name tion', /only in a command for tion itself/],
	])('refuses %s', (command, reason) => refused(command, inKoornacht, reason));

	// A word that reaches a kubeconfig is refused for that, however it is spelled and whatever
	// else is wrong with it: writing `~` out or quoting a pattern would not make it the tutorial's own.
	it.each([
		'kubectl --kubeconfig ~/.kube/config get pods',
		'kubectl --kubeconfig /root/.kube/config get pods',
		'kubectl --kubeconfig /home/me/.kube/config get pods',
		'kubectl --kubeconfig=~/.kube/config get pods',
		'kubectl --kubeconfig=/root/.kube/config get pods',
		'kubectl get pods --kubeconfig ~/.kube/config',
		'kubectl --kubeconfig ~/lab.yaml get pods',
		'kubectl --kubeconfig ~/.kube/* get pods',
		'cilium status --kubeconfig=~/.kube/config',
		'helm list --kubeconfig ~/.kube/config',
		'KUBECONFIG=~/.kube/config kubectl get pods',
		'KUBECONFIG=/root/.kube/config kubectl get pods',
		'export KUBECONFIG=~/.kube/config',
		'export KUBECONFIG=/home/me/.kube/config',
		'export KUBECONFIG=/tmp/other.yaml',
		'env KUBECONFIG=/root/.kube/config kubectl get pods',
		'cat ~/.kube/config',
		'kubectl get pods > ~/.kube/config',
	])('refuses %s for the kubeconfig it names, with the fix that works', (command) => {
		const verdict = checkCommand(command, inKoornacht);
		expect(verdict).toEqual({
			ok: false,
			reason: expect.stringMatching(/: the tutorial uses only its own kubeconfig, with the lab's context kind-koornacht, set for you$/),
			fix: expect.stringMatching(/^drop (--kubeconfig and KUBECONFIG|KUBECONFIG=…): every command already runs with that kubeconfig$/),
		});
		if (!verdict.ok) expect(verdict.reason).not.toMatch(/expands `~`|write the path out/);
	});

	it('names both lab contexts for a lab-wide command, and an attached cluster\'s own', () => {
		refused('kubectl --context kind-koornacht --kubeconfig ~/.kube/config get pods', labWide, /with the lab's contexts kind-koornacht and kind-tion, set for you/);
		refused('kubectl --kubeconfig ~/.kube/config get pods', {...inKoornacht, contexts: {koornacht: 'east-admin', tion: 'west-admin'}}, /context east-admin, set for you/);
	});

	it('prints the refusal the README shows', () => {
		const verdict = checkCommand('kubectl --kubeconfig ~/.kube/config get pods', inKoornacht);
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const shown = /\*\*The command gate\.\*\*[^`]*```\n([^]*?)```\n/.exec(readme)?.[1];
		expect(verdict.ok).toBe(false);
		if (!verdict.ok) expect(formatRefusal(verdict)).toBe(shown);
	});

	it('refuses writing a file for the write, however its path is spelled', () => {
		for (const command of ['kubectl get pods > ~/pods.txt', 'kubectl get pods > /root/pods.txt', 'kubectl get pods >> ~/*.txt']) {
			refused(command, inKoornacht, /writes a file on this computer/);
		}
	});

	it('names a command it never runs before how its words are spelled or where its output goes', () => {
		refused('cat ~/notes.txt', inKoornacht, /^`cat` reads or writes files on this computer$/);
		refused('ls -la > ~/listing.txt', inKoornacht, /^`ls` is not one of the commands this tutorial runs/);
		refused('kubectl get pods | grep x ~/notes.txt', inKoornacht, /^`grep` would read ~\/notes\.txt from this computer/);
		refused('kubectl --context {prod,kind-tion} get pods', labWide, /^context "\{prod,kind-tion\}" is not one of the lab's/);
		refused('~/bin/kubectl get pods', inKoornacht, /^`~\/bin\/kubectl` names a program by its path/);
	});

	it('still asks to write out a `~` path that is not a kubeconfig', () => {
		expect(checkCommand('kubectl apply -f ~/app.yaml', inKoornacht)).toEqual({ok: false, reason: '`~/app.yaml` expands `~` to your home folder', fix: 'write the path out'});
	});

	it('refuses a cluster the tool did not create', () => {
		refused('kubectl get pods', {...inKoornacht, owned: ['tion']}, /koornacht was not created by clustermesh-tutor/);
	});

	it('allows creating a lab cluster that is not owned yet (the runner then records it)', () => {
		allowed('kind create cluster --name koornacht', {...inKoornacht, owned: []});
		refused('kind delete cluster --name koornacht', {...inKoornacht, owned: []}, /will not be deleted/);
	});
});

describe('checkCommand: lab-wide commands', () => {
	it.each([
		'kubectl --context kind-koornacht -n kube-system get secret cilium-ca -o yaml | kubectl --context kind-tion create -f -',
		'cilium clustermesh connect --context kind-koornacht --destination-context kind-tion',
		'hubble observe --kube-context kind-tion -P --verdict DROPPED',
		'helm --kube-context kind-koornacht list -A',
		'kind get clusters',
		'cilium version --client',
		'helm version',
	])('allows %s', (command) => allowed(command, labWide));

	it.each([
		['kubectl get pods', /runs for both clusters, and `kubectl` names neither/],
		['kubectl --context kind-koornacht get pods | kubectl get pods', /names neither/],
		['cilium status', /names neither/],
		['kubectl --context prod get pods', /context "prod" is not one of the lab's/],
		['cilium clustermesh connect --context kind-koornacht --destination-context kind-prod', /not one of the lab's/],
		['kind create cluster --name koornacht', /only in a command for koornacht itself/],
	])('refuses %s', (command, reason) => refused(command, labWide, reason));

	it('refuses a named lab context whose cluster is not owned', () => {
		refused('kubectl --context kind-tion get pods', {...labWide, owned: ['koornacht']}, /tion was not created/);
	});
});

describe('createdCluster', () => {
	it('finds the lab cluster a kind create names', () => {
		expect(createdCluster('kind create cluster --name tion --image x --config kind-configs/tion.yaml')).toBe('tion');
		expect(createdCluster('kind create cluster --name=koornacht')).toBe('koornacht');
		expect(createdCluster('kind create cluster --name other')).toBeUndefined();
		expect(createdCluster('kind get clusters')).toBeUndefined();
	});
});

describe('the hostile corpus', () => {
	it('has more than 100 commands, each refused with a reason and a fix in the learner\'s words', () => {
		expect(HOSTILE_COMMANDS.length).toBeGreaterThanOrEqual(100);
		for (const {target, command} of HOSTILE_COMMANDS) {
			const verdict = checkCommand(command, target === 'lab' ? labWide : inKoornacht);
			expect(verdict.ok, `${target}: ${command}`).toBe(false);
			if (verdict.ok) continue;
			// Nobody told the learner about a "gate", nor what "analysing" a command means.
			expect(`${verdict.reason} ${verdict.fix}`, command).not.toMatch(/\bgate\b|analy[sz]|allowlist|expansion the/i);
			expect(verdict.fix.length, command).toBeGreaterThan(0);
		}
	});
});

describe('reading a line with the shared parser', () => {
	it('lists every simple command, substitutions included, with null for an expanded word', () => {
		expect(simpleCommandWords('a -x | b && c; d $(e --f g) 2>/dev/null')).toEqual([['a', '-x'], ['b'], ['c'], ['e', '--f', 'g'], ['d', null]]);
		expect(simpleCommandWords('for p in $(k get); do k logs $p; done')).toEqual([['k', 'get'], ['k', 'logs', null]]);
		expect(simpleCommandWords("unterminated 'quote")).toEqual([]);
	});

	it('tells a plain command from a compound line', () => {
		expect(isPlainCommand('kubectl get pods -o name')).toBe(true);
		expect(isPlainCommand("kubectl annotate svc x 'a=b'")).toBe(true);
		for (const line of ['a | b', 'a && b', 'a; b', 'a > f', 'echo $(a)', 'echo $X', 'a &', "unterminated 'quote"]) expect(isPlainCommand(line), line).toBe(false);
	});
});

describe('checkCommand: details', () => {
	it.each([
		'kind load docker-image rebel-base:v1 --name koornacht',
		'for pod in $(kubectl -n kube-system get pods -l k8s-app=cilium -o name); do kubectl -n kube-system logs $pod -c cilium-agent | grep -E "a|b"; done',
		'kubectl delete $(kubectl get pods -o name)',
		'kubectl get pods -o name | head -n 1',
		"kubectl exec deploy/x-wing -- sh -c 'cat ~/.kube/config; curl -s http://x/*'",
		'kubectl get pods 2>/dev/null || echo none',
		'kubectl config view --minify',
		'kubectl get pods --kubeconfig /state/kube/koornacht.yaml',
		'clustermesh-tutor doctor',
	])('allows %s', (command) => allowed(command, inKoornacht));

	it.each([
		'kubectl logs deploy/rebel-base | grep -A 2 GET',
		'kubectl logs deploy/rebel-base | grep -A2 -B1 GET',
		'kubectl logs deploy/rebel-base | grep -C 3 -iv curl',
		'kubectl logs deploy/rebel-base | grep --after-context 2 --before-context=1 GET',
		'kubectl logs deploy/rebel-base | grep --context 2 --count --invert-match --ignore-case GET',
		'kubectl logs deploy/rebel-base | grep -2 -E "GET|POST"',
		'kubectl logs deploy/rebel-base | grep -m 1 -e GET -e POST',
		'kubectl -n kube-system logs ds/cilium -c cilium-agent --tail 20 | grep -c policy',
	])('allows grep with context and counting options on standard input: %s', (command) => allowed(command, inKoornacht));

	it.each([
		['kubectl get pods | grep -A 2 x /etc/passwd', /would read \/etc\/passwd/],
		['kubectl get pods | grep --context 2 x secrets.txt', /would read secrets\.txt/],
		['kubectl get pods | grep -A2 -f patterns.txt', /grep -f/],
	])('still refuses grep reading files with context options: %s', (command, reason) => refused(command, inKoornacht, reason));

	it('runs the tool itself only for its read-only commands', () => {
		refused('clustermesh-tutor', inKoornacht, /not run from inside the tutorial/);
		refused('clustermesh-tutor down', inKoornacht, /`clustermesh-tutor down` is not run from inside the tutorial/);
	});

	it('allows the lesson 21 substitution inside a kubectl exec command', () => {
		allowed("kubectl -n cilium-spire exec spire-server-0 -c spire-server -- /opt/spire/bin/spire-server entry show -spiffeID spiffe://spiffe.cilium/identity/$(kubectl get ciliumendpoints -l name=x-wing -o jsonpath='{.items[0].status.identity.id}')", inKoornacht);
	});

	it('still checks substitutions that run on this machine inside a kubectl exec command', () => {
		refused('kubectl exec deploy/x-wing -- echo $(kubectl --context prod get pods)', inKoornacht, /names the context prod/);
	});

	it('reads kubectl short-flag clusters the way pflag does', () => {
		refused('kubectl get pods -is https://prod.example:6443', inKoornacht, /kubectl -s/);
		allowed('kubectl exec -it deploy/x-wing -- sh', inKoornacht);
	});
});
