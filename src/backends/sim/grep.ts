import {UnsupportedFeature} from './shell/host.js';

/**
 * GNU grep for filtering text, shared by the host command line (`cilium config view | grep
 * cluster-`) and the shells inside containers. Supports -i -v -c -q -w -E -F -e -m and the
 * context options -A -B -C -NUM (with their long names), on basic, extended or fixed-string
 * patterns; any other option is refused rather than ignored. Messages follow GNU grep 3.x
 * (`src/grep.c`: "invalid context length argument", "invalid max count").
 */

export interface GrepCommand {
	readonly patterns: readonly string[];
	readonly files: readonly string[];
	/** Switches by their short letter (`--ignore-case` is stored as `i`). */
	readonly options: ReadonlySet<string>;
	readonly after: number;
	readonly before: number;
	readonly maxCount: number | null;
	/** Any context option given (even 0): groups that do not touch are then separated by `--`. */
	readonly separators: boolean;
}

/** A grep usage error: GNU grep prints it (and the usage lines) and exits 2. */
class GrepUsageError extends Error {}

const SWITCHES = new Set(['i', 'v', 'c', 'q', 'w', 'E', 'F', 's']);
const LONG_SWITCHES: Readonly<Record<string, string>> = {
	'ignore-case': 'i',
	'invert-match': 'v',
	count: 'c',
	quiet: 'q',
	silent: 'q',
	'word-regexp': 'w',
	'extended-regexp': 'E',
	'fixed-strings': 'F',
	'basic-regexp': 'G',
	'no-messages': 's',
};
/** Options with a value, by short letter and long name. */
const VALUED: Readonly<Record<string, string>> = {A: 'after-context', B: 'before-context', C: 'context', m: 'max-count', e: 'regexp'};
const VALUED_LONG = new Map(Object.entries(VALUED).map(([short, long]) => [long, short]));

const GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

function count(text: string, what: 'context' | 'max'): number {
	if (/^\d+$/.test(text)) return Number(text);
	throw new GrepUsageError(what === 'context' ? `grep: ${text}: invalid context length argument\n` : 'grep: invalid max count\n');
}

/** Parses grep's arguments, or gives the message grep prints before exiting 2 (no pattern, a bad count). */
export function parseGrep(args: readonly string[]): GrepCommand | {readonly usage: string} {
	try {
		return parseArgs(args) ?? {usage: GREP_USAGE};
	} catch (error) {
		if (error instanceof GrepUsageError) return {usage: error.message};
		throw error;
	}
}

function parseArgs(args: readonly string[]): GrepCommand | null {
	const options = new Set<string>();
	const patterns: string[] = [];
	const rest: string[] = [];
	let after: number | null = null;
	let before: number | null = null;
	let context: number | null = null;
	let maxCount: number | null = null;
	const setValue = (letter: string, value: string) => {
		if (letter === 'e') patterns.push(value);
		else if (letter === 'm') maxCount = count(value, 'max');
		else if (letter === 'A') after = count(value, 'context');
		else if (letter === 'B') before = count(value, 'context');
		else context = count(value, 'context');
	};
	for (let i = 0; i < args.length; i++) {
		const a = args[i] as string;
		if (a === '--') {
			rest.push(...args.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
			const letter = VALUED_LONG.get(name);
			if (letter !== undefined) {
				const value = eq < 0 ? args[++i] : a.slice(eq + 1);
				if (value === undefined) throw new GrepUsageError(`grep: option '--${name}' requires an argument\n${GREP_USAGE}`);
				setValue(letter, value);
			} else if (Object.hasOwn(LONG_SWITCHES, name) && eq < 0) {
				const short = LONG_SWITCHES[name] as string;
				if (short !== 'G') options.add(short);
			} else throw new UnsupportedFeature(`grep ${a}`);
			continue;
		}
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] as string;
				if (/\d/.test(c)) {
					// `-2` is `-C 2`: the digits run to the end of the option's digits.
					const digits = /^\d+/.exec(a.slice(j))?.[0] ?? '';
					context = Number(digits);
					j += digits.length - 1;
				} else if (Object.hasOwn(VALUED, c)) {
					const value = a.length > j + 1 ? a.slice(j + 1) : args[++i];
					if (value === undefined) throw new GrepUsageError(`grep: option requires an argument -- '${c}'\n${GREP_USAGE}`);
					setValue(c, value);
					break;
				} else if (SWITCHES.has(c)) options.add(c);
				else if (c !== 'G') throw new UnsupportedFeature(`grep -${c}`);
			}
			continue;
		}
		rest.push(a);
	}
	if (patterns.length === 0) {
		const pattern = rest.shift();
		if (pattern === undefined) return null;
		patterns.push(pattern);
	}
	const separators = after !== null || before !== null || context !== null;
	return {patterns, files: rest, options, after: after ?? context ?? 0, before: before ?? context ?? 0, maxCount, separators};
}

/** A basic regular expression in JavaScript syntax: `\|`, `\+`, `\(`... are the operators, bare ones literals. */
function fromBasic(pattern: string): string {
	let out = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i] as string;
		const next = pattern[i + 1];
		if (c === '\\' && next !== undefined) {
			out += '|+?(){}'.includes(next) ? next : `\\${next}`;
			i++;
		} else out += '|+?(){}'.includes(c) ? `\\${c}` : c;
	}
	return out;
}

function regexOf(command: GrepCommand): RegExp {
	const {options} = command;
	// A pattern with newlines is several patterns, as with several -e.
	const sources = command.patterns
		.flatMap((p) => p.split('\n'))
		.map((p) => (options.has('F') ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : options.has('E') ? p : fromBasic(p)))
		.map((s) => (options.has('w') ? `(?<![\\w])(?:${s})(?![\\w])` : `(?:${s})`));
	try {
		return new RegExp(sources.join('|'), options.has('i') ? 'i' : '');
	} catch {
		throw new UnsupportedFeature(`grep pattern ${JSON.stringify(command.patterns.join('\n'))} (not a regular expression the simulator can translate)`);
	}
}

/** Selected lines with their context, `--` between groups that do not touch, like GNU grep. */
function withContext(lines: readonly string[], selected: readonly number[], before: number, after: number, separators: boolean): string[] {
	const out: string[] = [];
	let printedUpTo = -1;
	for (const index of selected) {
		const from = Math.max(index - before, printedUpTo + 1);
		if (printedUpTo >= 0 && from > printedUpTo + 1 && separators) out.push('--');
		for (let k = from; k <= index; k++) out.push(lines[k] as string);
		printedUpTo = Math.max(printedUpTo, index);
		const to = Math.min(index + after, lines.length - 1);
		for (let k = printedUpTo + 1; k <= to; k++) out.push(lines[k] as string);
		printedUpTo = Math.max(printedUpTo, to);
	}
	return out;
}

export function runGrep(command: GrepCommand, text: string): {out: string; status: number} {
	const {options} = command;
	// `-m 0` stops before reading anything, even with -c (GNU grep's manual).
	if (command.maxCount === 0) return {out: '', status: 1};
	const regex = regexOf(command);
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	let selected = lines.flatMap((l, i) => (regex.test(l) !== options.has('v') ? [i] : []));
	if (command.maxCount !== null) selected = selected.slice(0, command.maxCount);
	const status = selected.length > 0 ? 0 : 1;
	if (options.has('q')) return {out: '', status};
	if (options.has('c')) return {out: `${selected.length}\n`, status};
	const out = withContext(lines, selected, command.before, command.after, command.separators);
	return {out: out.length > 0 ? `${out.join('\n')}\n` : '', status};
}
