import {appendFile, mkdir} from 'node:fs/promises';
import {StringDecoder} from 'node:string_decoder';
import {constants} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import type {OutputChunk, RunRequest, RunResult} from '../backend.js';
import {EXIT} from '../../core/exit-codes.js';
import type {StatePaths} from '../../state/paths.js';
import {rewriteAssetPaths} from './asset-paths.js';
import {checkCommand, createdCluster} from '../../gate/command-gate.js';
import {formatRefusal} from '../../gate/verdict.js';
import {commandEnv, commandHome, kubeconfigFor} from './command-env.js';
import {ensureToolShim, toolShimScript, withToolPath} from './tool-shim.js';
import {classifyFailure} from './failure-hints.js';
import {writeLabKubeconfig} from './kubeconfig.js';
import {decideCreate, ownedClusters, type OwnershipStore} from './ownership.js';
import {parseKindClusters} from './parse/kind-clusters.js';
import {killGroup, trackGroup} from './process-groups.js';

export interface RunnerOptions {
	readonly paths: StatePaths;
	/** Where lesson commands run (the learner's folder). */
	readonly cwd: string;
	/** The tool's install folder, for `manifests/…` and `kind-configs/…`. */
	readonly root: string;
	readonly ownership: OwnershipStore;
	readonly env?: NodeJS.ProcessEnv;
	/** Per command; a command still running then is killed with its whole group. */
	readonly timeoutMs?: number;
	/** Between SIGTERM and SIGKILL of a group. */
	readonly graceMs?: number;
	/** The archive `up --images` was given: the gate lets `docker load` and `kind load` read it. */
	readonly imageArchive?: string;
}

export interface RunnerRequest extends RunRequest {
	readonly timeoutMs?: number;
}

export interface Runner {
	run(request: RunnerRequest): Promise<RunResult>;
}

/** Exit code of a command the runner refused (nothing was spawned). */
const REFUSED = EXIT.refused;
const TIMED_OUT = 124;
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs lesson and plan commands against the live lab: safety check first (nothing runs that
 * could reach a foreign context or kubeconfig), then `sh -c` in its own process group with
 * KUBECONFIG set to the tool's file for the target, output streamed as it arrives.
 */
export function createRunner(options: RunnerOptions): Runner {
	const {paths, ownership} = options;
	const log = (line: string) =>
		mkdir(paths.logs, {recursive: true})
			.then(() => appendFile(path.join(paths.logs, 'commands.log'), `${new Date().toISOString()} ${line}\n`))
			.catch(() => undefined);

	const shimDir = path.join(paths.home, 'bin');
	const images = {folder: path.dirname(paths.imageArchive), archives: options.imageArchive ? [options.imageArchive] : []};
	const home = commandHome(paths);
	const spawn = (request: RunnerRequest, command: string, kubeconfig: string) =>
		spawnLabCommand(command, request, {...options, cwd: options.cwd, kubeconfig});

	const refuse = async (request: RunnerRequest, reason: string, fix: string): Promise<RunResult> => {
		request.onOutput({stream: 'stderr', text: formatRefusal({ok: false, reason, fix})});
		await log(`REFUSED ${request.target} ${request.command} (${reason})`);
		return {exitCode: REFUSED, cancelled: false};
	};

	return {
		async run(request) {
			const owned = ownedClusters(await ownership.read());
			const kubeconfig = kubeconfigFor(paths, request.target);
			const verdict = checkCommand(request.command, {target: request.target, owned, kubeconfig, images});
			if (!verdict.ok) return refuse(request, verdict.reason, verdict.fix);
			await mkdir(paths.kubeDir, {recursive: true, mode: 0o700});
			await mkdir(home, {recursive: true, mode: 0o700});
			const creating = createdCluster(request.command);
			if (creating) {
				// Record ownership only when we know no foreign cluster of that name exists.
				const listing = {stdout: '', stderr: ''};
				const listed = await spawn({...request, stdin: undefined, onOutput: (c) => (listing[c.stream] += c.text)}, 'kind get clusters', kubeconfig);
				if (listed.cancelled) return listed;
				if (listed.exitCode !== 0) {
					const hint = classifyFailure(listing.stderr)[0];
					return refuse(request, `cannot tell whether a kind cluster named ${creating} exists: ${hint?.title ?? listing.stderr.trim()}`, hint?.fix ?? 'check `kind get clusters`');
				}
				const decision = decideCreate(creating, parseKindClusters(listing.stdout), owned);
				if (decision.action === 'refuse') return refuse(request, decision.reason, decision.fix);
				await ownership.record(creating, 'creating');
			}
			if (request.target === 'lab') await writeLabKubeconfig(paths);
			await ensureToolShim(shimDir, toolShimScript(process.execPath, options.root));
			const command = rewriteAssetPaths(request.command, {cwd: options.cwd, root: options.root});
			const result = await spawn(request, command, kubeconfig);
			if (creating && result.exitCode === 0) await ownership.record(creating, 'created');
			await log(`exit=${result.exitCode}${result.cancelled ? ' (cancelled)' : ''} ${request.target} ${command}`);
			return result;
		},
	};
}

/** What a lab command is started with, besides the request itself. */
export interface LabSpawn {
	readonly paths: StatePaths;
	readonly cwd: string;
	/** The tool's own kubeconfig for the command's target. */
	readonly kubeconfig: string;
	/** The environment the allowlist is taken from. @default process.env */
	readonly env?: NodeJS.ProcessEnv;
	readonly timeoutMs?: number;
	readonly graceMs?: number;
}

/**
 * Starts a command the gate allowed: from the allowlisted environment (a private HOME, the
 * tool's KUBECONFIG), with the `clustermesh-tutor` shim first on PATH. Shared by the kind and
 * the attached runners, so both start commands the same way.
 */
export function spawnLabCommand(command: string, request: RunnerRequest, spawn: LabSpawn): Promise<RunResult> {
	const {paths} = spawn;
	const shimDir = path.join(paths.home, 'bin');
	return spawnInGroup(command, {
		cwd: spawn.cwd,
		env: withToolPath(commandEnv(spawn.env ?? process.env, {kubeconfig: spawn.kubeconfig, home: commandHome(paths), stateHome: paths.home}), shimDir),
		stdin: request.stdin,
		signal: request.signal,
		timeoutMs: request.timeoutMs ?? spawn.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		graceMs: spawn.graceMs ?? 2000,
		onOutput: request.onOutput,
	});
}

export interface SpawnOptions {
	readonly cwd: string;
	readonly env: NodeJS.ProcessEnv;
	readonly stdin?: string;
	readonly signal?: AbortSignal;
	readonly timeoutMs: number;
	readonly graceMs: number;
	readonly onOutput: (chunk: OutputChunk) => void;
}

/**
 * Thin shell around execa: one detached group, streamed output, group kill on cancel or timeout.
 * Only the runner calls it, after the gate; exported for the process-mechanics tests.
 */
export async function spawnInGroup(command: string, options: SpawnOptions): Promise<RunResult> {
	if (options.signal?.aborted) return {exitCode: EXIT.interrupted, cancelled: true};
	const child = execa('sh', ['-c', command], {
		cwd: options.cwd,
		env: options.env,
		extendEnv: false,
		detached: true,
		buffer: false,
		reject: false,
		...(options.stdin === undefined ? {stdin: 'ignore' as const} : {input: options.stdin}),
	});
	const pid = child.pid;
	let cancelled = false;
	let timedOut = false;
	const untrack = pid === undefined ? () => undefined : trackGroup(pid);
	const stop = () => {
		if (pid !== undefined) killGroup(pid, options.graceMs);
	};
	const onAbort = () => {
		cancelled = true;
		stop();
	};
	options.signal?.addEventListener('abort', onAbort, {once: true});
	const timer = setTimeout(() => {
		timedOut = true;
		stop();
	}, options.timeoutMs);
	for (const stream of ['stdout', 'stderr'] as const) {
		const readable = child[stream];
		const decoder = new StringDecoder('utf8');
		readable?.on('data', (raw: Buffer) => options.onOutput({stream, text: decoder.write(raw), raw}));
		// An incomplete character at the very end: its bytes went out raw already.
		readable?.on('end', () => {
			const rest = decoder.end();
			if (rest) options.onOutput({stream, text: rest, raw: new Uint8Array(0)});
		});
	}
	try {
		const result = await child;
		if (cancelled) return {exitCode: EXIT.interrupted, cancelled: true};
		if (timedOut) {
			options.onOutput({stream: 'stderr', text: `clustermesh-tutor: timed out after ${(options.timeoutMs / 1000).toFixed(options.timeoutMs < 10_000 ? 1 : 0)}s; stopped it\n`});
			return {exitCode: TIMED_OUT, cancelled: false};
		}
		if (result.exitCode === undefined) {
			if (result.signal) return {exitCode: 128 + (constants.signals[result.signal] ?? 0), cancelled: false};
			options.onOutput({stream: 'stderr', text: `clustermesh-tutor: could not start the command: ${result.shortMessage}\n`});
			return {exitCode: 127, cancelled: false};
		}
		return {exitCode: result.exitCode, cancelled: false};
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
		untrack();
	}
}

export interface CapturedRun extends RunResult {
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs a command through the runner (same safety and environment) and keeps its output. */
export async function capture(runner: Runner, request: Omit<RunnerRequest, 'onOutput'>): Promise<CapturedRun> {
	const out = {stdout: '', stderr: ''};
	const result = await runner.run({...request, onOutput: (chunk) => (out[chunk.stream] += chunk.text)});
	return {...result, ...out};
}
