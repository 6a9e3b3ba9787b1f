import {describe, expect, it} from 'vitest';
import {parseFlags} from '../../src/backends/sim/flags.js';
import {parseHostLine, UnsupportedFeature} from '../../src/backends/sim/shell/host.js';
import {staticText, tokenize} from '../../src/backends/sim/shell/lexer.js';
import {parseSelector, matchesSelector} from '../../src/backends/sim/kube/selectors.js';
import {renderJsonPath} from '../../src/backends/sim/kubectl/format.js';

const words = (text: string) => tokenize(text).flatMap((t) => (t.type === 'word' ? [staticText(t.word)] : []));

describe('the host command line', () => {
	it.each([
		[`kubectl annotate svc a 'k=v w' "x=\\"y\\""`, [['kubectl', 'annotate', 'svc', 'a', 'k=v w', 'x="y"']]],
		['kubectl get pods \\\n  -A', [['kubectl', 'get', 'pods', '-A']]],
		['FOO=bar BAZ="a b" kubectl get pods # list them', [['kubectl', 'get', 'pods']]],
		["kubectl exec x -- sh -c 'for i in $(seq 1 3); do echo $i; done'", [['kubectl', 'exec', 'x', '--', 'sh', '-c', 'for i in $(seq 1 3); do echo $i; done']]],
		['a | b', [['a'], ['b']]],
		["echo ''", [['echo', '']]],
	])('%s', (line, expected) => {
		const parsed = parseHostLine(line);
		expect(parsed.lists).toHaveLength(1);
		expect(parsed.lists[0]?.first.commands).toEqual(expected);
	});

	it('splits lists on ; and newlines and keeps && / || operators', () => {
		const parsed = parseHostLine('a && b || c; d\ne &&\n f');
		expect(parsed.lists.map((l) => [l.first.commands, ...l.rest.map((r) => [r.op, r.pipeline.commands])])).toEqual([
			[[['a']], ['&&', [['b']]], ['||', [['c']]]],
			[[['d']]],
			[[['e']], ['&&', [['f']]]],
		]);
	});

	it.each([
		['kubectl get pods > out.txt', 'redirection (>)'],
		['kubectl get pods &', 'background jobs (&)'],
		['(kubectl get pods)', 'subshells and "("'],
		['kubectl get $KIND', '$KIND'],
		['kubectl get $(echo pods)', '$(...)'],
		['for i in 1 2; do kubectl get pods; done', 'shell keyword "for"'],
		["kubectl get 'pods", 'shell syntax (Unterminated quoted string)'],
	])('refuses %s', (line, feature) => {
		expect(() => parseHostLine(line)).toThrow(new UnsupportedFeature(feature));
	});
});

describe('the lexer', () => {
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
