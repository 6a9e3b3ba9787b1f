import {parse, type ParseEntry} from 'shell-quote';

/** One simple command of a shell line: the words of one pipeline stage or list element. */
export interface SimpleCommand {
	/** `NAME=value` words before the command word. */
	readonly assignments: readonly string[];
	readonly words: readonly string[];
}

/** Operators whose next token is a file name or descriptor, not a new command. */
const REDIRECTIONS = new Set(['>', '>>', '<', '>&', '<&', '<<<', '>|', '&>']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Splits a shell line into its simple commands: pipelines, `&&`/`||`/`;`/`&` lists and
 * `$( … )` substitutions all separate commands; redirection targets are dropped. Variables
 * stay literal (`$HOME`), so the analysis never depends on this process's environment.
 */
export function simpleCommands(line: string): SimpleCommand[] {
	const entries = parse(line, (key) => `$${key}`);
	const commands: SimpleCommand[] = [];
	let words: string[] = [];
	let skipNext = false;
	const flush = () => {
		if (words.length > 0) commands.push(splitAssignments(words));
		words = [];
	};
	for (const entry of entries) {
		if (skipNext) {
			skipNext = false;
			if (typeof entry === 'string' || isGlob(entry)) continue;
		}
		if (typeof entry === 'string') {
			// A `$(` substitution parses as a lone "$" before the "(" operator.
			if (entry !== '$') words.push(entry);
		} else if (isGlob(entry)) {
			words.push(entry.pattern);
		} else if ('comment' in entry) {
			break;
		} else if (REDIRECTIONS.has(entry.op)) {
			// `2>file`: the descriptor number is not an argument (nor a command after `)`).
			if (/^\d+$/.test(words.at(-1) ?? '')) words.pop();
			skipNext = true;
		} else {
			flush();
		}
	}
	flush();
	return commands;
}

function isGlob(entry: ParseEntry): entry is {op: 'glob'; pattern: string} {
	return typeof entry === 'object' && 'op' in entry && entry.op === 'glob';
}

function splitAssignments(words: readonly string[]): SimpleCommand {
	let i = 0;
	while (i < words.length && ASSIGNMENT.test(words[i] ?? '')) i++;
	return {assignments: words.slice(0, i), words: words.slice(i)};
}

/** Whether a line is more than one plain command (pipes, lists, substitutions, redirections). */
export function hasShellOperators(line: string): boolean {
	return parse(line, (key) => `$${key}`).some((entry) => typeof entry !== 'string' && !isGlob(entry));
}

/** The value of `--flag value` or `--flag=value` at `index`, if the word there is that flag. */
export function flagValue(words: readonly string[], index: number, names: readonly string[]): string | undefined {
	const word = words[index] ?? '';
	for (const name of names) {
		if (word === name) return words[index + 1] ?? '';
		if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
	}
	return undefined;
}

/** Every value given to one of the flags, in order (`--context a --context=b` → [a, b]). */
export function flagValues(words: readonly string[], names: readonly string[]): string[] {
	const values: string[] = [];
	words.forEach((_, i) => {
		const value = flagValue(words, i, names);
		if (value !== undefined) values.push(value);
	});
	return values;
}

export function basename(word: string): string {
	return word.slice(word.lastIndexOf('/') + 1);
}
