import {isTarget, TARGETS, type Target} from '../core/lab.js';
import {closest, didYouMean, orList} from './did-you-mean.js';

/** Languages whose fenced blocks hold commands to run (with a target word). */
const SHELL_LANGUAGES = ['sh', 'bash', 'shell', 'console'] as const;

/** The kinds of `yaml <kind>` blocks a step may hold. */
const YAML_KINDS = ['check', 'wrong'] as const;

export type CodeBlockKind =
	| {readonly kind: 'run'; readonly target: Target}
	| {readonly kind: 'check'}
	| {readonly kind: 'wrong'}
	| {readonly kind: 'prose'}
	| {readonly kind: 'invalid'; readonly message: string};

export const TARGET_LIST = orList([...TARGETS]);

/** Classifies a fenced block by its info string, e.g. "sh koornacht" or "yaml check". */
export function classifyCodeBlock(info: string | undefined): CodeBlockKind {
	const [language = '', second, ...rest] = (info ?? '').trim().split(/\s+/);
	const lang = language.toLowerCase();
	if ((SHELL_LANGUAGES as readonly string[]).includes(lang)) {
		if (second === undefined) {
			const message = `a ${lang} block needs a target after the language: ${TARGET_LIST} (e.g. \`\`\`sh koornacht)`;
			return {kind: 'invalid', message};
		}
		if (!isTarget(second)) {
			return {kind: 'invalid', message: `unknown target "${second}" — expected ${TARGET_LIST}${didYouMean(second, TARGETS)}`};
		}
		if (rest.length > 0) return {kind: 'invalid', message: `unexpected "${rest.join(' ')}" after the target "${second}"`};
		return {kind: 'run', target: second};
	}
	if ((lang === 'yaml' || lang === 'yml') && second !== undefined) {
		if (second === 'check' || second === 'wrong') {
			return rest.length > 0 ? {kind: 'invalid', message: `unexpected "${rest.join(' ')}" after "yaml ${second}"`} : {kind: second};
		}
		const suggestion = didYouMean(second, YAML_KINDS);
		return {kind: 'invalid', message: `unknown block "yaml ${second}" — expected yaml check or yaml wrong${suggestion}`};
	}
	// A shell language misspelled next to a target word is a runnable block gone wrong.
	if (second !== undefined && isTarget(second) && closest(lang, SHELL_LANGUAGES)) {
		const suggestion = didYouMean(lang, SHELL_LANGUAGES);
		return {kind: 'invalid', message: `unknown language "${language}" for a ${second} command block${suggestion}`};
	}
	return {kind: 'prose'};
}

export interface CommandLine {
	readonly command: string;
	readonly line: number;
}

/**
 * Splits a command block into commands: one per line, `\`-newline continuations joined,
 * blank lines and `#` comments skipped. `firstLine` is the file line of the block's first line.
 */
export function splitCommands(
	text: string,
	firstLine: number,
): {commands: CommandLine[]; problems: {line: number; message: string}[]} {
	const commands: CommandLine[] = [];
	let pending: {parts: string[]; line: number} | undefined;
	text.split('\n').forEach((raw, i) => {
		const line = firstLine + i;
		const trimmed = raw.trim();
		if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return;
		const continues = trimmed.endsWith('\\');
		const part = continues ? trimmed.slice(0, -1).trimEnd() : trimmed;
		pending ??= {parts: [], line};
		if (part !== '') pending.parts.push(part);
		if (!continues) {
			commands.push({command: pending.parts.join(' '), line: pending.line});
			pending = undefined;
		}
	});
	const problems = pending ? [{line: pending.line, message: 'the last command ends with "\\" but no line follows'}] : [];
	if (commands.length === 0 && problems.length === 0) {
		problems.push({line: firstLine - 1, message: 'the command block has no commands'});
	}
	return {commands, problems};
}
