import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {lineOf} from './fixtures.js';

const FRONT = '---\nid: lesson\ntitle: T\nsummary: S\nstarts: app\nleaves: app\n---\n';

/** Markdown blocks that may appear in a step around its commands. */
const filler = fc.constantFrom(
	'Some prose\nover two lines.',
	'> a quote',
	'- a list\n- of items',
	'1. numbered\n2. list',
	'```yaml\nkind: Thing\n```',
	'| a | b |\n|---|---|\n| 1 | 2 |',
	'<!-- a comment -->',
	'### A sub-heading',
	'    indented code',
	'***',
);

const step = fc.record({
	prose: fc.array(filler, {maxLength: 3}),
	blankLines: fc.integer({min: 1, max: 3}),
	continued: fc.array(fc.boolean(), {maxLength: 3}),
});

describe('line numbers', () => {
	it('point at every step heading and command, whatever the blocks around them', () => {
		fc.assert(
			fc.property(fc.array(step, {minLength: 1, maxLength: 5}), fc.boolean(), (steps, crlf) => {
				const expected: {selector: string; continued: boolean}[] = [];
				const parts = steps.map((s, i) => {
					const commands = s.continued.map((continued) => {
						const selector = `--selector=n${expected.length}`;
						expected.push({selector, continued});
						return continued ? `kubectl get pods \\\n  ${selector}` : `kubectl get pods ${selector}`;
					});
					const block = commands.length > 0 ? `\`\`\`sh tion\n${commands.join('\n')}\n\`\`\`` : '';
					return [`## Step ${i}`, ...s.prose, block].filter(Boolean).join('\n'.repeat(s.blankLines + 1));
				});
				const text = `${FRONT}Intro.\n\n${parts.join('\n\n')}\n`;
				const result = parseLesson(crlf ? text.replace(/\n/g, '\r\n') : text, 'lessons/01-lesson.md');

				expect(result.problems).toEqual([]);
				const lesson = result.lesson;
				expect(lesson?.steps.map((s) => s.line)).toEqual(steps.map((_, i) => lineOf(text, `## Step ${i}\n`)));
				const commands = lesson?.steps.flatMap((s) => s.commands) ?? [];
				expect(commands.map((c) => c.line)).toEqual(
					expected.map((e) => lineOf(text, `${e.selector}\n`) - (e.continued ? 1 : 0)),
				);
				expect(commands.map((c) => c.command)).toEqual(expected.map((e) => `kubectl get pods ${e.selector}`));
			}),
			{numRuns: 200},
		);
	});
});
