import {describe, expect, it} from 'vitest';
import {parseFlags} from '../../src/backends/sim/flags.js';
import {parseHostLine, UnsupportedFeature} from '../../src/backends/sim/shell/host.js';
import {staticText, tokenize} from '../../src/shell/lexer.js';
import {parseSelector, matchesSelector} from '../../src/backends/sim/kube/selectors.js';
import {renderJsonPath} from '../../src/backends/sim/kubectl/format.js';

const words = (text: string) => tokenize(text).flatMap((t) => (t.type === 'word' ? [staticText(t.word)] : []));

const PROGRAMS = new Set(['kubectl', 'cilium', 'kind', 'echo', 'grep', 'true', 'a', 'b', 'c', 'd', 'e', 'f']);
const isProgram = (name: string) => PROGRAMS.has(name);

/** The argv of each simple command of a checked line's first list, as written. */
function commandsOf(line: string): string[][] {
	const [first] = parseHostLine(line, isProgram);
	return (first?.andOr.first.commands ?? []).map((c) => (c.type === 'simple' ? c.words.map((w) => staticText(w) ?? '<expansion>') : [c.type]));
}

describe('the host command line', () => {
	it.each([
		[`kubectl annotate svc a 'k=v w' "x=\\"y\\""`, [['kubectl', 'annotate', 'svc', 'a', 'k=v w', 'x="y"']]],
		['kubectl get pods \\\n  -A', [['kubectl', 'get', 'pods', '-A']]],
		['FOO=bar BAZ="a b" kubectl get pods # list them', [['kubectl', 'get', 'pods']]],
		["kubectl exec x -- sh -c 'for i in $(seq 1 3); do echo $i; done'", [['kubectl', 'exec', 'x', '--', 'sh', '-c', 'for i in $(seq 1 3); do echo $i; done']]],
		['a | b', [['a'], ['b']]],
		["echo ''", [['echo', '']]],
		['for p in $(kubectl get pods -o name); do kubectl exec $p -- true; done', [['for']]],
		['cilium config view | grep cluster-', [['cilium', 'config', 'view'], ['grep', 'cluster-']]],
	])('%s', (line, expected) => {
		expect(commandsOf(line)).toEqual(expected);
	});

	it('splits lists on ; and newlines and keeps && / || operators', () => {
		const parsed = parseHostLine('a && b || c; d\ne &&\n f', isProgram);
		const name = (p: (typeof parsed)[number]['andOr']['first']) => p.commands.map((c) => (c.type === 'simple' ? staticText(c.words[0] ?? {parts: []}) : c.type));
		expect(parsed.map((l) => [name(l.andOr.first), ...l.andOr.rest.map((r) => [r.op, name(r.pipeline)])])).toEqual([
			[['a'], ['&&', ['b']], ['||', ['c']]],
			[['d']],
			[['e'], ['&&', ['f']]],
		]);
	});

	it.each([
		['kubectl get pods > out.txt', 'redirection (>)'],
		['kubectl get pods 2>&1', 'redirection (>&)'],
		['kubectl get pods &', 'background jobs (&)'],
		['(kubectl get pods)', 'subshells and "("'],
		['{ kubectl get pods; }', 'shell keyword "{"'],
		['kubectl get $KIND', '$KIND'],
		['for k in pods; do kubectl get $kind; done', '$kind'],
		['for k in pods; do true; done; kubectl get $k', '$k'],
		['kubectl get $(date)', 'date'],
		['kubectl get "$(echo pods | jq .)"', 'jq'],
		['kubectl get $((1 + 1))', '$((...))'],
		['for i; do kubectl get pods; done', 'for without "in"'],
		['if true; then kubectl get pods; fi', 'shell keyword "if"'],
		['while true; do kubectl get pods; done', 'shell keyword "while"'],
		['! kubectl get pods', 'shell keyword "!"'],
		['KIND=pods', 'shell variables'],
		['$(echo kubectl) get pods', 'a command name that comes from an expansion'],
		['f() { kubectl get pods; }', 'shell functions'],
		["kubectl get 'pods", 'shell syntax (Unterminated quoted string)'],
		['helm list', 'helm'],
	])('refuses %s', (line, feature) => {
		expect(() => parseHostLine(line, isProgram)).toThrow(new UnsupportedFeature(feature));
	});
});

describe('the lexer', () => {
	it('reads $((...)) as one arithmetic expansion', () => {
		const [token] = tokenize('$((1 + (2 * 3)))');
		expect(token).toEqual({type: 'word', word: {parts: [{kind: 'arith', source: '1 + (2 * 3)', quoted: false}]}});
	});
	it('keeps a digit before > as a file descriptor', () => {
		expect(tokenize('cmd 2>/dev/null 2>&1').filter((t) => t.type === 'redirect')).toEqual([
			{type: 'redirect', op: '>', fd: 2},
			{type: 'redirect', op: '>&', fd: 2},
		]);
	});
	it('treats # inside a word as text', () => {
		expect(words('echo a#b #c')).toEqual(['echo', 'a#b']);
	});
});

describe('pflag-style flags', () => {
	const specs = {namespace: {type: 'string', short: 'n'}, stdin: {type: 'bool', short: 'i'}, tty: {type: 'bool', short: 't'}, replicas: {type: 'int'}} as const;
	it.each([
		[['-it', 'x', '--', 'sh'], {stdin: ['true'], tty: ['true']}, ['x'], ['sh']],
		[['-ndefault', 'x'], {namespace: ['default']}, ['x'], null],
		[['-n=default', '--replicas', '3'], {namespace: ['default'], replicas: ['3']}, [], null],
		[['x', '--namespace=a', '--stdin=false'], {namespace: ['a'], stdin: ['false']}, ['x'], null],
	])('%j', (argv, values, args, afterDash) => {
		const parsed = parseFlags(argv, specs);
		expect(Object.fromEntries(parsed.values)).toEqual(values);
		expect(parsed.args).toEqual(args);
		expect(parsed.afterDash).toEqual(afterDash);
	});
	it('rejects unknown flags and bad ints like pflag', () => {
		expect(() => parseFlags(['--foo'], specs)).toThrow('unknown flag: --foo');
		expect(() => parseFlags(['--replicas=x'], specs)).toThrow('invalid argument "x" for "--replicas" flag');
	});
});

describe('label selectors and jsonpath', () => {
	it.each([
		['name=x-wing', {name: 'x-wing'}, true],
		['name!=x-wing', {name: 'x-wing'}, false],
		['env in (a, b),!gone', {env: 'b'}, true],
		['env notin (a),tier', {env: 'b'}, false],
	])('%s', (text, labels, expected) => {
		expect(matchesSelector(labels, parseSelector(text))).toBe(expected);
	});
	it('renders paths, wildcards, filters and ranges', () => {
		const data = {items: [{metadata: {name: 'a', labels: {'app.kubernetes.io/name': 'x'}}, status: {conditions: [{type: 'Ready', status: 'True'}]}}, {metadata: {name: 'b'}}]};
		expect(renderJsonPath('{.items[*].metadata.name}', data)).toBe('a b');
		expect(renderJsonPath('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', data)).toBe('x');
		expect(renderJsonPath('{.items[0].status.conditions[?(@.type=="Ready")].status}', data)).toBe('True');
		expect(renderJsonPath('{range .items[*]}{.metadata.name}{"\\n"}{end}', data)).toBe('a\nb\n');
		expect(renderJsonPath('{.items[0].metadata.labels}', data)).toBe('{"app.kubernetes.io/name":"x"}');
	});
});
