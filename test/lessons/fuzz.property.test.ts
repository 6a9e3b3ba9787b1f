import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {lintLessons} from '../../src/lessons/lint.js';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {cpuMs} from '../helpers/wait.js';

/**
 * Mutated real lessons through the parser and the linter, as `lessons lint FILE` runs them: no
 * input may throw, none may take more than about a second, and every problem names its file and
 * a line of it. About 2,000 inputs in `npm test`; CMT_FUZZ_RUNS=10000 for a longer hunt.
 */
const RUNS = Number(process.env.CMT_FUZZ_RUNS ?? 2000);
const LESSONS = path.resolve(import.meta.dirname, '../../lessons');
const sources = readdirSync(LESSONS)
	.filter((n) => /^\d\d-.*\.md$/.test(n))
	.map((name) => ({name, text: readFileSync(path.join(LESSONS, name), 'utf8')}));

/** Pieces that broke parsers before, or that stress markdown and YAML nesting. */
const hostile = fc.constantFrom(
	'- *nope\n',
	'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
	`${'>'.repeat(2000)} deep\n`,
	`${Array.from({length: 300}, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n')}\n`,
	`${'- '.repeat(2000)}x\n`,
	`${'['.repeat(4000)}\n`,
	`starts: ${'['.repeat(3000)}\n`,
	`${'{'.repeat(500)}\n`,
	`${'? '.repeat(1000)}x\n`,
	'\uFEFF',
	'\r\n',
	'```\n',
	'```yaml check\n',
	'```sh koornacht\n',
	'```yaml wrong\n',
	'---\n',
	'## Step {#Bad_Id}\n',
	'### Hints\n',
	`${'[a]('.repeat(1000)}\n`,
	`${'*_'.repeat(1500)}\n`,
	`${'`'.repeat(3000)}\n`,
	'{{unknown}}',
	'\u0000\u0001\u00ff\ud800',
	`${'x'.repeat(6000)}\n`,
);

type Mutation = (text: string) => string;
const at = (text: string, fraction: number) => Math.floor(fraction * (text.length + 1));
const fraction = fc.double({min: 0, max: 1, noNaN: true, maxExcluded: true});

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.tuple(fraction, hostile).map(([f, piece]) => (t: string) => t.slice(0, at(t, f)) + piece + t.slice(at(t, f))),
	fc.tuple(fraction, fc.string({maxLength: 40})).map(([f, s]) => (t: string) => t.slice(0, at(t, f)) + s + t.slice(at(t, f))),
	fc.tuple(fraction, fraction).map(([a, b]) => (t: string) => t.slice(0, at(t, Math.min(a, b))) + t.slice(at(t, Math.max(a, b)))),
	fc.tuple(fraction, fc.integer({min: 1, max: 200}), fc.integer({min: 2, max: 50})).map(([f, length, times]) => (t: string) => {
		const start = at(t, f);
		return t.slice(0, start) + t.slice(start, start + length).repeat(times) + t.slice(start);
	}),
	fc.tuple(fraction, fc.constantFrom('\n', ' ', '`', '-', ':', '>', '#', '*', '&', '|')).map(([f, c]) => (t: string) => {
		const i = Math.min(at(t, f), t.length - 1);
		return t.slice(0, i) + c + t.slice(i + 1);
	}),
);

const input = fc.record({
	source: fc.constantFrom(...sources),
	mutations: fc.array(mutation, {minLength: 1, maxLength: 4}),
});

describe('lesson parser under fuzzing', () => {
	it(`survives ${RUNS} mutated lessons: no crash, no hang, every problem at file:line`, () => {
		let slowest = 0;
		fc.assert(
			fc.property(input, ({source, mutations}) => {
				const text = mutations.reduce((t, m) => m(t), source.text);
				const file = `lessons/${source.name}`;
				let parsed = parseLesson('', file);
				let problems: ReturnType<typeof lintLessons> = [];
				// CPU time, not wall time: a hang shows however loaded the machine is.
				const took = cpuMs(() => {
					parsed = parseLesson(text, file);
					problems = lintLessons([parsed], () => true);
				});
				slowest = Math.max(slowest, took);
				expect(took).toBeLessThan(1_500);
				const lines = text.split(/\r\n?|\n/).length + 1;
				for (const problem of problems) {
					expect(problem.file).toBe(file);
					expect(Number.isInteger(problem.line) && problem.line >= 1 && problem.line <= lines, `${problem.line}: ${problem.message}`).toBe(true);
					expect(problem.message.length).toBeGreaterThan(0);
				}
				expect(parsed.problems.length).toBeLessThanOrEqual(51);
			}),
			{numRuns: RUNS},
		);
		console.log(`lesson fuzz: ${RUNS} inputs, slowest ${slowest.toFixed(0)} ms`);
	}, Math.max(120_000, RUNS * 40));
});
