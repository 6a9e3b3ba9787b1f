import {ShellSyntaxError, staticText, type Word} from '../../../shell/lexer.js';
import {parseScript, type Command, type List, type Pipeline} from '../../../shell/syntax.js';

/**
 * The learner's command line as the simulator runs it: `;`/newline-separated and-or lists of
 * pipelines of the programs it models, `for NAME in WORDS; do ...; done` loops, `$NAME` for a
 * loop's variable and `$(...)` around such command lines. Everything else a shell could do is
 * refused up front, before anything runs, so an unsupported line never changes the lab.
 */

/** A feature of the command line (or a program) that the simulator does not model. */
export class UnsupportedFeature extends Error {
	constructor(readonly feature: string) {
		super(`"${feature}" is not supported by the simulator`);
		this.name = 'UnsupportedFeature';
	}
}

function parse(text: string): List {
	try {
		return parseScript(text);
	} catch (error) {
		if (error instanceof ShellSyntaxError) throw new UnsupportedFeature(`shell syntax (${error.message})`);
		throw error;
	}
}

/** Checks one line (or a `$(...)` inside it) against what the host shell models. */
class HostChecker {
	constructor(private readonly isProgram: (name: string) => boolean) {}

	list(list: List, bound: ReadonlySet<string>): void {
		for (const item of list) {
			if (item.background) throw new UnsupportedFeature('background jobs (&)');
			for (const pipeline of [item.andOr.first, ...item.andOr.rest.map((r) => r.pipeline)]) this.pipeline(pipeline, bound);
		}
	}

	private pipeline(pipeline: Pipeline, bound: ReadonlySet<string>): void {
		if (pipeline.negate) throw new UnsupportedFeature('shell keyword "!"');
		for (const command of pipeline.commands) this.command(command, bound);
	}

	private command(command: Command, bound: ReadonlySet<string>): void {
		switch (command.type) {
			case 'simple': {
				const redirect = command.redirects[0];
				if (redirect) throw new UnsupportedFeature(`redirection (${redirect.op})`);
				// Environment prefixes (`KUBECONFIG=... kubectl ...`) do not change what the simulator does.
				if (command.words.length === 0) throw new UnsupportedFeature('shell variables');
				for (const assign of command.assigns) this.word(assign.value, bound);
				const [head, ...rest] = command.words;
				const name = head ? staticText(head) : null;
				if (name === null) throw new UnsupportedFeature('a command name that comes from an expansion');
				if (!this.isProgram(name)) throw new UnsupportedFeature(name);
				for (const word of rest) this.word(word, bound);
				return;
			}
			case 'for':
				if (command.words === null) throw new UnsupportedFeature('for without "in"');
				for (const word of command.words) this.word(word, bound);
				this.list(command.body, new Set([...bound, command.name]));
				return;
			case 'if':
			case 'while':
				throw new UnsupportedFeature(`shell keyword "${command.type === 'if' ? 'if' : command.until ? 'until' : 'while'}"`);
			case 'group':
				throw new UnsupportedFeature(command.subshell ? 'subshells and "("' : 'shell keyword "{"');
			case 'function':
				throw new UnsupportedFeature('shell functions');
		}
	}

	private word(word: Word, bound: ReadonlySet<string>): void {
		for (const part of word.parts) {
			if (part.kind === 'param' && !bound.has(part.name)) throw new UnsupportedFeature(`$${part.name}`);
			if (part.kind === 'arith') throw new UnsupportedFeature('$((...))');
			if (part.kind === 'command') this.list(parse(part.source), bound);
		}
	}
}

/** Parses and checks a command line; `isProgram` names the programs the simulator runs. */
export function parseHostLine(text: string, isProgram: (name: string) => boolean): List {
	const list = parse(text);
	new HostChecker(isProgram).list(list, new Set());
	return list;
}

/** Parses a `$(...)` already checked with its line. */
export function parseChecked(source: string): List {
	return parse(source);
}
