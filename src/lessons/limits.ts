/**
 * Bounds on lesson input. marked and yaml parse nesting recursively and some of their paths are
 * super-linear, so hostile or broken input (2,000 nested quotes, a list 1,000 levels deep, a line
 * of a million `[`) would overflow the stack or run for minutes. These checks run first, in
 * linear time, and turn such input into one located problem instead. The limits sit far above
 * anything a lesson needs (the largest lesson is about 14 KB, its longest line 260 characters).
 */
export const LESSON_LIMITS = {
	/** Bytes in one lesson file. */
	fileBytes: 256 * 1024,
	/** Characters on one line. */
	lineChars: 5_000,
	/** Nested quotes and lists at one point of the markdown. */
	markdownDepth: 24,
	/** Characters in one YAML snippet (front matter or a block). */
	yamlChars: 64 * 1024,
	/** Nesting in a YAML snippet: flow brackets, indentation columns / 2, or `- ` / `? ` indicators on one line. */
	yamlDepth: 32,
	/** Alias expansions in one YAML snippet (yaml's own default, stated here). */
	yamlAliases: 100,
	/** Steps in one lesson (the longest has 10); each is checked on its own, so they bound the work. */
	steps: 60,
	/** Problems reported per file; the rest are counted. */
	problemsPerFile: 50,
} as const;

export interface LimitProblem {
	/** 1-based line in the text checked. */
	readonly line: number;
	readonly message: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The first line too long to read, if any. */
export function longLine(text: string): LimitProblem | undefined {
	let line = 1;
	let start = 0;
	for (;;) {
		const end = text.indexOf('\n', start);
		const length = (end < 0 ? text.length : end) - start;
		if (length > LESSON_LIMITS.lineChars) {
			return {line, message: `line is ${length} characters long, more than the ${LESSON_LIMITS.lineChars} a lesson line may have: break it up`};
		}
		if (end < 0) return undefined;
		start = end + 1;
		line++;
	}
}

/** Columns of leading whitespace (a tab counts as 4) and where the content starts. */
function indentOf(line: string): {columns: number; at: number} {
	let columns = 0;
	let at = 0;
	for (; at < line.length; at++) {
		if (line[at] === ' ') columns++;
		else if (line[at] === '\t') columns += 4;
		else break;
	}
	return {columns, at};
}

const CONTAINER_MARK = /^(>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*/;

/**
 * The first markdown line (outside fenced code) nested deeper than marked can safely recurse:
 * quote and list markers on the line plus indentation (a nested list indents by at least two).
 */
export function deepMarkdown(text: string, firstLine = 1): LimitProblem | undefined {
	const lines = text.split('\n');
	let fence: string | undefined;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] as string;
		const {columns, at} = indentOf(line);
		const opening = FENCE.exec(line.slice(at));
		if (fence !== undefined) {
			if (opening?.[1]?.startsWith(fence)) fence = undefined;
			continue;
		}
		let rest = line.slice(at);
		let markers = 0;
		for (let m = CONTAINER_MARK.exec(rest); m && markers <= LESSON_LIMITS.markdownDepth; m = CONTAINER_MARK.exec(rest)) {
			markers++;
			rest = rest.slice(m[0].length);
		}
		if (markers + Math.floor(columns / 2) > LESSON_LIMITS.markdownDepth) {
			return {
				line: firstLine + i,
				message: `quotes and lists are nested more than ${LESSON_LIMITS.markdownDepth} levels deep here: flatten them`,
			};
		}
		const inner = FENCE.exec(rest);
		if (inner) fence = inner[1]?.slice(0, 3);
	}
	return undefined;
}

/** More `- ` or `? ` block indicators in a row than the depth limit: each one opens a nested collection. */
const INDICATOR_RUN = new RegExp(`(?:[-?][ \\t]+){${LESSON_LIMITS.yamlDepth + 1}}`);

/** Checks a YAML snippet's size and nesting before it is parsed; lines are 1-based inside the snippet. */
export function yamlTooComplex(text: string): LimitProblem | undefined {
	if (text.length > LESSON_LIMITS.yamlChars) {
		return {line: 1, message: `YAML of ${text.length} characters is more than the ${LESSON_LIMITS.yamlChars} allowed`};
	}
	const tooDeep = (line: number): LimitProblem => ({line, message: `YAML nested more than ${LESSON_LIMITS.yamlDepth} levels deep: flatten it`});
	let flow = 0;
	let quote: string | undefined;
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] as string;
		const {columns, at} = indentOf(line);
		if (Math.floor(columns / 2) > LESSON_LIMITS.yamlDepth || INDICATOR_RUN.test(line)) return tooDeep(i + 1);
		for (let j = at; j < line.length; j++) {
			const c = line[j];
			if (quote) {
				if (c === quote) quote = undefined;
			} else if (c === '"' || c === "'") quote = c;
			else if (c === '#' && (j === 0 || line[j - 1] === ' ')) break;
			else if (c === '[' || c === '{') {
				if (++flow > LESSON_LIMITS.yamlDepth) return tooDeep(i + 1);
			} else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
		}
		// Quotes do not span lines in the snippets we check well enough to track; reset per line.
		quote = undefined;
	}
	return undefined;
}
