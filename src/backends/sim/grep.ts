import {UnsupportedFeature} from './shell/host.js';

/**
 * GNU grep for filtering text, shared by the host command line (`cilium config view | grep
 * cluster-`) and the shells inside containers. Supports -i -v -c -q -w -E -F on basic, extended
 * or fixed-string patterns; any other option is refused rather than ignored.
 */

export interface GrepCommand {
	readonly pattern: string;
	readonly files: readonly string[];
	readonly options: ReadonlySet<string>;
}

const OPTIONS = new Set(['i', 'v', 'c', 'q', 'w', 'E', 'F']);

export const GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

/** Parses grep's arguments; null when no pattern is given (grep prints its usage, exit 2). */
export function parseGrep(args: readonly string[]): GrepCommand | null {
	const options = new Set<string>();
	const rest: string[] = [];
	for (const a of args) {
		if (/^-[a-zA-Z]+$/.test(a)) {
			for (const c of a.slice(1)) {
				if (!OPTIONS.has(c)) throw new UnsupportedFeature(`grep -${c}`);
				options.add(c);
			}
		} else if (a.startsWith('--')) throw new UnsupportedFeature(`grep ${a}`);
		else rest.push(a);
	}
	const [pattern, ...files] = rest;
	return pattern === undefined ? null : {pattern, files, options};
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

export function runGrep(command: GrepCommand, text: string): {out: string; status: number} {
	const {options} = command;
	let source = options.has('F') ? command.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : options.has('E') ? command.pattern : fromBasic(command.pattern);
	if (options.has('w')) source = `(?<![\\w])(?:${source})(?![\\w])`;
	const regex = new RegExp(source, options.has('i') ? 'i' : '');
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	const matching = lines.filter((l) => regex.test(l) !== options.has('v'));
	const status = matching.length > 0 ? 0 : 1;
	if (options.has('q')) return {out: '', status};
	if (options.has('c')) return {out: `${matching.length}\n`, status};
	return {out: matching.length > 0 ? `${matching.join('\n')}\n` : '', status};
}
