import {z} from 'zod';
import {didYouMean, orList} from './did-you-mean.js';

/** A validation problem at a path inside a YAML value. */
export interface PathProblem {
	/** Where the problem is (locates the line). */
	readonly path: readonly PropertyKey[];
	/** The path to name in the message, when it differs (an unknown key is named by its parent). */
	readonly shownPath?: readonly PropertyKey[];
	readonly message: string;
}

/** How a value reads in an error message: strings quoted, containers named. */
export function show(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'a mapping';
	return String(value);
}

/** "probe.from", "run[0].tion". */
export function showPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((out, segment) => {
		if (typeof segment === 'number') return `${out}[${segment}]`;
		return out === '' ? String(segment) : `${out}.${String(segment)}`;
	}, '');
}

/**
 * A mapping that rejects unknown keys (a typo must never pass silently) and suggests the key
 * that was probably meant.
 */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
	const known = Object.keys(shape);
	return z.strictObject(shape, {
		error: (issue) =>
			issue.code === 'unrecognized_keys'
				? issue.keys.map((k) => `unknown key "${k}"${didYouMean(k, known)}`).join('; ')
				: undefined,
	});
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
	string: 'a string',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	object: 'a mapping',
	record: 'a mapping',
	array: 'a list',
};

/** Zod's own messages start like this; anything else is a message a schema wrote for people. */
const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)/;

/** A union branch "matches" when its value has the right shape and only its details are wrong. */
function shapeMatches(issues: readonly z.core.$ZodIssue[]): boolean {
	return !issues.some(
		(i) => i.path.length === 0 && ['invalid_type', 'invalid_value', 'unrecognized_keys'].includes(i.code),
	);
}

function describe(issue: z.core.$ZodIssue): PathProblem[] {
	const at = (message: string, path: readonly PropertyKey[] = issue.path) => [{path, message}];
	const custom = !DEFAULT_MESSAGE.test(issue.message);
	switch (issue.code) {
		case 'invalid_type': {
			if (issue.input === undefined) return at('required');
			const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
			const quote =
				issue.expected === 'string' && (typeof issue.input === 'boolean' || typeof issue.input === 'number')
					? ` (quote it: "${String(issue.input)}")`
					: '';
			return at(`expected ${expected}, got ${show(issue.input)}${quote}`);
		}
		case 'invalid_value':
			if (custom) return at(issue.message);
			return at(`expected ${orList(issue.values.map(String))}, got ${show(issue.input)}`);
		case 'unrecognized_keys':
			return [{path: [...issue.path, issue.keys[0] ?? ''], shownPath: issue.path, message: issue.message}];
		case 'invalid_union': {
			if (issue.input === undefined) return at('required');
			// Report the one branch the value was clearly meant for, rather than every branch.
			const meant = issue.errors.filter(shapeMatches);
			if (meant.length === 1 && meant[0]) {
				return meant[0].flatMap((inner) =>
					describe(inner).map((p) => ({
						...p,
						path: [...issue.path, ...p.path],
						...(p.shownPath && {shownPath: [...issue.path, ...p.shownPath]}),
					})),
				);
			}
			return at(`${issue.message}, got ${show(issue.input)}`);
		}
		case 'too_small':
		case 'too_big': {
			if (custom) return at(issue.message);
			const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
			const word = issue.code === 'too_small' ? 'at least' : 'at most';
			if (issue.origin === 'array') return at(`expected ${word} ${bound} item(s)`);
			if (issue.origin === 'string') {
				return at(issue.code === 'too_small' && bound === 1 ? 'must not be empty' : `expected ${word} ${bound} characters`);
			}
			return at(`expected ${word} ${bound}, got ${show(issue.input)}`);
		}
		default:
			return at(issue.message);
	}
}

/** Turns zod issues into messages people can act on, each at the path it is about. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
	return issues.flatMap(describe);
}

/** Parses a value and returns either the typed result or located problems. */
export function validate<T>(
	schema: z.ZodType<T>,
	value: unknown,
): {readonly ok: true; readonly value: T} | {readonly ok: false; readonly problems: PathProblem[]} {
	const result = schema.safeParse(value, {reportInput: true});
	return result.success ? {ok: true, value: result.data} : {ok: false, problems: describeIssues(result.error.issues)};
}
