/**
 * What a `pod-exec` condition's `output-matches` saw, in one line: the line the pattern is
 * about, rather than the first line of the output (often a table header or an unrelated
 * status line).
 */

/** Characters that end a literal run in a regular expression. */
const SPECIAL = new Set(['.', '[', ']', '(', ')', '|', '*', '+', '?', '{', '}', '^', '$']);

/**
 * The text every match starts with, as far as it is literal: `=> 10\.1\.\d+` gives "=> 10.1.".
 * Leading anchors and groups are skipped; a character made optional by a quantifier is dropped;
 * a pattern with alternatives has none (a match may start with either).
 */
export function leadingLiteral(pattern: string): string {
	if (pattern.includes('|')) return '';
	let i = 0;
	while (pattern[i] === '^' || pattern[i] === '(') i++;
	let literal = '';
	while (i < pattern.length) {
		const ch = pattern[i]!;
		if (ch === '\\') {
			const next = pattern[i + 1];
			// `\d`, `\s`, `\1`, `\x41`…: letters and digits escape into classes and codes, not themselves.
			if (next === undefined || /[a-zA-Z0-9]/.test(next)) break;
			literal += next;
			i += 2;
		} else if (SPECIAL.has(ch)) {
			if (ch === '?' || ch === '*' || ch === '{') literal = literal.slice(0, -1);
			// A leading group that may match nothing (`(ab)?c`) starts no match for sure.
			if (ch === ')' && /^[?*{]/.test(pattern.slice(i + 1))) return '';
			break;
		} else {
			literal += ch;
			i++;
		}
	}
	return literal;
}

const MAX_SHOWN = 3;
const MAX_LENGTH = 120;

/** A table row's alignment padding means nothing in one line of text. */
const oneLine = (line: string) => line.trim().replace(/\s+/g, ' ');

/**
 * The line where the pattern matches (flags as the condition uses it: none, so `^` and `$`
 * anchor the whole output); otherwise, from where they start as a match would, the lines
 * that should have matched, or that nothing did.
 */
export function describeOutputMatch(output: string, pattern: string): {readonly pass: boolean; readonly shown: string} {
	const found = new RegExp(pattern).exec(output);
	if (found) {
		// Every line the match touches: `name:\s+Host connectivity` spans two.
		const start = output.lastIndexOf('\n', found.index) + 1;
		const end = output.indexOf('\n', found.index + Math.max(found[0].length - 1, 0));
		const shown = oneLine(output.slice(start, end === -1 ? undefined : end));
		return {pass: true, shown: shown.length > MAX_LENGTH ? `${shown.slice(0, MAX_LENGTH - 1)}…` : shown};
	}
	const literal = leadingLiteral(pattern).trim();
	const near =
		literal.length >= 3
			? output.split('\n').flatMap((line) => (line.includes(literal) ? [oneLine(line.slice(line.indexOf(literal)))] : []))
			: [];
	if (near.length === 0) return {pass: false, shown: `no output matches /${pattern}/`};
	const more = near.length > MAX_SHOWN ? ` (+${near.length - MAX_SHOWN} more)` : '';
	return {pass: false, shown: `no match; ${near.slice(0, MAX_SHOWN).map((l) => `"${l}"`).join(', ')}${more}`};
}
