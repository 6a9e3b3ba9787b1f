import type {OutputChunk} from '../backend.js';
import type {ClusterName} from '../../core/lab.js';
import {EXIT} from '../../core/exit-codes.js';
import {runCilium} from './cilium/cli.js';
import type {Files, Io, ProgramContext, ProgramResult} from './context.js';
import {runKind} from './kind/cli.js';
import {runKubectl} from './kubectl/cli.js';
import {stateRandom} from './random.js';
import {parseHostLine, UnsupportedFeature, type HostPipeline} from './shell/host.js';
import {copyState, type SimState} from './state.js';

/**
 * Runs one learner command line against the lab state. Every program invocation is its own
 * transaction: a program that fails leaves the lab as it was (keeping only what really happened,
 * such as Hubble drops and the PRNG's progress), and an unsupported one changes nothing at all.
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
}

type Program = (ctx: ProgramContext, argv: readonly string[]) => ProgramResult;

const PROGRAMS: Readonly<Record<string, Program>> = {
	kind: runKind,
	kubectl: runKubectl,
	cilium: runCilium,
	echo: (ctx, argv) => {
		const newline = argv[0] !== '-n';
		ctx.io.stdout(`${(newline ? argv : argv.slice(1)).join(' ')}${newline ? '\n' : ''}`);
		return {exitCode: 0};
	},
	// Time in the simulator does not pass: the lab has already converged.
	sleep: () => ({exitCode: 0}),
	true: () => ({exitCode: 0}),
	false: () => ({exitCode: 1}),
};

export function unsupportedMessage(feature: string): string {
	return `clustermesh-tutor: "${feature}" is not supported by the simulator (it models kind, kubectl, cilium and the lab's containers). Run this lesson on the live backend to use it.\n`;
}

/** Keeps what the network really did during a failed command: PRNG draws and recorded flows. */
function withTelemetry(snapshot: SimState, current: SimState): SimState {
	const restored = copyState(snapshot);
	restored.random = current.random;
	for (const [name, cluster] of Object.entries(restored.clusters)) {
		const now = current.clusters[name];
		if (now) cluster.flows = now.flows;
	}
	return restored;
}

export function runLine(initial: SimState, request: LineRequest, deps: LineDeps): LineResult {
	const chunks: OutputChunk[] = [];
	const emit = (stream: OutputChunk['stream'], text: string) => {
		if (!text) return;
		const last = chunks[chunks.length - 1];
		if (last && last.stream === stream) chunks[chunks.length - 1] = {stream, text: last.text + text};
		else chunks.push({stream, text});
	};
	let state = initial;
	try {
		const line = parseHostLine(request.command);
		for (const list of line.lists) {
			for (const pipeline of [list.first, ...list.rest.map((r) => r.pipeline)]) {
				for (const argv of pipeline.commands) {
					const program = argv[0] ?? '';
					if (!PROGRAMS[program]) throw new UnsupportedFeature(program);
				}
			}
		}
		let exitCode = 0;
		const runPipeline = (pipeline: HostPipeline): number => {
			let stdin = request.stdin ?? '';
			let status = 0;
			pipeline.commands.forEach((argv, i) => {
				const last = i === pipeline.commands.length - 1;
				let captured = '';
				const io: Io = {stdout: last ? (t) => emit('stdout', t) : (t) => (captured += t), stderr: (t) => emit('stderr', t)};
				const before = copyState(state);
				const ctx: ProgramContext = {
					state,
					target: request.target,
					env: {random: stateRandom(state, deps.seed), now: deps.now},
					io,
					stdin,
					files: deps.files,
					ciliumVersionDefault: deps.ciliumVersionDefault,
				};
				try {
					const result = (PROGRAMS[argv[0] ?? ''] as Program)(ctx, argv.slice(1));
					status = result.exitCode;
					if (status !== 0 && !result.keepPartial) state = withTelemetry(before, state);
				} catch (error) {
					state = before;
					throw error;
				}
				stdin = captured;
			});
			return status;
		};
		for (const list of line.lists) {
			exitCode = runPipeline(list.first);
			for (const {op, pipeline} of list.rest) {
				if ((op === '&&' && exitCode === 0) || (op === '||' && exitCode !== 0)) exitCode = runPipeline(pipeline);
			}
		}
		return {state, chunks, exitCode};
	} catch (error) {
		if (error instanceof UnsupportedFeature) {
			emit('stderr', unsupportedMessage(error.feature));
			return {state, chunks, exitCode: EXIT.unsupported};
		}
		throw error;
	}
}
