/**
 * A POSIX-shell tokenizer shared by the host command line and the in-container shell. Words keep
 * their parts (literal text, `$var`, `$(...)`) and whether each part was quoted, because quoting
 * decides what expands later (brace expansion, field splitting).
 */

export type WordPart =
	| {readonly kind: 'text'; readonly value: string; readonly quoted: boolean}
	| {readonly kind: 'param'; readonly name: string; readonly quoted: boolean}
	| {readonly kind: 'command'; readonly source: string; readonly quoted: boolean}
	| {readonly kind: 'arith'; readonly source: string; readonly quoted: boolean};

export interface Word {
	readonly parts: readonly WordPart[];
}

export type RedirectOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '<<' | '>|';

export type Token =
	| {readonly type: 'word'; readonly word: Word}
	| {readonly type: 'op'; readonly op: '|' | '||' | '&&' | ';' | '&' | '(' | ')' | '\n' | ';;'}
	| {readonly type: 'redirect'; readonly op: RedirectOp; readonly fd: number | null};

export class ShellSyntaxError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ShellSyntaxError';
	}
}

const PARAM_SPECIAL = new Set(['?', '$', '#', '@', '*', '!', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Finds the index just past the `)` that closes a `$(` opened before `start`. */
function closingParen(text: string, start: number): number {
	let depth = 1;
	let i = start;
	while (i < text.length) {
		const c = text[i];
		if (c === '\\') i += 2;
		else if (c === "'") {
			const end = text.indexOf("'", i + 1);
			if (end < 0) break;
			i = end + 1;
		} else if (c === '"') {
			i++;
			while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
			i++;
		} else {
			if (c === '(') depth++;
			else if (c === ')') {
				depth--;
				if (depth === 0) return i + 1;
			}
			i++;
		}
	}
	throw new ShellSyntaxError('unexpected end of file (expecting ")")');
}

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let parts: WordPart[] = [];
	let inWord = false;
	let literal = '';
	let literalQuoted = false;

	const flushLiteral = () => {
		if (literal) parts.push({kind: 'text', value: literal, quoted: literalQuoted});
		literal = '';
	};
	const addText = (value: string, quoted: boolean) => {
		inWord = true;
		if (literal && literalQuoted !== quoted) flushLiteral();
		literalQuoted = quoted;
		literal += value;
	};
	const addPart = (part: WordPart) => {
		inWord = true;
		flushLiteral();
		parts.push(part);
	};
	const endWord = () => {
		flushLiteral();
		if (inWord) tokens.push({type: 'word', word: {parts}});
		parts = [];
		inWord = false;
	};
	/** Reads a `$...` expansion at text[i] (the `$`); returns the index after it. */
	const dollar = (i: number, quoted: boolean): number => {
		const next = text[i + 1];
		if (next === '(' && text[i + 2] === '(') {
			const end = closingParen(text, i + 3);
			if (text[end] !== ')') throw new ShellSyntaxError('unterminated arithmetic expansion');
			addPart({kind: 'arith', source: text.slice(i + 3, end - 1), quoted});
			return end + 1;
		}
		if (next === '(') {
			const end = closingParen(text, i + 2);
			addPart({kind: 'command', source: text.slice(i + 2, end - 1), quoted});
			return end;
		}
		if (next === '{') {
			const end = text.indexOf('}', i + 2);
			if (end < 0) throw new ShellSyntaxError('bad substitution');
			const name = text.slice(i + 2, end);
			if (!/^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])$/.test(name)) throw new ShellSyntaxError(`\${${name}}: bad substitution`);
			addPart({kind: 'param', name, quoted});
			return end + 1;
		}
		const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
		if (name) {
			addPart({kind: 'param', name, quoted});
			return i + 1 + name.length;
		}
		if (next !== undefined && PARAM_SPECIAL.has(next)) {
			addPart({kind: 'param', name: next, quoted});
			return i + 2;
		}
		addText('$', quoted);
		return i + 1;
	};

	let i = 0;
	while (i < text.length) {
		const c = text[i] as string;
		if (c === '\\') {
			if (text[i + 1] === '\n') i += 2;
			else if (i + 1 < text.length) {
				addText(text[i + 1] as string, true);
				i += 2;
			} else i++;
			continue;
		}
		if (c === "'") {
			const end = text.indexOf("'", i + 1);
			if (end < 0) throw new ShellSyntaxError('Unterminated quoted string');
			addText(text.slice(i + 1, end), true);
			if (end === i + 1) inWord = true;
			i = end + 1;
			continue;
		}
		if (c === '"') {
			inWord = true;
			i++;
			for (;;) {
				if (i >= text.length) throw new ShellSyntaxError('Unterminated quoted string');
				const d = text[i] as string;
				if (d === '"') break;
				if (d === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1] as string)) {
					if (text[i + 1] !== '\n') addText(text[i + 1] as string, true);
					i += 2;
				} else if (d === '$') i = dollar(i, true);
				else if (d === '`') {
					const end = text.indexOf('`', i + 1);
					if (end < 0) throw new ShellSyntaxError('Unterminated quoted string');
					addPart({kind: 'command', source: text.slice(i + 1, end), quoted: true});
					i = end + 1;
				} else {
					addText(d, true);
					i++;
				}
			}
			i++;
			continue;
		}
		if (c === '$') {
			i = dollar(i, false);
			continue;
		}
		if (c === '`') {
			const end = text.indexOf('`', i + 1);
			if (end < 0) throw new ShellSyntaxError('Unterminated quoted string');
			addPart({kind: 'command', source: text.slice(i + 1, end), quoted: false});
			i = end + 1;
			continue;
		}
		if (c === '#' && !inWord) {
			while (i < text.length && text[i] !== '\n') i++;
			continue;
		}
		if (c === ' ' || c === '\t' || c === '\r') {
			endWord();
			i++;
			continue;
		}
		if (c === '\n') {
			endWord();
			tokens.push({type: 'op', op: '\n'});
			i++;
			continue;
		}
		if (c === '<' || c === '>') {
			// A word made only of digits right before a redirection is its file descriptor.
			const fdText = !literalQuoted && parts.length === 0 && /^\d+$/.test(literal) ? literal : null;
			if (fdText !== null) {
				literal = '';
				inWord = false;
			} else endWord();
			const two = text.slice(i, i + 2);
			const op: RedirectOp =
				two === '>>' || two === '>&' || two === '<&' || two === '<<' || two === '>|' ? two : (c as '<' | '>');
			tokens.push({type: 'redirect', op, fd: fdText === null ? null : Number(fdText)});
			i += op.length;
			continue;
		}
		if (c === '&' && text[i + 1] === '>') {
			endWord();
			tokens.push({type: 'redirect', op: '&>', fd: null});
			i += 2;
			continue;
		}
		if (c === '|' || c === '&' || c === ';' || c === '(' || c === ')') {
			endWord();
			const two = text.slice(i, i + 2);
			if (two === '||' || two === '&&' || two === ';;') {
				tokens.push({type: 'op', op: two});
				i += 2;
			} else {
				tokens.push({type: 'op', op: c});
				i++;
			}
			continue;
		}
		addText(c, false);
		i++;
	}
	endWord();
	return tokens;
}

/** The word's text when it has no expansions (a host command's name must be such a word). */
export function staticText(word: Word): string | null {
	let out = '';
	for (const part of word.parts) {
		if (part.kind !== 'text') return null;
		out += part.value;
	}
	return out;
}

/** An unquoted literal word, e.g. a reserved word such as `for` or `done`. */
export function bareWord(word: Word): string | null {
	const only = word.parts[0];
	return word.parts.length === 1 && only?.kind === 'text' && !only.quoted ? only.value : null;
}

/**
 * Joins a word's expanded parts into fields: a `whole` value (literal text, a quoted expansion)
 * extends the current field, any other is split on blanks. Shared by the host and container shells.
 */
export function splitFields(values: readonly {readonly text: string; readonly whole: boolean}[]): string[] {
	const fields: string[] = [];
	let current = '';
	let started = false;
	for (const {text, whole} of values) {
		if (whole) {
			current += text;
			started = true;
			continue;
		}
		text.split(/[ \t\n]+/).forEach((piece, i) => {
			if (i > 0 && (started || current)) {
				fields.push(current);
				current = '';
				started = false;
			}
			current += piece;
			if (piece) started = true;
		});
	}
	if (started || current) fields.push(current);
	return fields;
}
