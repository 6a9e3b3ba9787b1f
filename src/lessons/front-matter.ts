import {z} from 'zod';
import type {LabStateSpec} from './model.js';
import {labStateSchema} from './state-schema.js';
import {parseYaml} from './yaml-source.js';
import {showPath, strict, validate, type PathProblem} from './zod-kit.js';

/** A problem located by line (1-based, in the whole file). */
export interface LineProblem {
	readonly line: number;
	readonly message: string;
}

export interface FrontMatter {
	readonly id: string;
	readonly title: string;
	readonly summary: string;
	readonly optional: boolean;
	/** Why the lesson needs the tutorial's own lab (attach mode skips it with this reason). */
	readonly ownLab?: string;
	readonly starts: LabStateSpec;
	readonly leaves: LabStateSpec;
}

/** Lines of the front-matter fields, for problems found later (e.g. by the linter). */
export type FieldLines = Readonly<Record<'id' | 'starts' | 'leaves', number>>;

export const KEBAB_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const text = z.string().trim().min(1);

const frontMatterSchema = strict({
	id: z.string().regex(KEBAB_ID, {error: 'expected a kebab-case id (lowercase letters, digits and dashes)'}),
	title: text,
	summary: text,
	optional: z.boolean().default(false),
	ownLab: text.optional(),
	starts: labStateSchema,
	leaves: labStateSchema,
});

export interface SplitSource {
	/** The YAML between the `---` fences; its first line is line 2 of the file. */
	readonly yaml: string;
	/** Everything after the closing fence. */
	readonly body: string;
	/** File line of the body's first line. */
	readonly bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

/** Splits the leading `---` block off a (LF-normalised) lesson file. */
export function splitFrontMatter(source: string): SplitSource | LineProblem {
	const lines = source.split('\n');
	if (!FENCE.test(lines[0] ?? '')) {
		return {line: 1, message: 'a lesson starts with front matter: a "---" line, YAML fields, and a closing "---"'};
	}
	const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
	if (close < 0) return {line: 1, message: 'front matter is not closed: add a "---" line after its fields'};
	return {yaml: lines.slice(1, close).join('\n'), body: lines.slice(close + 1).join('\n'), bodyLine: close + 2};
}

/** Parses and validates front matter; every problem names `<field>: <message>` and its line. */
export function parseFrontMatter(yaml: string): {
	readonly frontMatter?: FrontMatter;
	readonly problems: readonly LineProblem[];
	readonly lines: FieldLines;
} {
	const source = parseYaml(yaml);
	const fileLine = (path: readonly PropertyKey[]) => source.lineOf(path) + 1;
	const lines = {id: fileLine(['id']), starts: fileLine(['starts']), leaves: fileLine(['leaves'])};
	if (source.errors.length > 0) {
		return {problems: source.errors.map((e) => ({line: e.line + 1, message: `front matter: ${e.message}`})), lines};
	}
	const result = validate(frontMatterSchema, source.value ?? {});
	const shown = (p: PathProblem) => showPath(p.shownPath ?? p.path);
	if (!result.ok) {
		const problems = result.problems.map((p) => ({
			line: fileLine(p.path),
			message: shown(p) ? `${shown(p)}: ${p.message}` : `front matter: ${p.message}`,
		}));
		return {problems, lines};
	}
	return {frontMatter: result.value, problems: [], lines};
}
