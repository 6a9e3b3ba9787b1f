import path from 'node:path';
import type {ClusterName} from '../core/lab.js';
import {ShellSyntaxError, staticText, type Word} from '../shell/lexer.js';
import {parseScript, type Command, type List, type Redirect} from '../shell/syntax.js';
import {checkDocker} from './image-files.js';
import {checkTextTool, isTextTool, refusedCommandReason} from './host-tools.js';
import {checkLabTool, EXPANSION, inPodStart, isLabTool, kindCreates, kubeconfigRefusal, printsNamesOnly} from './lab-tools.js';
import {ALLOWED, Refusal, type GateContext, type GateVerdict} from './verdict.js';

/**
 * The command gate: one policy for the live runner, the simulator and the lesson linter. It
 * parses the line with the shell parser and walks every simple command in it (lists, pipelines,
 * groups, subshells, if/for/while, command substitutions, `sh -c` bodies), and allows only what
 * it can fully analyse: allowlisted programs named literally, reaching only the lab's own
 * clusters through the tool's own kubeconfig. Everything else is refused: it fails closed.
 */

/** `clustermesh-tutor` itself: subcommands a lesson may run (they act on the tool's own state). */
const OWN_COMMANDS = new Set(['doctor', 'lessons', '--version', '-V', '--help', '-h', 'help']);
const SHELLS = new Set(['sh', 'bash', 'dash']);
/** `sh -o NAME` options that change nothing the gate relies on. */
const SHELL_OPTIONS = new Set(['errexit', 'nounset', 'pipefail', 'xtrace']);
const MAX_SHELL_DEPTH = 4;
/** One of the tool's kubeconfig files, however the path to the state folder is spelled. */
const OWN_KUBECONFIG_FILE = /(^|\/)kube\/(koornacht|tion|lab)\.yaml$/;
/** Variables that steer a tool to a kubeconfig, context, server or cluster (and the tool's own). */
const STEERING = /^(KUBE|HELM_|HUBBLE_|KIND_|CLUSTERMESH_TUTOR_)/;
/** A path into a `.kube` folder (`~/.kube/config`, `/root/.kube/config`): the learner's own kubeconfig. */
const KUBE_FOLDER = /(^|[^A-Za-z0-9_])\.kube(\/|$|[^A-Za-z0-9_])/;
/** `NAME=value`, as `export` and `env` take it. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** What a variable holds, as far as the gate can tell. */
type Binding = 'names' | 'unknown';

interface Scope {
	readonly vars: ReadonlyMap<string, Binding>;
	readonly depth: number;
}

export function checkCommand(line: string, ctx: GateContext): GateVerdict {
	try {
		new Walker(ctx).script(line, {vars: new Map(), depth: 0});
		return ALLOWED;
	} catch (error) {
		if (error instanceof Refusal) return {ok: false, reason: error.reason, fix: error.fix};
		throw error;
	}
}

function parse(text: string): List {
	try {
		return parseScript(text);
	} catch (error) {
		if (error instanceof ShellSyntaxError) throw new Refusal(`the tutorial cannot read this shell syntax (${error.message})`, 'check its quotes and brackets; other shell syntax runs only in your own terminal');
		throw error;
	}
}

class Walker {
	constructor(private readonly ctx: GateContext) {}

	script(text: string, scope: Scope): void {
		this.list(parse(text), scope);
	}

	private list(list: List, scope: Scope): void {
		for (const {andOr, background} of list) {
			if (background) throw new Refusal('a background job (`&`) would keep running after the step', 'drop the `&`');
			for (const pipeline of [andOr.first, ...andOr.rest.map((r) => r.pipeline)]) {
				for (const command of pipeline.commands) this.command(command, scope);
			}
		}
	}

	private command(command: Command, scope: Scope): void {
		switch (command.type) {
			case 'simple':
				return this.simple(command, scope);
			case 'for': {
				if (command.words === null) throw new Refusal('`for` without `in` loops over words the tutorial cannot see', 'list the words after `in`');
				if (STEERING.test(command.name)) throw new Refusal(`the loop variable ${command.name} would change which kubeconfig or cluster the tools use`, 'give the loop variable another name');
				for (const word of command.words) this.expansions(word, scope);
				const binding: Binding = command.words.length === 1 && command.words[0] && isNamesSubstitution(command.words[0]) ? 'names' : 'unknown';
				return this.list(command.body, {...scope, vars: new Map([...scope.vars, [command.name, binding]])});
			}
			case 'if':
				for (const clause of command.clauses) {
					this.list(clause.cond, scope);
					this.list(clause.body, scope);
				}
				if (command.otherwise) this.list(command.otherwise, scope);
				return;
			case 'while':
				this.list(command.cond, scope);
				return this.list(command.body, scope);
			case 'group':
				return this.list(command.body, scope);
			case 'function':
				throw new Refusal(`defining a function (${command.name}) hides what runs behind a new name`, 'write the commands out');
		}
	}

	private simple(command: Extract<Command, {type: 'simple'}>, scope: Scope): void {
		const assign = command.assigns[0];
		if (assign) {
			if (STEERING.test(assign.name)) throw kubeconfigRefusal(`\`${assign.name}=…\` would pick another kubeconfig, context or cluster`, this.ctx, `${assign.name}=…`);
			throw new Refusal(`setting a variable (${assign.name}=…) changes what later commands do in ways the tutorial cannot follow`, 'write the value into the command itself');
		}
		const [head, ...args] = command.words;
		if (!head) return command.redirects.forEach((redirect) => this.redirect(redirect, scope));
		this.expansions(head, scope);
		const name = staticText(head);
		if (name === null) throw new Refusal('the command name comes from a variable or `$(…)`, so the tutorial cannot tell what would run', 'write the command name out');
		if (name.includes('/')) {
			const base = path.basename(name);
			const known = isLabTool(base) || isTextTool(base);
			throw new Refusal(`\`${name}\` names a program by its path; the tutorial runs only its own tools, by name`, known ? `write just \`${base}\`` : undefined);
		}
		this.hostWord(head);
		for (const word of args) this.expansions(word, scope);
		const podStart = inPodStart(name, args.map((w) => staticText(w) ?? EXPANSION));
		const hostArgs = podStart < 0 ? args : args.slice(0, podStart);
		// Every check must pass; their order only decides which reason the learner reads. The most
		// fundamental comes first (the one whose fix works): a kubeconfig, then the program's own
		// rules, then its redirections, then how a word is spelled (`~`, patterns, braces).
		hostArgs.forEach((word, i) => this.kubeconfigWord(word, isLabTool(name) && isKubeconfigValue(hostArgs, i)));
		this.kubeconfigWords(hostArgs, isLabTool(name));
		this.program(name, args, hostArgs, scope);
		for (const redirect of command.redirects) this.redirect(redirect, scope);
		hostArgs.forEach((word) => this.hostWord(word));
	}

	/** The rules of the program a simple command runs. */
	private program(name: string, args: readonly Word[], hostArgs: readonly Word[], scope: Scope): void {
		if (isLabTool(name)) return checkLabTool(name, hostArgs.map((w) => this.labArgument(name, w, scope)), this.ctx);
		if (isTextTool(name)) return checkTextTool(name, args.map(staticText));
		if (SHELLS.has(name)) return this.shell(name, args, scope);
		if (name === 'clustermesh-tutor') {
			const sub = args[0] ? staticText(args[0]) : '';
			if (sub !== null && OWN_COMMANDS.has(sub)) return;
			throw new Refusal(`\`clustermesh-tutor ${sub ?? '$…'}\` is not run from inside the tutorial (only ${[...OWN_COMMANDS].join(', ')} are)`);
		}
		if (name === 'docker') return checkDocker(args.map(staticText), this.ctx);
		// `env KUBECONFIG=…`, `export KUBECONFIG=…`: the kubeconfig is the reason that matters.
		const steering = args.map(staticText).find((a) => a !== null && ASSIGNMENT.test(a) && STEERING.test(a));
		if (steering) {
			const assignment = `${steering.slice(0, steering.indexOf('=') + 1)}…`;
			throw kubeconfigRefusal(`\`${assignment}\` would pick another kubeconfig, context or cluster`, this.ctx, assignment);
		}
		const [reason, fix] = refusedCommandReason(name);
		throw new Refusal(reason, fix);
	}

	/** `sh -c 'SCRIPT'`: the script is checked like the line itself. */
	private shell(name: string, args: readonly Word[], scope: Scope): void {
		const words = args.map(staticText);
		let script: string | null | undefined;
		let takesScript = false;
		for (let i = 0; i < words.length; i++) {
			const word = words[i];
			if (word === null || word === undefined) throw new Refusal(`an argument of \`${name}\` comes from a variable or \`$(…)\`, so the tutorial cannot tell what the shell would run`, 'write it out');
			if (takesScript) {
				if (i !== words.length - 1) throw new Refusal(`\`${name} -c\` with words after the script: the tutorial checks only the script`, 'put everything inside the quoted script');
				script = word;
				break;
			}
			if (word === '-o' && SHELL_OPTIONS.has(words[i + 1] ?? '')) {
				i++;
				continue;
			}
			if (!/^-[euxc]+$/.test(word)) {
				throw new Refusal(`\`${name} ${word}\` runs commands the tutorial cannot see first (from a file, its input, or a login or interactive shell)`, `write \`${name} -c 'commands'\``);
			}
			if (word.includes('c')) takesScript = true;
		}
		if (script === undefined || script === null) throw new Refusal(`\`${name}\` without -c reads its commands from its input or a file the tutorial cannot see`, `write \`${name} -c 'commands'\``);
		if (scope.depth >= MAX_SHELL_DEPTH) throw new Refusal('shells nested this deep are more than the tutorial checks', 'run the inner commands directly');
		this.script(script, {vars: new Map(), depth: scope.depth + 1});
	}

	private redirect(redirect: Redirect, scope: Scope): void {
		this.expansions(redirect.target, scope);
		const target = staticText(redirect.target);
		const toTerminal = 'print to the terminal, or redirect to /dev/null';
		if (target === null) throw new Refusal('a redirection target comes from a variable or `$(…)`', toTerminal);
		if (redirect.op === '<<') throw new Refusal('a here-document (`<<`) feeds text the tutorial does not check', 'pipe the text in with `printf`');
		const duplicate = redirect.op === '>&' || redirect.op === '<&';
		if (duplicate && /^(\d|-)$/.test(target)) return;
		// Writing a file is the reason that matters however the path is spelled (`~` or not),
		// unless it is a kubeconfig, which hostWord names.
		const writes = duplicate || (redirect.op !== '<' && target !== '/dev/null');
		const writing = new Refusal(duplicate ? `\`${redirect.op}${target}\` writes to a file` : `\`${redirect.op} ${target}\` writes a file on this computer`, toTerminal);
		if (writes && !KUBE_FOLDER.test(target)) throw writing;
		this.hostWord(redirect.target);
		this.kubeconfigWords([redirect.target], false);
		if (writes) throw writing;
	}

	/** Walks a word's command substitutions (they run on this machine) and its variable references. */
	private expansions(word: Word, scope: Scope): void {
		word.parts.forEach((part, i) => {
			if (part.kind === 'arith') throw new Refusal('arithmetic `$((…))` can set variables and run commands the tutorial cannot check', 'work the number out and write it in');
			if (part.kind === 'param' && STEERING.test(part.name)) throw new Refusal(`\`$${part.name}\` reads a variable that picks the kubeconfig, context or cluster`, 'leave it out: the tutorial sets these for every command');
			if (part.kind === 'command') this.script(part.source, scope);
			const next = word.parts[i + 1];
			// `$'…'` and `$"…"`: bash decodes these; the parser reads a literal `$`.
			if (part.kind === 'text' && !part.quoted && part.value.endsWith('$') && next?.quoted) throw new Refusal("`$'…'` quoting is decoded by bash in ways the tutorial does not follow", `use plain '…' or "…" quotes`);
		});
	}

	/** Checks a word the host shell expands and a host program reads. */
	private hostWord(word: Word): void {
		this.kubeconfigWord(word, false);
		const problem = spelling(word);
		if (problem) throw problem;
	}

	/**
	 * A word that reaches a kubeconfig (a `.kube` path, or a badly spelled value of a lab tool's
	 * --kubeconfig) is refused for that, whatever else is wrong with it: writing `~` out would not
	 * make it the tutorial's own.
	 */
	private kubeconfigWord(word: Word, kubeconfigValue: boolean): void {
		const text = word.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
		if (KUBE_FOLDER.test(text) || (kubeconfigValue && spelling(word))) throw kubeconfigRefusal(`\`${shown(word)}\` is not the tutorial's kubeconfig`, this.ctx);
	}

	/** Only `--kubeconfig <the tool's own file>` may name a file in the tool's kubeconfig folder. */
	private kubeconfigWords(words: readonly Word[], labTool: boolean): void {
		const kubeDir = path.dirname(this.ctx.kubeconfig);
		words.forEach((word, i) => {
			const text = staticText(word) ?? '';
			const ownFlag = labTool && (text === `--kubeconfig=${this.ctx.kubeconfig}` || (text === this.ctx.kubeconfig && staticText(words[i - 1] ?? word) === '--kubeconfig'));
			if (!ownFlag && (text.includes(kubeDir) || OWN_KUBECONFIG_FILE.test(text))) {
				throw new Refusal(`\`${text}\` is one of the tutorial's own kubeconfig files, which only the tutorial itself reads and writes`, 'leave it out: every command already runs with the right one');
			}
		});
	}

	/**
	 * A lab tool's argument as its rules see it. An expansion could turn into a flag (`--context=…`),
	 * so only one that can never start with `-` is allowed: `kubectl … -o name` output
	 * (`pod/x-wing-…`), directly or through a `for` variable.
	 */
	private labArgument(tool: string, word: Word, scope: Scope): string {
		const text = staticText(word);
		if (text !== null) return text;
		const safe = word.parts.every((part) => part.kind === 'text' || (part.kind === 'param' && scope.vars.get(part.name) === 'names') || (part.kind === 'command' && isNamesSource(part.source)));
		if (!safe) {
			throw new Refusal(
				`an argument of \`${tool}\` comes from a variable or \`$(…)\`, which could turn into an option that picks another cluster`,
				'write it out (only `$(kubectl get … -o name)` may fill in names)',
			);
		}
		return word.parts.map((p) => (p.kind === 'text' ? p.value : EXPANSION)).join('');
	}
}

/** What the shell would do to an unquoted word that the tutorial does not follow: patterns, braces, `~`. */
function spelling(word: Word): Refusal | undefined {
	const unquoted = word.parts.map((p) => (p.kind === 'text' && !p.quoted ? p.value : ' ')).join('');
	if (/[*?[]/.test(unquoted)) return new Refusal(`\`${shown(word)}\` is a filename pattern: the shell could expand it into any file name, even an option`, 'quote it');
	if (/\{[^}]*(,|\.\.)[^}]*\}/.test(unquoted)) return new Refusal(`\`${shown(word)}\` has braces the shell would turn into several words`, 'quote it or write the words out');
	if (unquoted.includes('~')) return new Refusal(`\`${shown(word)}\` expands \`~\` to your home folder`, 'write the path out');
	return undefined;
}

/** Whether `words[i]` is the value of `--kubeconfig`, as its own word or after `=`. */
function isKubeconfigValue(words: readonly Word[], i: number): boolean {
	const [previous, word] = [words[i - 1], words[i]];
	return (word !== undefined && shown(word).startsWith('--kubeconfig=')) || (previous !== undefined && staticText(previous) === '--kubeconfig');
}

/** `$(kubectl … -o name)` as a whole word. */
function isNamesSubstitution(word: Word): boolean {
	const [only] = word.parts;
	return word.parts.length === 1 && only?.kind === 'command' && isNamesSource(only.source);
}

/** A substitution that is one `kubectl … -o name` call and nothing else. */
function isNamesSource(source: string): boolean {
	let list: List;
	try {
		list = parseScript(source);
	} catch {
		return false;
	}
	const [item] = list;
	const command = list.length === 1 && item && item.andOr.rest.length === 0 && item.andOr.first.commands.length === 1 ? item.andOr.first.commands[0] : undefined;
	if (command?.type !== 'simple' || command.redirects.length > 0 || command.assigns.length > 0) return false;
	const words = command.words.map(staticText);
	if (words[0] !== 'kubectl' || words.some((w) => w === null)) return false;
	return printsNamesOnly(words.slice(1) as string[]);
}

function shown(word: Word): string {
	return word.parts.map((p) => (p.kind === 'text' ? p.value : p.kind === 'param' ? `$${p.name}` : '$(…)')).join('');
}

/** Every simple command of a line, substitutions included, as static words (null for an expanded word). Unparsable lines give none. */
export function simpleCommandWords(line: string): (string | null)[][] {
	const out: (string | null)[][] = [];
	const visitWord = (word: Word) => word.parts.forEach((p) => p.kind === 'command' && visitScript(p.source));
	const visitList = (list: List): void => {
		for (const {andOr} of list) {
			for (const pipeline of [andOr.first, ...andOr.rest.map((r) => r.pipeline)]) pipeline.commands.forEach(visitCommand);
		}
	};
	const visitCommand = (command: Command): void => {
		if (command.type === 'simple') {
			command.words.forEach(visitWord);
			out.push(command.words.map(staticText));
		} else if (command.type === 'for') {
			command.words?.forEach(visitWord);
			visitList(command.body);
		} else if (command.type === 'if') {
			command.clauses.forEach((c) => (visitList(c.cond), visitList(c.body)));
			if (command.otherwise) visitList(command.otherwise);
		} else if (command.type === 'while') {
			visitList(command.cond);
			visitList(command.body);
		} else if (command.type === 'group') visitList(command.body);
		else visitCommand(command.body);
	};
	const visitScript = (text: string) => {
		try {
			visitList(parseScript(text));
		} catch (error) {
			if (!(error instanceof ShellSyntaxError)) throw error;
		}
	};
	visitScript(line);
	return out;
}

/** The lab cluster a `kind create cluster --name X` in the line creates, if any. */
export function createdCluster(line: string): ClusterName | undefined {
	for (const words of simpleCommandWords(line)) {
		if (words[0] !== 'kind') continue;
		const created = kindCreates(words.slice(1).map((w) => w ?? EXPANSION));
		if (created) return created;
	}
	return undefined;
}

/** Whether the line is one plain command (no pipes, lists, substitutions or redirections). */
export function isPlainCommand(line: string): boolean {
	try {
		const list = parseScript(line);
		const [item] = list;
		const command = list.length === 1 && item && !item.background && item.andOr.rest.length === 0 && item.andOr.first.commands.length === 1 ? item.andOr.first.commands[0] : undefined;
		return command?.type === 'simple' && command.redirects.length === 0 && command.words.every((w) => w.parts.every((p) => p.kind === 'text'));
	} catch {
		return false;
	}
}
