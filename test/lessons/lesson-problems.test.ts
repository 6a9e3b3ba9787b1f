import {describe, expect, it} from 'vitest';
import {GOOD, GOOD_FILE, edit, lineOf, lintTexts, minimal} from './fixtures.js';

const F = GOOD_FILE;
const PROBE = '- probe: {from: koornacht}\n  expect: {only: koornacht}';
const CONDITIONS =
	'probe, nodes, deployment, service, configmap, policies, cilium-config, shared-ca, policy-default-local-cluster, mesh, hubble-drops, pod-exec, encryption or clusters';

/** Lints the good lesson with one edit and expects exactly these problems. */
function expectProblems(from: string, to: string, expected: (text: string) => string[]) {
	const text = edit(GOOD, from, to);
	expect(lintTexts({[F]: text})).toEqual(expected(text));
}

describe('front matter problems', () => {
	it('reports a bad field value at its line', () => {
		expectProblems('starts: app', 'starts: meshed', (t) => [
			`${F}:${lineOf(t, 'starts: meshed')}: starts.stage: expected none, clusters, cilium, mesh or app, got "meshed"`,
		]);
	});

	it('reports an unknown key with a suggestion, and the missing one', () => {
		expectProblems('summary: Make', 'sumary: Make', (t) => [
			`${F}:2: summary: required`,
			`${F}:${lineOf(t, 'sumary:')}: front matter: unknown key "sumary" (did you mean summary?)`,
		]);
	});

	it('asks to quote annotation values', () => {
		expectProblems('koornacht: {annotations: {service.cilium.io/global: "true"}}', 'koornacht: {annotations: {service.cilium.io/global: true}}', (t) => [
			`${F}:${lineOf(t, 'global: true}}')}: leaves.workloads.koornacht.annotations.service.cilium.io/global: expected a string, got true (quote it: "true")`,
		]);
	});

	it('rejects workloads below stage app', () => {
		expectProblems('starts: app', 'starts: {stage: mesh, workloads: {tion: {replicas: 1}}}', (t) => [
			`${F}:${lineOf(t, 'starts:')}: starts.workloads: only allowed at stage app (the app is not deployed before)`,
		]);
	});

	it('rejects untracked annotations and a non-kebab id', () => {
		expectProblems('id: global-services', 'id: Global_Services', () => [
			`${F}:2: id: expected a kebab-case id (lowercase letters, digits and dashes)`,
		]);
		expectProblems('tion: {annotations: {service.cilium.io/global: "true"}}', 'tion: {annotations: {foo: bar}}', (t) => [
			`${F}:${lineOf(t, 'foo: bar')}: leaves.workloads.tion.annotations.foo: only service.cilium.io/* annotations are tracked`,
		]);
	});

	it('needs front matter, closed', () => {
		expect(lintTexts({[F]: '# Just markdown\n'})).toEqual([
			`${F}:1: a lesson starts with front matter: a "---" line, YAML fields, and a closing "---"`,
		]);
		expect(lintTexts({[F]: '---\nid: x\n'})).toEqual([`${F}:1: front matter is not closed: add a "---" line after its fields`]);
	});

	it('reports YAML syntax errors at their line', () => {
		expectProblems('summary: Make rebel-base global.', 'summary: Make rebel-base global.\ntitle: Again', (t) => [
			`${F}:${lineOf(t, 'title: Again')}: front matter: Map keys must be unique`,
		]);
	});
});

describe('file name problems', () => {
	it('needs a two-digit number prefix', () => {
		expect(lintTexts({'lessons/4-global-services.md': GOOD})).toEqual([
			'lessons/4-global-services.md:1: file name "4-global-services.md" must be NN-<id>.md: a two-digit lesson number, a dash, then the lesson id',
		]);
	});

	it('must match the id', () => {
		expect(lintTexts({'lessons/04-globals.md': GOOD})).toEqual([
			'lessons/04-globals.md:2: file name "04-globals.md" does not match the id "global-services": rename it to 04-global-services.md',
		]);
	});
});

describe('command block problems', () => {
	it('reports an unknown target with a suggestion', () => {
		expectProblems('```sh koornacht\nkubectl annotate service rebel-base \\', '```sh koornact\nkubectl annotate service rebel-base \\', (t) => [
			`${F}:${lineOf(t, '```sh koornact')}: unknown target "koornact" — expected koornacht, tion, both or lab (did you mean koornacht?)`,
		]);
	});

	it('requires a target', () => {
		expectProblems('```sh tion\n', '```bash\n', (t) => [
			`${F}:${lineOf(t, '```bash')}: a bash block needs a target after the language: koornacht, tion, both or lab (e.g. \`\`\`sh koornacht)`,
		]);
	});

	it('catches a misspelled yaml block kind and shell language', () => {
		expectProblems('```yaml wrong', '```yaml wrnog', (t) => [
			`${F}:${lineOf(t, '```yaml wrnog')}: unknown block "yaml wrnog" — expected yaml check or yaml wrong (did you mean wrong?)`,
		]);
		expectProblems('```sh tion\n', '```hs tion\n', (t) => [
			`${F}:${lineOf(t, '```hs tion')}: unknown language "hs" for a tion command block (did you mean sh?)`,
		]);
	});

	it('reports a dangling continuation and an empty block', () => {
		const dangling = minimal({step: '```sh tion\nkubectl get pods \\\n```'});
		expect(lintTexts({'lessons/01-lesson.md': dangling})).toEqual([
			`lessons/01-lesson.md:${lineOf(dangling, 'kubectl get pods')}: the last command ends with "\\" but no line follows`,
		]);
		const empty = minimal({step: '```sh tion\n# nothing to run\n```'});
		expect(lintTexts({'lessons/01-lesson.md': empty})).toEqual([
			`lessons/01-lesson.md:${lineOf(empty, '```sh tion')}: the command block has no commands`,
		]);
	});

	it('rejects command blocks outside steps and nested in lists', () => {
		expectProblems('Intro on Cilium', '```sh lab\nkind get clusters\n```\n\nIntro on Cilium', (t) => [
			`${F}:${lineOf(t, '```sh lab')}: commands, checks and wrong answers belong in a step: add a "## " heading before this block`,
		]);
		expectProblems('Annotate it.\n', '1. Annotate it:\n   ```sh koornacht\n   kubectl get svc\n   ```\n', (t) => [
			`${F}:${lineOf(t, '1. Annotate it:')}: a command, check or wrong block inside a list or quote is ignored: move it to the top level, unindented`,
		]);
	});
});

describe('check problems', () => {
	it('reports a bad cluster name at the line of its YAML key', () => {
		expectProblems(PROBE, '- probe:\n    from: koornact\n  expect: {only: koornacht}', (t) => [
			`${F}:${lineOf(t, 'from: koornact')}: check: probe.from: expected koornacht or tion, got "koornact"`,
		]);
	});

	it('reports an unknown condition with a suggestion', () => {
		expectProblems(PROBE, '- prob: {from: koornacht}\n  expect: {only: koornacht}', (t) => [
			`${F}:${lineOf(t, '- prob:')}: check: unknown condition "prob" (did you mean probe?) — expected one of ${CONDITIONS}`,
		]);
	});

	it('reports unknown keys inside a condition', () => {
		expectProblems(PROBE, '- probe: {from: koornacht, cout: 3}\n  expect: {only: koornacht}', (t) => [
			`${F}:${lineOf(t, 'cout: 3')}: check: probe: unknown key "cout" (did you mean count?)`,
		]);
		expectProblems(PROBE, '- probe: {from: koornacht}\n  expect: {only: koornacht, extra: 1}', (t) => [
			`${F}:${lineOf(t, 'extra: 1')}: check: expect: unknown key "extra"`,
		]);
	});

	it('explains bad and missing expectations', () => {
		expectProblems(PROBE, '- probe: {from: koornacht}\n  expect: mixd', (t) => [
			`${F}:${lineOf(t, 'expect: mixd')}: check: expect: expected mixed, timeout, dns-failure, {only: <cluster>}, {partial: <cluster>} or {status: <code>}, got "mixd"`,
		]);
		expectProblems(PROBE, '- probe: {from: koornacht}\n  expect: {only: koornact}', (t) => [
			`${F}:${lineOf(t, 'only: koornact}')}: check: expect.only: expected koornacht or tion, got "koornact"`,
		]);
		expectProblems(PROBE, '- probe: {from: koornacht}', (t) => [`${F}:${lineOf(t, '- probe: {from: koornacht}')}: check: expect: required`]);
	});

	it('wants one observation per condition', () => {
		expectProblems(PROBE, '- probe: {from: koornacht}\n  nodes: tion\n  expect: mixed', (t) => [
			`${F}:${lineOf(t, 'nodes: tion')}: check: one condition per item, found probe and nodes: use a list for several`,
		]);
	});

	it('validates regular expressions and the live-only reason', () => {
		expectProblems(PROBE, '- pod-exec: {cluster: tion, pod: x, command: [ls]}\n  expect: {succeeds: true, output-matches: "("}', (t) => [
			`${F}:${lineOf(t, 'output-matches')}: check: expect.output-matches: not a valid regular expression: Invalid regular expression: /(/: Unterminated group`,
		]);
		expectProblems('{live-only: "needs real clusters"', '{live-only: ""', (t) => [`${F}:${lineOf(t, '{live-only: ""')}: check: live-only: must not be empty`]);
	});

	it('allows one check per step', () => {
		expectProblems('### Hints\n1. Same again', '```yaml check\nshared-ca: true\n```\n\n### Hints\n1. Same again', (t) => [
			`${F}:${lineOf(t, 'shared-ca: true') - 1}: a step has one yaml check block: put several conditions in one list`,
		]);
	});
});

describe('wrong answer problems', () => {
	it('needs a check in the same step', () => {
		const text = minimal({step: '```yaml wrong\n- label: oops\n  run: [{tion: kubectl get pods}]\n```'});
		expect(lintTexts({'lessons/01-lesson.md': text})).toEqual([
			`lessons/01-lesson.md:${lineOf(text, '```yaml wrong')}: a yaml wrong block needs a yaml check in the same step (the check must reject each wrong answer)`,
		]);
	});

	it('reports an unknown target in a run entry', () => {
		expectProblems('    - tion: kubectl annotate', '    - tio: kubectl annotate', (t) => [
			`${F}:${lineOf(t, '- tio: kubectl')}: wrong: run[0]: unknown target "tio" — expected koornacht, tion, both or lab (did you mean tion?)`,
		]);
	});

	it('must differ from the solution', () => {
		expectProblems('    - tion: kubectl annotate', '    - koornacht: kubectl annotate', (t) => [
			`${F}:${lineOf(t, '- label: annotate Tion instead')}: wrong answer "annotate Tion instead" is the same as the solution`,
		]);
	});
});

describe('step structure problems', () => {
	it('requires hints on a step with a check', () => {
		expectProblems('### Hints\n1. The annotation', '### Hintz\n1. The annotation', (t) => [
			`${F}:${lineOf(t, '## Make the service global')}: step "annotate-koornacht" has a check but no hints: add "### Hints" with a numbered list`,
		]);
	});

	it('requires hints on a question, so a wrong answer can lead somewhere', () => {
		expectProblems('### Hints\n1. Which of the two', '### Notes\n1. Which of the two', (t) => [
			`${F}:${lineOf(t, '## Why still local?')}: question "why-still-local" has no hints: add "### Hints" with a numbered list (a nudge, not the answer)`,
		]);
	});

	it('wants hints as one numbered list', () => {
		expectProblems('1. Same again, in Tion.', '- Same again, in Tion.', (t) => [
			`${F}:${lineOf(t, '## Make it global in Tion too')}: step "make-it-global-in-tion-too" has a check but no hints: add "### Hints" with a numbered list`,
			`${F}:${lineOf(t, '- Same again')}: "### Hints" holds one numbered list (1. nudge, 2. pointer, 3. nearly the answer) and nothing else`,
		]);
	});

	it('reports duplicate step ids with both lines', () => {
		expectProblems('## Make it global in Tion too', '## Again {#annotate-koornacht}', (t) => [
			`${F}:${lineOf(t, '## Again')}: duplicate step id "annotate-koornacht" (also on line ${lineOf(t, '## Make the service global')}): add a distinct {#id}`,
		]);
	});

	it('reports a # title that differs from the front matter', () => {
		expectProblems('# Global services\n', '# Global service\n', (t) => [
			`${F}:${lineOf(t, '# Global service\n')}: the "# " title "Global service" differs from the front-matter title "Global services"`,
		]);
	});

	it('needs commands under ### Solution and a quiz for ### Explanation', () => {
		expectProblems('### Solution\n```sh koornacht\nkubectl annotate service rebel-base service.cilium.io/global="true" --overwrite\n```', '### Solution\nJust do it.', (t) => [
			`${F}:${lineOf(t, '### Solution')}: "### Solution" has no command block (\`\`\`sh <target>)`,
		]);
		expectProblems('### Hints\n1. Same again', '### Explanation\nNo quiz here.\n\n### Hints\n1. Same again', (t) => [
			`${F}:${lineOf(t, '### Explanation\nNo quiz')}: "### Explanation" belongs to quiz steps (a list of - [ ] / - [x] choices)`,
		]);
	});

	it('needs at least one step', () => {
		const text = minimal().replace(/## A step[\s\S]*$/, '');
		expect(lintTexts({'lessons/01-lesson.md': text})).toEqual([
			`lessons/01-lesson.md:${lineOf(text, 'Intro.')}: a lesson needs at least one step: a "## " heading`,
		]);
	});
});

describe('quiz problems', () => {
	it('needs a correct answer', () => {
		expectProblems('- [x] Tion', '- [ ] Tion', (t) => [
			`${F}:${lineOf(t, '- [ ] The mesh is slow')}: a quiz needs at least one correct choice, marked - [x]`,
		]);
	});

	it('needs two choices, all marked, and no commands', () => {
		expectProblems('- [ ] The mesh is slow\n', '', (t) => [`${F}:${lineOf(t, '- [x] Tion')}: a quiz needs at least two choices`]);
		expectProblems('- [ ] The mesh is slow', '- The mesh is slow', (t) => [
			`${F}:${lineOf(t, '- The mesh is slow')}: a quiz list marks every choice with [ ] or [x]`,
		]);
		expectProblems('## Why still local?\n', '## Why still local?\n```sh tion\nkubectl get pods\n```\n', (t) => [
			`${F}:${lineOf(t, '## Why still local?')}: a quiz step has no commands and no check`,
		]);
	});
});

describe('placeholders', () => {
	it('reports an unknown placeholder with a suggestion', () => {
		expectProblems('{{cilium.version}}', '{{cilium.verison}}', (t) => [
			`${F}:${lineOf(t, '{{cilium.verison}}')}: unknown placeholder {{cilium.verison}} (did you mean cilium.version?) — known: cilium.version, cilium.previous, cilium-cli.version, kind.version, kind.nodeImage, images.rebelBase, images.xWing`,
		]);
	});

	it('leaves Go templates alone', () => {
		expectProblems('kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite\n```\n\n## Why', `kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end }}'\n\`\`\`\n\n## Why`, () => []);
	});
});

describe('code blocks that are not commands', () => {
	it('allows an example shell block inside a hint, but not a malformed one in the intro', () => {
		expectProblems('2. Use `kubectl annotate`.', '2. Like this:\n   ```sh\n   kubectl annotate ...\n   ```', () => []);
		expectProblems('Intro on Cilium', '```sh\nkubectl get pods\n```\n\nIntro on Cilium', (t) => [
			`${F}:${lineOf(t, '```sh\nkubectl get pods')}: a sh block needs a target after the language: koornacht, tion, both or lab (e.g. \`\`\`sh koornacht)`,
		]);
	});
});
