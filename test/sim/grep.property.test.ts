import {spawnSync} from 'node:child_process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseGrep, runGrep} from '../../src/backends/sim/grep.js';

/**
 * The simulator's grep against GNU grep itself, on random lines and option sets: the same output
 * and exit status for every combination of -i -v -c -w -F -m and the context options.
 */
const hasGrep = spawnSync('grep', ['--version'], {encoding: 'utf8'}).stdout?.includes('GNU grep') ?? false;

const line = fc.stringMatching(/^[abcAB -]{0,6}$/);
const options = fc.record({
	flags: fc.subarray(['-i', '-v', '-c', '-w', '-F']),
	context: fc.option(fc.tuple(fc.constantFrom('-A', '-B', '-C', '--after-context=', '--before-context=', '--context=', '-'), fc.integer({min: 0, max: 3}))),
	max: fc.option(fc.integer({min: 0, max: 3})),
});

describe.skipIf(!hasGrep)('grep: same as GNU grep', () => {
	it('prints the same lines and exits the same way', () => {
		fc.assert(
			fc.property(fc.array(line, {maxLength: 12}), fc.constantFrom('a', 'b', 'ab', 'a b', '-'), options, (lines, pattern, o) => {
				const args = [...o.flags];
				if (o.context) {
					const [flag, n] = o.context;
					args.push(...(flag.endsWith('=') || flag === '-' ? [`${flag}${n}`] : [flag, String(n)]));
				}
				if (o.max !== null) args.push('-m', String(o.max));
				args.push('-e', pattern);
				const input = lines.length > 0 ? `${lines.join('\n')}\n` : '';
				const real = spawnSync('grep', args, {input, encoding: 'utf8', env: {...process.env, LC_ALL: 'C'}});
				const command = parseGrep(args);
				if ('usage' in command) throw new Error(`usage error for ${args.join(' ')}`);
				expect(runGrep(command, input), `grep ${args.join(' ')}`).toEqual({out: real.stdout, status: real.status});
			}),
			{numRuns: 300},
		);
	});
});
