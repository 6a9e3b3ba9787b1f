import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {checkCommand} from '../../src/gate/command-gate.js';
import type {GateContext} from '../../src/gate/verdict.js';

const contexts: readonly GateContext[] = [
	{target: 'koornacht', owned: ['koornacht', 'tion'], kubeconfig: '/state/kube/koornacht.yaml'},
	{target: 'lab', owned: ['koornacht', 'tion'], kubeconfig: '/state/kube/lab.yaml'},
];

/** Commands that reach something the tool did not create, whatever the target. */
const foreign = fc.constantFrom(
	'kubectl --context prod get pods',
	'kubectl get pods --context=prod',
	'kubectl -s https://prod.example:6443 get pods',
	'kubectl --kubeconfig /home/me/.kube/config get nodes',
	'kubectl --token abc --server https://prod get pods',
	'helm --kube-context prod list',
	'helm --kube-apiserver https://prod:6443 list',
	'cilium status --context prod',
	'hubble observe --kube-context prod',
	'kind delete cluster --name prod',
	'kind delete cluster --name koornacht --name prod',
	'kind delete clusters --all',
	'KUBECONFIG=/home/me/.kube/config kubectl get pods',
	'env -i kubectl get pods',
	'grep token /home/me/.kube/config',
);

const singleQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
const doubleQuoted = (text: string) => `"${text.replace(/(["\\$`])/g, '\\$1')}"`;

/** Shell forms that still run their inner command. */
const wrappers: readonly ((inner: string) => string)[] = [
	(c) => `${c}; true`,
	(c) => `true; ${c}`,
	(c) => `true && ${c}`,
	(c) => `false || ${c}`,
	(c) => `echo x | ${c}`,
	(c) => `${c} | grep x`,
	(c) => `{ ${c}; }`,
	(c) => `( ${c} )`,
	(c) => `! ${c}`,
	(c) => `if true; then ${c}; fi`,
	(c) => `if ${c}; then true; fi`,
	(c) => `if false; then true; else ${c}; fi`,
	(c) => `if false; then true; elif true; then ${c}; fi`,
	(c) => `while true; do ${c}; done`,
	(c) => `until ${c}; do true; done`,
	(c) => `for x in a b; do ${c}; done`,
	(c) => `for x in $( ${c} ); do echo $x; done`,
	(c) => `echo $( ${c} )`,
	(c) => `echo "$( ${c} )"`,
	(c) => `f() { ${c}; }; f`,
	(c) => `sh -c ${singleQuoted(c)}`,
	(c) => `bash -ec ${doubleQuoted(c)}`,
	(c) => `eval ${singleQuoted(c)}`,
	(c) => `echo ${singleQuoted(c)} | sh`,
	(c) => `env NO_COLOR=1 ${c}`,
	(c) => `NO_COLOR=1 ${c}`,
	(c) => `python3 -c ${doubleQuoted(`import os; os.system(${JSON.stringify(c)})`)}`,
	(c) => `awk ${singleQuoted(`BEGIN{system("${c}")}`)}`,
	(c) => `xargs -I{} ${c}`,
	(c) => `${c} 2>/dev/null`,
	(c) => `true\n${c}`,
];

const wrapped = fc
	.tuple(foreign, fc.array(fc.nat({max: wrappers.length - 1}), {minLength: 1, maxLength: 4}))
	.map(([core, picks]) => picks.reduce<string>((inner, pick) => (wrappers[pick] ?? ((c: string) => c))(inner), core));

/** Wrappers the gate analyses (no eval, functions, interpreters, assignments or stdin shells). */
const analysed = wrappers.filter((w) => !/^(eval|f\(\)|python3|awk|xargs|env|NO_COLOR|!)|\| sh$/.test(w('C')));
const lab = fc.constantFrom('kubectl get pods', 'cilium status --wait', 'kubectl -n kube-system get pods -o wide', 'helm list -A');
const analysedForms = fc
	.tuple(lab, fc.array(fc.nat({max: analysed.length - 1}), {minLength: 1, maxLength: 4}))
	.map(([core, picks]) => picks.reduce<string>((inner, pick) => (analysed[pick] ?? ((c: string) => c))(inner), core));

describe('the command gate (properties)', () => {
	it('allows a lab command in any compound form it analyses', () => {
		expect(analysed.length).toBeGreaterThan(15);
		fc.assert(
			fc.property(analysedForms, (command) => {
				expect(checkCommand(command, contexts[0] as GateContext), command).toEqual({ok: true});
			}),
			{numRuns: 300},
		);
	});

	it('refuses a foreign-targeting command in any compound form, for any target', () => {
		fc.assert(
			fc.property(wrapped, fc.constantFrom(...contexts), (command, ctx) => {
				expect(checkCommand(command, ctx).ok, command).toBe(false);
			}),
			{numRuns: 600},
		);
	});

	it('never throws: any text gets a verdict, and text it cannot parse is refused', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom(...'kubectl --context prod ;|&(){}$`\'"\\<>*~\n# x=1'.split('')), maxLength: 60}), (text) => {
				const verdict = checkCommand(text, contexts[0] as GateContext);
				expect(typeof verdict.ok).toBe('boolean');
			}),
			{numRuns: 1000},
		);
	});
});
