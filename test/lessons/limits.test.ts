import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {LESSON_LIMITS} from '../../src/lessons/limits.js';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {cpuMs} from '../helpers/wait.js';

const NAME = '03-deploy-the-app.md';
const BASE = readFileSync(path.resolve(import.meta.dirname, '../../lessons', NAME), 'utf8');
const FILE = `lessons/${NAME}`;
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const inCheck = (yaml: string) => BASE.replace('```yaml check\n', `\`\`\`yaml check\n${yaml}`);

/** Inputs that once crashed or hung `lessons lint`: each is now one located problem, fast. */
const CASES: readonly (readonly [name: string, text: string, message: RegExp, line?: (text: string) => number])[] = [
	['an unresolved YAML alias', inCheck('- *nope\n'), /check: Unresolved alias.*nope: define the anchor/, (t) => lineOf(t, '- *nope')],
	[
		'a YAML alias bomb',
		BASE.replace('---\n', `---\nx: &a [1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`),
		new RegExp(`aliases expand more than ${LESSON_LIMITS.yamlAliases} times`),
	],
	['2,000 nested quotes', `${BASE}\n${'>'.repeat(2000)} deep\n`, /nested more than 24 levels deep/, (t) => lineOf(t, '>>>>')],
	['a list nested 1,000 deep', `${BASE}\n${Array.from({length: 1000}, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n')}\n`, /larger than 262144 bytes|nested more than/],
	['a list nested 100 deep', `${BASE}\n${Array.from({length: 100}, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n')}\n`, /nested more than 24 levels deep/],
	['a 1 MB line of [ in a check block', inCheck(`${'['.repeat(1_000_000)}\n`), /larger than 262144 bytes/, () => 1],
	['a 4,000-character line of [ in a check block', inCheck(`${'['.repeat(4_000)}\n`), /check: YAML nested more than 32 levels deep/],
	['deep starts: [[[…]]]', BASE.replace(/^starts:.*$/m, `starts: ${'['.repeat(3000)}${']'.repeat(1000)}`), /front matter: YAML nested more than 32 levels/, (t) => lineOf(t, 'starts:')],
	['a very long line', `${BASE}\n${'word '.repeat(2000)}\n`, /line is 10000 characters long/],
];

describe('lesson parsing limits', () => {
	for (const [name, text, message, line] of CASES) {
		it(`${name}: one located problem, no crash, fast`, () => {
			let problems: ReturnType<typeof parseLesson>['problems'] = [];
			// CPU time, not wall time: the bound catches runaway parsing however loaded the machine is.
			expect(cpuMs(() => ({problems} = parseLesson(text, FILE)))).toBeLessThan(1_000);
			expect(problems.some((p) => message.test(p.message)), problems.map((p) => p.message).join('\n')).toBe(true);
			for (const p of problems) expect(p.file).toBe(FILE);
			if (line) expect(problems.find((p) => message.test(p.message))?.line).toBe(line(text));
		});
	}

	it('accepts a UTF-8 byte order mark', () => {
		expect(parseLesson(`\uFEFF${BASE}`, FILE).problems).toEqual([]);
	});

	it('reports at most 50 problems per file, then how many more', () => {
		const steps = Array.from({length: 55}, (_, i) => `## Step ${i} {#Bad_${i}}\n\ntext\n`).join('\n');
		const {problems} = parseLesson(`${BASE}\n${steps}`, FILE);
		expect(problems).toHaveLength(LESSON_LIMITS.problemsPerFile + 1);
		expect(problems.at(-1)?.message).toMatch(/^…and \d+ more problems in this file/);
		expect(problems.at(-1)?.line).toBeGreaterThan(1);
	});
});
