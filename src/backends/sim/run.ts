import type {OutputChunk} from '../backend.js';
import {CLUSTERS, type ClusterName} from '../../core/lab.js';
import {EXIT} from '../../core/exit-codes.js';
import {checkCommand} from '../../gate/command-gate.js';
import {formatRefusal} from '../../gate/verdict.js';
import {runCilium} from './cilium/cli.js';
import type {Files, Io, ProgramContext, ProgramResult} from './context.js';
import {parseGrep, runGrep} from './grep.js';
import {runHubble} from './hubble-cli.js';
import {runKind} from './kind/cli.js';
import {runKubectl} from './kubectl/cli.js';
import {InvalidObject, ReplicasBeyondSimulator} from './kube/validation.js';
import {stateRandom} from './random.js';
import {parseChecked, parseHostLine, UnsupportedFeature} from './shell/host.js';
import {splitFields, type Word} from '../../shell/lexer.js';
import type {Command, List, Pipeline} from '../../shell/syntax.js';
import {copyState, type SimState} from './state.js';

/**
 * Runs one learner command line against the lab state. Every program invocation is its own
 * transaction: a program that fails leaves the lab as it was (keeping only what really happened,
 * such as Hubble drops and the PRNG's progress), and an unsupported line changes nothing at all.
 */

export interface LineRequest {
	readonly command: string;
	readonly target: ClusterName | 'lab';
	readonly stdin?: string;
}

export interface LineDeps {
	readonly files: Files;
	readonly now: Date;
	readonly ciliumVersionDefault: string;
	/** Seeds the PRNG when the lab first needs it (tests); otherwise it is random. */
	readonly seed?: number;
}

export interface LineResult {
	readonly state: SimState;
	readonly chunks: readonly OutputChunk[];
	readonly exitCode: number;
	/** The time the line would have taken (its timeouts, retries and sleeps); the simulator does not wait it. */
	readonly elapsedMs: number;
}

type Program = (ctx: ProgramContext, argv: readonly string[]) => ProgramResult;

const PROGRAMS: Readonly<Record<string, Program>> = {
	kind: runKind,
	kubectl: runKubectl,
	cilium: runCilium,
	hubble: runHubble,
	echo: (ctx, argv) => {
		const newline = argv[0] !== '-n';
		ctx.io.stdout(`${(newline ? argv : argv.slice(1)).join(' ')}${newline ? '\n' : ''}`);
		return {exitCode: 0};
	},
	// Filters what the lab's tools print (`cilium config view | grep cluster-`); files stay in the container shells.
	grep: (ctx, argv) => {
		const command = parseGrep(argv);
		if ('usage' in command) {
			ctx.io.stderr(command.usage);
			return {exitCode: 2};
		}
		if (command.files.length > 0) throw new UnsupportedFeature('grep on files of your computer');
		const {out, status} = runGrep(command, ctx.stdin);
		ctx.io.stdout(out);
		return {exitCode: status};
	},
	// The simulator does not wait (the lab has already converged), but the line's time counts the sleep.
	sleep: (ctx, argv) => {
		const seconds = Number(/^(\d+(?:\.\d+)?)s?$/.exec(argv[0] ?? '')?.[1] ?? 0);
		ctx.clock.elapsedMs += seconds * 1000;
		return {exitCode: 0};
	},
	true: () => ({exitCode: 0}),
	false: () => ({exitCode: 1}),
};

function unsupportedMessage(feature: string): string {
	return `clustermesh-tutor: "${feature}" is not supported by the simulator (it models kind, kubectl, cilium and the lab's containers). Run this lesson on the live backend to use it.\n`;
}

/**
 * Keeps what the network really did during a failed command: PRNG draws, recorded flows and
 * the requests servers answered.
 * Takes over `snapshot`, the private copy made before the command ran.
 */
function withTelemetry(snapshot: SimState, current: SimState): SimState {
	snapshot.random = current.random;
	for (const [name, cluster] of Object.entries(snapshot.clusters)) {
		const now = current.clusters[name];
		if (!now) continue;
		cluster.flows = now.flows;
		if (now.accessLog) cluster.accessLog = now.accessLog;
	}
	return snapshot;
}

/** Where a command's output goes: stdout to the next stage (or a `$(...)`), stderr always to the terminal. */
interface Sink {
	readonly stdout: (text: string) => void;
	readonly stdin: string;
}

type Variables = ReadonlyMap<string, string>;

/** The interpreter for a checked line: lists, pipelines, `for` loops and word expansion. */
class HostShell {
	constructor(
		public state: SimState,
		private readonly request: LineRequest,
		private readonly deps: LineDeps,
		private readonly stderr: (text: string) => void,
		readonly clock: {elapsedMs: number} = {elapsedMs: 0},
	) {}

	list(list: List, vars: Variables, sink: Sink): number {
		let status = 0;
		for (const {andOr} of list) {
			status = this.pipeline(andOr.first, vars, sink);
			for (const {op, pipeline} of andOr.rest) {
				if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = this.pipeline(pipeline, vars, sink);
			}
		}
		return status;
	}

	private pipeline(pipeline: Pipeline, vars: Variables, sink: Sink): number {
		let stdin = sink.stdin;
		let status = 0;
		pipeline.commands.forEach((command, i) => {
			let captured = '';
			const last = i === pipeline.commands.length - 1;
			status = this.command(command, vars, {stdout: last ? sink.stdout : (t) => (captured += t), stdin});
			stdin = captured;
		});
		return status;
	}

	private command(command: Command, vars: Variables, sink: Sink): number {
		if (command.type === 'for') {
			let status = 0;
			for (const value of (command.words ?? []).flatMap((w) => this.expand(w, vars))) {
				status = this.list(command.body, new Map([...vars, [command.name, value]]), sink);
			}
			return status;
		}
		if (command.type !== 'simple') throw new Error(`unchecked ${command.type} on the host`);
		const argv = command.words.flatMap((w) => this.expand(w, vars));
		return this.program(argv, sink);
	}

	/** Words to fields: text stays whole, `$NAME` and `$(...)` split on blanks unless quoted. */
	private expand(word: Word, vars: Variables): string[] {
		return splitFields(
			word.parts.map((part) => {
				if (part.kind === 'text') return {text: part.value, whole: true};
				if (part.kind === 'param') return {text: vars.get(part.name) ?? '', whole: part.quoted};
				if (part.kind === 'command') return {text: this.substitute(part.source, vars), whole: part.quoted};
				throw new Error('unchecked arithmetic on the host');
			}),
		);
	}

	private substitute(source: string, vars: Variables): string {
		let out = '';
		this.list(parseChecked(source), vars, {stdout: (t) => (out += t), stdin: ''});
		return out.replace(/\n+$/, '');
	}

	/** One program invocation, as its own transaction. */
	private program(argv: readonly string[], sink: Sink): number {
		const [name = '', ...args] = argv;
		const program = Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined;
		if (!program) throw new UnsupportedFeature(name);
		const before = copyState(this.state);
		const io: Io = {stdout: sink.stdout, stderr: this.stderr};
		const ctx: ProgramContext = {
			state: this.state,
			target: this.request.target,
			env: {random: stateRandom(this.state, this.deps.seed), now: this.deps.now},
			io,
			stdin: sink.stdin,
			files: this.deps.files,
			ciliumVersionDefault: this.deps.ciliumVersionDefault,
			clock: this.clock,
		};
		try {
			const result = program(ctx, args);
			if (result.exitCode !== 0 && !result.keepPartial) this.state = withTelemetry(before, this.state);
			return result.exitCode;
		} catch (error) {
			this.state = before;
			// The API server's refusals end the program like kubectl's own errors; counts it cannot model are unsupported.
			if (error instanceof InvalidObject) {
				this.stderr(`${error.message}\n`);
				return 1;
			}
			if (error instanceof ReplicasBeyondSimulator) throw new UnsupportedFeature(error.message);
			throw error;
		}
	}
}

export function runLine(initial: SimState, request: LineRequest, deps: LineDeps): LineResult {
	const chunks: OutputChunk[] = [];
	const emit = (stream: OutputChunk['stream'], text: string) => {
		if (!text) return;
		const last = chunks[chunks.length - 1];
		if (last && last.stream === stream) chunks[chunks.length - 1] = {stream, text: last.text + text};
		else chunks.push({stream, text});
	};
	// The live backend's gate first, with the same message and exit code: the simulator teaches
	// only what the live lab would run. Its kubeconfig is notional, so any --kubeconfig is refused.
	const verdict = checkCommand(request.command, {target: request.target, owned: CLUSTERS, kubeconfig: `simulated-lab/kube/${request.target}.yaml`});
	if (!verdict.ok) {
		emit('stderr', formatRefusal(verdict));
		return {state: initial, chunks, exitCode: EXIT.refused, elapsedMs: 0};
	}
	const shell = new HostShell(initial, request, deps, (t) => emit('stderr', t));
	try {
		const line = parseHostLine(request.command, (name) => Object.hasOwn(PROGRAMS, name));
		const exitCode = shell.list(line, new Map(), {stdout: (t) => emit('stdout', t), stdin: request.stdin ?? ''});
		return {state: shell.state, chunks, exitCode, elapsedMs: shell.clock.elapsedMs};
	} catch (error) {
		if (error instanceof UnsupportedFeature) {
			emit('stderr', unsupportedMessage(error.feature));
			return {state: shell.state, chunks, exitCode: EXIT.unsupported, elapsedMs: shell.clock.elapsedMs};
		}
		throw error;
	}
}
