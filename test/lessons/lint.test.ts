import {describe, expect, it} from 'vitest';
import {lintLessons} from '../../src/lessons/lint.js';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {lineOf, lintTexts, minimal} from './fixtures.js';

const FILE = 'lessons/01-lesson.md';

/** One lesson whose single step runs `command` on `target`; returns its problems. */
function lintCommand(target: string, command: string, exists: (p: string) => boolean = () => true): string[] {
	return lintTexts({[FILE]: minimal({step: `\`\`\`sh ${target}\n${command}\n\`\`\``})}, exists);
}

const at = (command: string) => `${FILE}:${lineOf(minimal({step: `\`\`\`sh x\n${command}\n\`\`\``}), command)}`;

describe('lesson ids and numbers', () => {
	it('reports a duplicate id with both places', () => {
		const a = minimal({id: 'same'});
		const b = minimal({id: 'same'});
		expect(lintTexts({'lessons/01-same.md': a, 'lessons/02-same.md': b})).toEqual([
			`lessons/02-same.md:2: duplicate lesson id "same" (also lessons/01-same.md:2)`,
		]);
	});

	it('reports a duplicate lesson number', () => {
		expect(lintTexts({'lessons/03-one.md': minimal({id: 'one'}), 'lessons/03-two.md': minimal({id: 'two'})})).toEqual([
			'lessons/03-two.md:1: duplicate lesson number 03 (also lessons/03-one.md)',
		]);
	});
});

describe('the chain of core lessons', () => {
	it('reports a mismatch at the later lesson, naming the earlier one', () => {
		const first = minimal({id: 'first', leaves: '{stage: app, workloads: {koornacht: {replicas: 0}}}'});
		const second = minimal({id: 'second', starts: 'app'});
		const results = [parseLesson(first, 'lessons/03-first.md'), parseLesson(second, 'lessons/04-second.md')];
		const problems = lintLessons(results, () => true);
		expect(problems).toEqual([
			{
				file: 'lessons/04-second.md',
				line: lineOf(second, 'starts:'),
				message: `starts differs from the leaves of the previous core lesson (lessons/03-first.md:${lineOf(first, 'leaves:')}): koornacht: rebel-base replicas: starts 2, previous leaves 0`,
				related: [{file: 'lessons/03-first.md', line: lineOf(first, 'leaves:')}],
			},
		]);
	});

	it('lists every difference, and compares stages', () => {
		const first = minimal({id: 'first', leaves: '{stage: app, workloads: {tion: {policies: [b, a], annotations: {service.cilium.io/global: "true"}}}}'});
		const second = minimal({id: 'second', starts: '{stage: mesh, encryption: true}'});
		expect(lintTexts({'lessons/03-first.md': first, 'lessons/05-second.md': second})).toEqual([
			`lessons/05-second.md:${lineOf(second, 'starts:')}: starts differs from the leaves of the previous core lesson (lessons/03-first.md:${lineOf(first, 'leaves:')}): stage: starts mesh, previous leaves app; encryption: starts on, previous leaves off`,
		]);
	});

	it('skips optional lessons and accepts equal states written differently', () => {
		const first = minimal({id: 'first', leaves: '{stage: app, workloads: {tion: {policies: [b, a]}}}'});
		const optional = minimal({id: 'extra', optional: true, starts: 'none', leaves: 'none'});
		const second = minimal({id: 'second', starts: '{stage: app, workloads: {koornacht: {}, tion: {replicas: 2, policies: [a, b]}}}'});
		expect(lintTexts({'lessons/03-first.md': first, 'lessons/04-extra.md': optional, 'lessons/05-second.md': second})).toEqual([]);
	});
});

describe('manifest paths', () => {
	it('reports files missing from the package', () => {
		const exists = (p: string) => p === 'manifests/app.yaml';
		const command = 'kubectl apply -f manifests/app.yaml -f ./manifests/nope.yaml --filename=kind-configs/gone.yaml';
		expect(lintCommand('koornacht', command, exists)).toEqual([
			`${at(command)}: manifests/nope.yaml: no such file in the package`,
			`${at(command)}: kind-configs/gone.yaml: no such file in the package`,
		]);
	});

	it('checks wrong answers too', () => {
		const text = minimal({
			step: '```yaml check\nshared-ca: true\n```\n\n```yaml wrong\n- label: apply a missing file\n  run: [{tion: kubectl apply -f manifests/missing.yaml}]\n```\n\n### Hints\n1. hint',
		});
		expect(lintTexts({[FILE]: text}, () => false)).toEqual([
			`${FILE}:${lineOf(text, 'run: [{tion')}: manifests/missing.yaml: no such file in the package`,
		]);
	});
});

describe('command safety: the linter reports what the command gate refuses', () => {
	it('forbids picking a cluster in a cluster-targeted command', () => {
		const command = 'kubectl --context kind-tion get pods';
		expect(lintCommand('koornacht', command)).toEqual([
			`${at(command)}: the command gate refuses this koornacht command: this command runs on koornacht, but \`kubectl\` names the context kind-tion (drop --context: on koornacht the command already uses kind-koornacht)`,
		]);
		const hubble = 'hubble observe --kube-context=kind-tion --kubeconfig /tmp/k';
		expect(lintCommand('both', hubble)).toEqual([
			`${at(hubble)}: the command gate refuses this koornacht command: \`--kubeconfig /tmp/k\` names another kubeconfig: the tutorial uses only its own kubeconfig, with the lab's context kind-koornacht, set for you (drop --kubeconfig and KUBECONFIG: every command already runs with that kubeconfig)`,
			`${at(hubble)}: the command gate refuses this tion command: \`--kubeconfig /tmp/k\` names another kubeconfig: the tutorial uses only its own kubeconfig, with the lab's context kind-tion, set for you (drop --kubeconfig and KUBECONFIG: every command already runs with that kubeconfig)`,
		]);
	});

	it('forbids KUBECONFIG assignments', () => {
		const command = 'KUBECONFIG=/tmp/other kubectl get pods';
		expect(lintCommand('tion', command)).toEqual([
			`${at(command)}: the command gate refuses this tion command: \`KUBECONFIG=…\` would pick another kubeconfig, context or cluster: the tutorial uses only its own kubeconfig, with the lab's context kind-tion, set for you (drop KUBECONFIG=…: every command already runs with that kubeconfig)`,
		]);
	});

	it('requires an explicit lab context on every call of a lab command, pipelines included', () => {
		const command =
			'kubectl --context kind-koornacht -n kube-system get secret cilium-ca -o yaml | kubectl create -f -';
		expect(lintCommand('lab', command)).toEqual([
			`${at(command)}: the command gate refuses this lab command: this command runs for both clusters, and \`kubectl\` names neither (name the cluster, e.g. \`kubectl --context kind-koornacht …\`)`,
		]);
		const hubble = 'hubble observe --verdict DROPPED';
		expect(lintCommand('lab', hubble)).toEqual([
			`${at(hubble)}: the command gate refuses this lab command: this command runs for both clusters, and \`hubble\` names neither (name the cluster, e.g. \`hubble --kube-context kind-koornacht …\`)`,
		]);
		const other = 'cilium status --context=kind-other';
		expect(lintCommand('lab', other)).toEqual([
			`${at(other)}: the command gate refuses this lab command: context "kind-other" is not one of the lab's; the tutorial reaches only its own clusters (use kind-koornacht or kind-tion)`,
		]);
	});

	it('reports commands the gate cannot analyse', () => {
		const command = "eval 'kubectl get pods'";
		expect(lintCommand('koornacht', command)).toEqual([`${at(command)}: the command gate refuses this koornacht command: \`eval\` runs text as shell code the tutorial cannot check first`]);
	});

	it('accepts well-pinned lab commands and leaves pod-side scripts alone', () => {
		expect(
			lintCommand('lab', 'cilium clustermesh connect --context kind-koornacht --destination-context kind-tion && kind get clusters'),
		).toEqual([]);
		expect(lintCommand('koornacht', "kubectl exec deploy/x-wing -- sh -c 'kubectl --context x get pods'")).toEqual([]);
	});

	it('forbids switching kubeconfig contexts everywhere', () => {
		for (const target of ['koornacht', 'lab']) {
			const command = 'kubectl config use-context kind-tion';
			expect(lintCommand(target, command)).toEqual([
				`${at(command)}: the command gate refuses this ${target} command: \`kubectl config use-context\` would change the tutorial's kubeconfig (leave the kubeconfig to the tutorial: it picks the right context for every command)`,
			]);
		}
	});
});
