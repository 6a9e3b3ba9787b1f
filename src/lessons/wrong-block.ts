import {z} from 'zod';
import {isTarget, TARGETS, type Target} from '../core/lab.js';
import {didYouMean} from './did-you-mean.js';
import {TARGET_LIST} from './code-blocks.js';
import {parseYaml} from './yaml-source.js';
import {showPath, strict, validate} from './zod-kit.js';

const runItem = z.record(z.string(), z.string().trim().min(1)).superRefine((item, ctx) => {
	const keys = Object.keys(item);
	if (keys.length !== 1) {
		ctx.addIssue({code: 'custom', message: `expected one "<target>: <command>" entry, got ${keys.length}`});
	}
	for (const key of keys) {
		if (!isTarget(key)) {
			ctx.addIssue({code: 'custom', message: `unknown target "${key}" — expected ${TARGET_LIST}${didYouMean(key, TARGETS)}`});
		} else if ((item[key] ?? '').includes('\n')) {
			ctx.addIssue({code: 'custom', message: 'one command per entry (no line breaks)'});
		}
	}
});

const wrongSchema = z
	.array(strict({label: z.string().trim().min(1), run: z.array(runItem).min(1)}))
	.min(1);

export interface ParsedWrongAnswer {
	readonly label: string;
	/** Line inside the block. */
	readonly line: number;
	readonly commands: readonly {readonly target: Target; readonly command: string; readonly line: number}[];
}

/**
 * Parses a `yaml wrong` block: a list of `{label, run: [{<target>: <command>}, ...]}`.
 * Lines are inside the block (1-based).
 */
export function parseWrongBlock(text: string): {
	readonly answers: readonly ParsedWrongAnswer[];
	readonly problems: readonly {readonly line: number; readonly message: string}[];
} {
	const source = parseYaml(text);
	if (source.errors.length > 0) {
		return {answers: [], problems: source.errors.map((e) => ({line: e.line, message: `wrong: ${e.message}`}))};
	}
	const result = validate(wrongSchema, source.value ?? []);
	if (!result.ok) {
		const problems = result.problems.map((p) => {
			// The leading list index is implied by the line.
			const path = p.shownPath ?? p.path;
			const shown = showPath(typeof path[0] === 'number' ? path.slice(1) : path);
			return {line: source.lineOf(p.path), message: `wrong: ${shown ? `${shown}: ` : ''}${p.message}`};
		});
		return {answers: [], problems};
	}
	const answers = result.value.map((answer, i) => ({
		label: answer.label,
		line: source.lineOf([i]),
		commands: answer.run.flatMap((item, j) =>
			Object.entries(item).flatMap(([target, command]) =>
				isTarget(target) ? [{target, command, line: source.lineOf([i, 'run', j])}] : [],
			),
		),
	}));
	return {answers, problems: []};
}
