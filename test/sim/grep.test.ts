import {describe, expect, it} from 'vitest';
import {parseGrep, runGrep} from '../../src/backends/sim/grep.js';
import {labState, simLab} from './helpers.js';

const TEXT = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', ''].join('\n');

function grep(...args: string[]): {out: string; status: number} | string {
	const command = parseGrep(args);
	return 'usage' in command ? command.usage : runGrep(command, TEXT);
}

describe('grep: context, counting and inverting, as GNU grep prints them', () => {
	it.each([
		[['-A', '1', 'gamma'], 'gamma\ndelta\n'],
		[['-A1', 'gamma'], 'gamma\ndelta\n'],
		[['-B', '2', 'gamma'], 'alpha\nbeta\ngamma\n'],
		[['-C', '1', 'delta'], 'gamma\ndelta\nepsilon\n'],
		[['-1', 'delta'], 'gamma\ndelta\nepsilon\n'],
		[['--context=1', 'delta'], 'gamma\ndelta\nepsilon\n'],
		[['--after-context', '1', '--before-context=0', 'delta'], 'delta\nepsilon\n'],
		// Groups that do not touch are separated by `--`; touching ones merge.
		[['-A', '1', '-E', 'alpha|epsilon'], 'alpha\nbeta\n--\nepsilon\nzeta\n'],
		[['-A', '1', '-E', 'alpha|beta'], 'alpha\nbeta\ngamma\n'],
		[['-C', '1', '-E', '^(beta|delta)$'], 'alpha\nbeta\ngamma\ndelta\nepsilon\n'],
		[['-c', 'eta'], '4\n'],
		[['--count', 'eta'], '4\n'],
		[['-c', '-A', '3', 'eta'], '4\n'],
		[['-v', 'eta'], 'alpha\ngamma\ndelta\nepsilon\n'],
		[['--invert-match', '-c', 'a$'], '1\n'],
		[['--invert-match', '-c', 'e\\|a'], '0\n'],
		[['-iv', 'ETA'], 'alpha\ngamma\ndelta\nepsilon\n'],
		[['--ignore-case', 'THETA'], 'theta\n'],
		[['-ic', 'A'], '7\n'],
		[['-m', '1', '-A', '1', 'eta'], 'beta\ngamma\n'],
		[['-e', 'zeta', '-e', 'alpha'], 'alpha\nzeta\n'],
		[['-vA1', 'a'], 'epsilon\nzeta\n'],
		[['-w', 'eta'], 'eta\n'],
		[['-E', 'z|^t'], 'zeta\ntheta\n'],
	])('grep %j', (args, out) => {
		expect(grep(...args)).toEqual({out, status: out === '' || out === '0\n' ? 1 : 0});
	});

	it.each([
		[['-A'], "grep: option requires an argument -- 'A'\nUsage: grep"],
		[['-A', 'x', 'a'], 'grep: x: invalid context length argument\n'],
		[['--context=-1', 'a'], 'grep: -1: invalid context length argument\n'],
		[['-m', 'many', 'a'], 'grep: invalid max count\n'],
		[['--after-context'], "grep: option '--after-context' requires an argument\n"],
		[[], 'Usage: grep [OPTION]... PATTERNS [FILE]...\n'],
	])('grep %j is a usage error (exit 2)', (args, message) => {
		expect(grep(...args)).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
	});

	it.each([['-r'], ['--recursive'], ['-P'], ['--line-number'], ['--color=always']])('refuses grep %s as not modelled', (flag) => {
		expect(() => parseGrep([flag, 'x'])).toThrow(/is not supported by the simulator/);
	});
});

describe('grep on piped lab output, on the host and in containers', () => {
	it.each([
		['cilium config view | grep -A1 cluster-id', 'cluster-id                   1\ncluster-name                 koornacht\n'],
		['cilium config view | grep -B 1 cluster-name', 'cluster-id                   1\ncluster-name                 koornacht\n'],
		['cilium config view | grep --count --ignore-case CLUSTER-', '2\n'],
		['kubectl get ns -o name | grep -iv KUBE-', 'namespace/default\nnamespace/local-path-storage\n'],
		["kubectl exec deploy/x-wing -- sh -c 'seq 1 6 | grep -A1 -E \"^(2|5)$\"'", '2\n3\n--\n5\n6\n'],
		["kubectl exec deploy/x-wing -- sh -c 'seq 1 9 | grep -c -v 5'", '8\n'],
	])('%s', async (command, stdout) => {
		const lab = simLab(await labState());
		expect(await lab.run(command)).toMatchObject({exitCode: 0, stdout});
	});

	it('answers a bad context length like grep, exit 2, on both sides', async () => {
		const lab = simLab(await labState());
		expect(await lab.run('kubectl get ns -o name | grep -A x default')).toMatchObject({exitCode: 2, stderr: 'grep: x: invalid context length argument\n'});
		const inside = await lab.run("kubectl exec deploy/x-wing -- sh -c 'seq 1 3 | grep -C x 2'");
		expect(inside.exitCode).not.toBe(0);
		expect(inside.stderr).toMatch(/grep: x: invalid context length argument/);
	});
});
