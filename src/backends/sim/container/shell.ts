import type {Net} from '../datapath/network.js';
import type {Endpoint} from '../datapath/endpoints.js';
import {ShellSyntaxError, splitFields, type Word, type WordPart} from '../../../shell/lexer.js';
import {UnsupportedFeature} from '../shell/host.js';
import {findObject} from '../kube/objects.js';
import type {ImageProfile} from './images.js';
import {parseScript, type AndOr, type Command, type List, type Pipeline, type Redirect} from '../../../shell/syntax.js';
import {runTool} from './tools.js';

/**
 * A POSIX shell inside a container: dash as `sh`, bash as `bash` (which adds brace expansion).
 * Sleeping is virtual, files live for the length of one exec, and every program is one the
 * simulator models for the image.
 */

export interface Container {
	readonly net: Net;
	readonly endpoint: Endpoint;
	readonly profile: ImageProfile;
}

export interface ShellIo {
	out(text: string): void;
	err(text: string): void;
	readonly stdin: string;
}

export type Dialect = 'sh' | 'bash';

class ExitSignal {
	constructor(readonly status: number) {}
}

export class Shell {
	private readonly vars = new Map<string, string>();
	private readonly functions = new Map<string, Command>();
	private status = 0;
	readonly files = new Map<string, string>();

	constructor(
		readonly container: Container,
		readonly dialect: Dialect,
	) {
		this.vars.set('HOSTNAME', container.endpoint.pod.metadata.name);
		this.vars.set('HOME', '/root');
		this.vars.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
	}

	/** Runs a script; returns its exit status. Syntax errors end it with status 2, like dash. */
	runScript(script: string, io: ShellIo): number {
		let list: List;
		try {
			list = parseScript(script);
		} catch (error) {
			if (error instanceof ShellSyntaxError) {
				io.err(this.dialect === 'sh' ? `sh: 1: ${error.message}\n` : `bash: -c: line 1: ${error.message.replace(/^Syntax error: /, 'syntax error: ')}\n`);
				return 2;
			}
			throw error;
		}
		try {
			return this.runList(list, io);
		} catch (signal) {
			if (signal instanceof ExitSignal) return signal.status;
			throw signal;
		}
	}

	/** Runs one program (argv) as if typed, with the shell's redirections already applied. */
	runArgv(argv: readonly string[], io: ShellIo): number {
		try {
			return this.dispatch(argv, io);
		} catch (signal) {
			if (signal instanceof ExitSignal) return signal.status;
			throw signal;
		}
	}

	private runList(list: List, io: ShellIo): number {
		for (const item of list) this.status = this.runAndOr(item.andOr, io);
		return this.status;
	}

	private runAndOr(andOr: AndOr, io: ShellIo): number {
		let status = this.runPipeline(andOr.first, io);
		for (const {op, pipeline} of andOr.rest) {
			if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = this.runPipeline(pipeline, io);
		}
		return status;
	}

	/** Stages run one after another; each stage's stdout is the next one's stdin. */
	private runPipeline(pipeline: Pipeline, io: ShellIo): number {
		let stdin = io.stdin;
		let status = 0;
		pipeline.commands.forEach((command, i) => {
			const last = i === pipeline.commands.length - 1;
			let captured = '';
			const stageIo: ShellIo = {out: last ? io.out : (t) => (captured += t), err: io.err, stdin};
			status = this.runCommand(command, stageIo);
			stdin = captured;
		});
		return pipeline.negate ? Number(status === 0) : status;
	}

	private runCommand(command: Command, io: ShellIo): number {
		switch (command.type) {
			case 'simple':
				return this.runSimple(command, io);
			case 'for': {
				const words = command.words === null ? [] : command.words.flatMap((w) => this.expand(w));
				let status = 0;
				for (const word of words) {
					this.vars.set(command.name, word);
					status = this.runList(command.body, io);
				}
				return status;
			}
			case 'if': {
				for (const clause of command.clauses) {
					if (this.runList(clause.cond, io) === 0) return this.runList(clause.body, io);
				}
				return command.otherwise ? this.runList(command.otherwise, io) : 0;
			}
			case 'while': {
				let status = 0;
				for (let guard = 0; guard < 10_000; guard++) {
					const cond = this.runList(command.cond, io);
					if ((cond === 0) === command.until) return status;
					status = this.runList(command.body, io);
				}
				throw new UnsupportedFeature('a loop that never ends (the simulator stops after 10000 rounds)');
			}
			case 'group':
				return this.runList(command.body, io);
			case 'function':
				this.functions.set(command.name, command.body);
				return 0;
		}
	}

	private runSimple(command: Extract<Command, {type: 'simple'}>, io: ShellIo): number {
		const argv = command.words.flatMap((w) => this.expand(w));
		const values = command.assigns.map((a) => [a.name, this.expand(a.value, false).join(' ')] as const);
		const redirected = this.redirect(command.redirects, io);
		if (argv.length === 0) {
			for (const [name, value] of values) this.vars.set(name, value);
			return 0;
		}
		return this.dispatch(argv, redirected);
	}

	private dispatch(argv: readonly string[], io: ShellIo): number {
		const [name, ...args] = argv;
		if (name === undefined) return 0;
		const fn = this.functions.get(name);
		if (fn) return this.runCommand(fn, io);
		switch (name) {
			case 'exit':
				throw new ExitSignal(args[0] === undefined ? this.status : Number(args[0]) & 255);
			case 'export':
				for (const arg of args) {
					const eq = arg.indexOf('=');
					if (eq > 0) this.vars.set(arg.slice(0, eq), arg.slice(eq + 1));
				}
				return 0;
			case 'wait':
			case ':':
				return 0;
			case 'sh':
			case 'bash':
			case '/bin/sh':
			case '/bin/bash':
			case '/usr/bin/bash':
				return this.subshell(name, args, io);
		}
		return runTool(this, name, args, io);
	}

	/** `sh -c 'script'` (or a script on stdin) in a fresh shell of that dialect. */
	subshell(name: string, args: readonly string[], io: ShellIo): number {
		const dialect: Dialect = name.endsWith('bash') ? 'bash' : 'sh';
		const inner = new Shell(this.container, dialect);
		for (const [k, v] of this.files) inner.files.set(k, v);
		let script: string;
		const flags = args.filter((a) => /^-[a-z]+$/.test(a));
		const rest = args.filter((a) => !/^-[a-z]+$/.test(a));
		if (flags.some((f) => f.includes('c'))) {
			if (rest[0] === undefined) {
				io.err(`${dialect}: -c: option requires an argument\n`);
				return 2;
			}
			script = rest[0];
		} else if (rest.length === 0) script = io.stdin;
		else throw new UnsupportedFeature(`running script files with ${name}`);
		const status = inner.runScript(script, {...io, stdin: ''});
		for (const [k, v] of inner.files) this.files.set(k, v);
		return status;
	}

	private redirect(redirects: readonly Redirect[], io: ShellIo): ShellIo {
		let current = {...io};
		for (const r of redirects) {
			const target = this.expand(r.target, false).join(' ');
			const fd = r.fd ?? (r.op === '<' || r.op === '<&' ? 0 : 1);
			const sink = (append: boolean) => {
				if (target === '/dev/null') return () => {};
				if (target === '/dev/stderr') return current.err;
				if (target === '/dev/stdout') return current.out;
				if (!append) this.files.set(target, '');
				return (text: string) => this.files.set(target, (this.files.get(target) ?? '') + text);
			};
			switch (r.op) {
				case '>':
				case '>|':
				case '>>': {
					const write = sink(r.op === '>>');
					current = fd === 2 ? {...current, err: write} : {...current, out: write};
					break;
				}
				case '&>': {
					const write = sink(false);
					current = {...current, out: write, err: write};
					break;
				}
				case '>&':
					if (target === '1') current = fd === 2 ? {...current, err: current.out} : current;
					else if (target === '2') current = fd === 1 ? {...current, out: current.err} : current;
					else throw new UnsupportedFeature(`redirection ${fd}>&${target}`);
					break;
				case '<': {
					const content = this.readFile(target);
					if (content === null) throw new UnsupportedFeature(`reading ${target} in the container`);
					current = {...current, stdin: content};
					break;
				}
				default:
					throw new UnsupportedFeature(`redirection ${r.op}`);
			}
		}
		return current;
	}

	/** Files a script can read: its own, and the few the image is known to hold. */
	readFile(path: string): string | null {
		const own = this.files.get(path);
		if (own !== undefined) return own;
		return imageFile(this.container, path);
	}

	/** Expands a word to fields: parameters, command substitution, arithmetic, bash braces, field splitting. */
	expand(word: Word, split = true): string[] {
		const words = this.dialect === 'bash' ? braceExpand(word) : [word];
		return words.flatMap((w) => this.expandOne(w, split));
	}

	private expandOne(word: Word, split: boolean): string[] {
		return splitFields(word.parts.map((part) => (part.kind === 'text' ? {text: part.value, whole: true} : {text: this.expansion(part), whole: part.quoted || !split})));
	}

	/** The value of one `$...` expansion. */
	private expansion(part: Exclude<WordPart, {kind: 'text'}>): string {
		switch (part.kind) {
			case 'param':
				return this.param(part.name);
			case 'command':
				return this.substitute(part.source);
			case 'arith':
				return String(arithmetic(part.source, (n) => this.vars.get(n) ?? '0'));
		}
	}

	private param(name: string): string {
		if (name === '?') return String(this.status);
		if (name === '$') return '1';
		if (name === '#') return '0';
		if (name === '0') return this.dialect;
		return this.vars.get(name) ?? '';
	}

	private substitute(source: string): string {
		let out = '';
		const inner = new Shell(this.container, this.dialect);
		for (const [k, v] of this.vars) inner.vars.set(k, v);
		for (const [k, v] of this.functions) inner.functions.set(k, v);
		this.status = inner.runScript(source, {out: (t) => (out += t), err: () => {}, stdin: ''});
		return out.replace(/\n+$/, '');
	}
}

/** /etc files of the pod and nginx's document root. */
function imageFile(container: Container, path: string): string | null {
	const {endpoint} = container;
	switch (path) {
		case '/etc/hostname':
			return `${endpoint.pod.metadata.name}\n`;
		case '/etc/hosts':
			return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${endpoint.ip}\t${endpoint.pod.metadata.name}\n`;
		case '/etc/resolv.conf':
			return `search ${endpoint.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${kubeDnsIp(container)}\noptions ndots:5\n`;
	}
	return null;
}

export function kubeDnsIp(container: Container): string {
	const svc = findObject(container.endpoint.cluster, 'Service', 'kube-system', 'kube-dns');
	const spec = svc?.spec as {clusterIP?: string} | undefined;
	return spec?.clusterIP ?? '';
}

/** bash brace expansion on a word's unquoted text: `{1..10}`, `{a,b}`. */
function braceExpand(word: Word): Word[] {
	const index = word.parts.findIndex((p) => p.kind === 'text' && !p.quoted && /\{[^{}]*(\.\.|,)[^{}]*\}/.test(p.value));
	const part = word.parts[index];
	if (!part || part.kind !== 'text') return [word];
	const m = /^(.*?)\{([^{}]*)\}(.*)$/s.exec(part.value);
	if (!m) return [word];
	const [, prefix = '', body = '', suffix = ''] = m;
	let items: string[];
	const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
	if (range) {
		const from = Number(range[1]);
		const to = Number(range[2]);
		const step = from <= to ? 1 : -1;
		items = [];
		for (let n = from; step > 0 ? n <= to : n >= to; n += step) items.push(String(n));
	} else if (body.includes(',')) items = body.split(',');
	else return [word];
	return items.flatMap((item) =>
		braceExpand({parts: [...word.parts.slice(0, index), {kind: 'text', value: `${prefix}${item}${suffix}`, quoted: false}, ...word.parts.slice(index + 1)]}),
	);
}

/** `$((...))` over integers: + - * / % and parentheses, with variables. */
function arithmetic(source: string, lookup: (name: string) => string): number {
	const tokens = source.match(/\d+|[A-Za-z_]\w*|[-+*/%()]/g) ?? [];
	let i = 0;
	const primary = (): number => {
		const t = tokens[i++];
		if (t === '(') {
			const v = sum();
			i++;
			return v;
		}
		if (t === '-') return -primary();
		if (t === undefined) return 0;
		if (/^\d+$/.test(t)) return Number(t);
		return Number(lookup(t)) || 0;
	};
	const product = (): number => {
		let v = primary();
		while (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '%') {
			const op = tokens[i++];
			const r = primary();
			v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
		}
		return v;
	};
	const sum = (): number => {
		let v = product();
		while (tokens[i] === '+' || tokens[i] === '-') {
			const op = tokens[i++];
			const r = product();
			v = op === '+' ? v + r : v - r;
		}
		return v;
	};
	return sum();
}
