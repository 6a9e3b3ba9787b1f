import {bareWord, ShellSyntaxError, tokenize, type RedirectOp, type Token, type Word} from './lexer.js';

/** The syntax tree of a shell script: the learner's command line and scripts run inside containers (`sh -c '...'`). */

export interface Redirect {
	readonly fd: number | null;
	readonly op: RedirectOp;
	readonly target: Word;
}

export type Command =
	| {readonly type: 'simple'; readonly assigns: readonly {name: string; value: Word}[]; readonly words: readonly Word[]; readonly redirects: readonly Redirect[]}
	| {readonly type: 'for'; readonly name: string; readonly words: readonly Word[] | null; readonly body: List}
	| {readonly type: 'if'; readonly clauses: readonly {cond: List; body: List}[]; readonly otherwise: List | null}
	| {readonly type: 'while'; readonly until: boolean; readonly cond: List; readonly body: List}
	| {readonly type: 'group'; readonly body: List; readonly subshell: boolean}
	| {readonly type: 'function'; readonly name: string; readonly body: Command};

export interface Pipeline {
	readonly negate: boolean;
	readonly commands: readonly Command[];
}

export interface AndOr {
	readonly first: Pipeline;
	readonly rest: readonly {op: '&&' | '||'; pipeline: Pipeline}[];
}

export type List = readonly {readonly andOr: AndOr; readonly background: boolean}[];

class Parser {
	private pos = 0;
	constructor(private readonly tokens: Token[]) {}

	private peek(): Token | undefined {
		return this.tokens[this.pos];
	}

	private keyword(): string | null {
		const t = this.peek();
		return t?.type === 'word' ? bareWord(t.word) : null;
	}

	private isOp(op: string): boolean {
		const t = this.peek();
		return t?.type === 'op' && t.op === op;
	}

	private skipNewlines(): void {
		while (this.isOp('\n')) this.pos++;
	}

	private skipSeparators(): void {
		while (this.isOp('\n') || this.isOp(';')) this.pos++;
	}

	private expectKeyword(word: string): void {
		this.skipSeparators();
		if (this.keyword() !== word) throw new ShellSyntaxError(`Syntax error: ${this.describe()} unexpected (expecting "${word}")`);
		this.pos++;
	}

	private describe(): string {
		const t = this.peek();
		if (!t) return 'end of file';
		if (t.type === 'op') return t.op === '\n' ? 'newline' : `"${t.op}"`;
		if (t.type === 'redirect') return `"${t.op}"`;
		return `word`;
	}

	parseProgram(): List {
		const list = this.parseList([]);
		if (this.peek()) throw new ShellSyntaxError(`Syntax error: ${this.describe()} unexpected`);
		return list;
	}

	parseList(stops: readonly string[]): List {
		const items: {andOr: AndOr; background: boolean}[] = [];
		for (;;) {
			this.skipSeparators();
			const t = this.peek();
			if (!t || (t.type === 'op' && t.op === ')')) break;
			const kw = this.keyword();
			if (kw !== null && stops.includes(kw)) break;
			const andOr = this.parseAndOr();
			let background = false;
			if (this.isOp('&')) {
				background = true;
				this.pos++;
			} else if (this.isOp(';') || this.isOp('\n')) this.pos++;
			items.push({andOr, background});
		}
		return items;
	}

	private parseAndOr(): AndOr {
		const first = this.parsePipeline();
		const rest: {op: '&&' | '||'; pipeline: Pipeline}[] = [];
		for (;;) {
			const t = this.peek();
			if (t?.type !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
			this.pos++;
			this.skipNewlines();
			rest.push({op: t.op, pipeline: this.parsePipeline()});
		}
		return {first, rest};
	}

	private parsePipeline(): Pipeline {
		let negate = false;
		if (this.keyword() === '!') {
			negate = true;
			this.pos++;
		}
		const commands = [this.parseCommand()];
		while (this.isOp('|')) {
			this.pos++;
			this.skipNewlines();
			commands.push(this.parseCommand());
		}
		return {negate, commands};
	}

	private parseCommand(): Command {
		const kw = this.keyword();
		if (kw === 'for') return this.parseFor();
		if (kw === 'if') return this.parseIf();
		if (kw === 'while' || kw === 'until') return this.parseWhile(kw === 'until');
		if (kw === '{') {
			this.pos++;
			const body = this.parseList(['}']);
			this.expectKeyword('}');
			return {type: 'group', body, subshell: false};
		}
		if (this.isOp('(')) {
			this.pos++;
			const body = this.parseList([]);
			if (!this.isOp(')')) throw new ShellSyntaxError(`Syntax error: ${this.describe()} unexpected (expecting ")")`);
			this.pos++;
			return {type: 'group', body, subshell: true};
		}
		if (kw === 'case') throw new ShellSyntaxError('case statements are not modeled');
		const next = this.tokens[this.pos + 1];
		const after = this.tokens[this.pos + 2];
		if (kw !== null && next?.type === 'op' && next.op === '(' && after?.type === 'op' && after.op === ')') {
			this.pos += 3;
			this.skipNewlines();
			return {type: 'function', name: kw, body: this.parseCommand()};
		}
		return this.parseSimple();
	}

	private parseSimple(): Command {
		const assigns: {name: string; value: Word}[] = [];
		const words: Word[] = [];
		const redirects: Redirect[] = [];
		for (;;) {
			const t = this.peek();
			if (!t || t.type === 'op') break;
			this.pos++;
			if (t.type === 'redirect') {
				const target = this.peek();
				if (target?.type !== 'word') throw new ShellSyntaxError(`Syntax error: ${this.describe()} unexpected`);
				this.pos++;
				redirects.push({fd: t.fd, op: t.op, target: target.word});
				continue;
			}
			const head = t.word.parts[0];
			const assign = words.length === 0 && head?.kind === 'text' && !head.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(head.value) : null;
			if (assign && head?.kind === 'text') {
				const name = assign[1] ?? '';
				const rest = head.value.slice(name.length + 1);
				assigns.push({name, value: {parts: [...(rest ? [{...head, value: rest}] : []), ...t.word.parts.slice(1)]}});
				continue;
			}
			words.push(t.word);
		}
		if (words.length === 0 && assigns.length === 0 && redirects.length === 0) {
			throw new ShellSyntaxError(`Syntax error: ${this.describe()} unexpected`);
		}
		return {type: 'simple', assigns, words, redirects};
	}

	private parseFor(): Command {
		this.pos++;
		const t = this.peek();
		const name = t?.type === 'word' ? bareWord(t.word) : null;
		if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError('Syntax error: Bad for loop variable');
		this.pos++;
		this.skipNewlines();
		let words: Word[] | null = null;
		if (this.keyword() === 'in') {
			this.pos++;
			words = [];
			for (;;) {
				const w = this.peek();
				if (w?.type !== 'word') break;
				words.push(w.word);
				this.pos++;
			}
		}
		this.expectKeyword('do');
		const body = this.parseList(['done']);
		this.expectKeyword('done');
		return {type: 'for', name, words, body};
	}

	private parseIf(): Command {
		this.pos++;
		const clauses: {cond: List; body: List}[] = [];
		let otherwise: List | null = null;
		for (;;) {
			const cond = this.parseList(['then']);
			this.expectKeyword('then');
			const body = this.parseList(['elif', 'else', 'fi']);
			clauses.push({cond, body});
			const kw = this.keyword();
			if (kw === 'elif') {
				this.pos++;
				continue;
			}
			if (kw === 'else') {
				this.pos++;
				otherwise = this.parseList(['fi']);
			}
			this.expectKeyword('fi');
			return {type: 'if', clauses, otherwise};
		}
	}

	private parseWhile(until: boolean): Command {
		this.pos++;
		const cond = this.parseList(['do']);
		this.expectKeyword('do');
		const body = this.parseList(['done']);
		this.expectKeyword('done');
		return {type: 'while', until, cond, body};
	}
}

export function parseScript(text: string): List {
	return new Parser(tokenize(text)).parseProgram();
}
