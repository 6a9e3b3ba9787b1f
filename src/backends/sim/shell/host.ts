import {bareWord, ShellSyntaxError, staticText, tokenize, type Token, type WordPart} from './lexer.js';

/**
 * The learner's command line as the simulator runs it: `;`/newline-separated and-or lists of
 * pipelines of plain commands. Everything else a shell could do is refused up front, before
 * anything runs, so an unsupported line never changes the lab.
 */
export interface HostLine {
	readonly lists: readonly HostAndOr[];
}

export interface HostAndOr {
	readonly first: HostPipeline;
	readonly rest: readonly {readonly op: '&&' | '||'; readonly pipeline: HostPipeline}[];
}

export interface HostPipeline {
	readonly commands: readonly (readonly string[])[];
}

/** A feature of the command line (or a program) that the simulator does not model. */
export class UnsupportedFeature extends Error {
	constructor(readonly feature: string) {
		super(`"${feature}" is not supported by the simulator`);
		this.name = 'UnsupportedFeature';
	}
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', '{', '}', '!']);

function featureOfPart(part: WordPart): string {
	switch (part.kind) {
		case 'param':
			return `$${part.name}`;
		case 'command':
			return '$(...)';
		case 'arith':
			return '$((...))';
		case 'text':
			return part.value;
	}
}

export function parseHostLine(text: string): HostLine {
	let tokens: Token[];
	try {
		tokens = tokenize(text);
	} catch (error) {
		if (error instanceof ShellSyntaxError) throw new UnsupportedFeature(`shell syntax (${error.message})`);
		throw error;
	}
	const lists: HostAndOr[] = [];
	let commands: string[][] = [];
	let argv: string[] = [];
	let pipelines: HostPipeline[] = [];
	let ops: ('&&' | '||')[] = [];

	const endCommand = (required: boolean) => {
		if (argv.length === 0) {
			if (required) throw new UnsupportedFeature('an empty command in a pipeline or list');
			return;
		}
		commands.push(argv);
		argv = [];
	};
	const endPipeline = (required: boolean) => {
		endCommand(required || commands.length > 0);
		if (commands.length === 0) {
			if (required) throw new UnsupportedFeature('an empty command in a pipeline or list');
			return;
		}
		pipelines.push({commands});
		commands = [];
	};
	const endList = () => {
		endPipeline(ops.length > 0);
		const [first, ...others] = pipelines;
		if (first) lists.push({first, rest: others.map((pipeline, i) => ({op: ops[i] ?? '&&', pipeline}))});
		pipelines = [];
		ops = [];
	};

	for (const token of tokens) {
		if (token.type === 'redirect') throw new UnsupportedFeature(`redirection (${token.op})`);
		if (token.type === 'op') {
			switch (token.op) {
				case '|':
					endCommand(true);
					break;
				case '&&':
				case '||':
					endPipeline(true);
					ops.push(token.op);
					break;
				case ';':
				case '\n':
					// A newline right after `&&`, `||` or `|` continues the command, as in any shell.
					if (token.op === '\n' && argv.length === 0 && (commands.length > 0 || (ops.length > 0 && ops.length === pipelines.length))) break;
					endList();
					break;
				case '&':
					throw new UnsupportedFeature('background jobs (&)');
				default:
					throw new UnsupportedFeature(`subshells and "${token.op}"`);
			}
			continue;
		}
		const value = staticText(token.word);
		if (value === null) {
			const part = token.word.parts.find((p) => p.kind !== 'text');
			throw new UnsupportedFeature(part ? featureOfPart(part) : 'shell expansion');
		}
		if (argv.length === 0) {
			const bare = bareWord(token.word);
			if (bare !== null && RESERVED.has(bare)) throw new UnsupportedFeature(`shell keyword "${bare}"`);
			// Environment prefixes (`KUBECONFIG=... kubectl ...`) do not change what the simulator does.
			const head = token.word.parts[0];
			if (head?.kind === 'text' && !head.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(head.value)) continue;
		}
		argv.push(value);
	}
	endList();
	return {lists};
}
