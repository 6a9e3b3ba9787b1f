import {clusterOfContext, contextOf, isClusterName, type ClusterName} from '../../core/lab.js';
import type {ServerEnv} from './kube/objects.js';
import type {ClusterState, SimState} from './state.js';

/** Where a simulated program writes. */
export interface Io {
	stdout(text: string): void;
	stderr(text: string): void;
}

/** Read access to the learner's files (manifests, kind configs), resolved like lesson assets. */
export interface Files {
	/** Absolute path for a path named in a command. */
	resolve(file: string): string;
	exists(file: string): boolean;
	isDirectory(file: string): boolean;
	read(file: string): string;
	list(dir: string): string[];
}

/** Everything a simulated program sees while it runs. */
export interface ProgramContext {
	readonly state: SimState;
	/** Whose kubeconfig the command runs with: one cluster's context, or both (lab). */
	readonly target: ClusterName | 'lab';
	readonly env: ServerEnv;
	readonly io: Io;
	readonly stdin: string;
	readonly files: Files;
	readonly ciliumVersionDefault: string;
	/** Virtual time the command line has spent so far (timeouts, retries, sleeps), shared by its programs. */
	readonly clock: {elapsedMs: number};
}

/** A program's result; `keepPartial` keeps what a failing command really did (e.g. half an apply). */
export interface ProgramResult {
	readonly exitCode: number;
	readonly keepPartial?: boolean;
}

export const ok: ProgramResult = {exitCode: 0};

export function failed(io: Io, message: string, exitCode = 1): ProgramResult {
	io.stderr(message.endsWith('\n') ? message : `${message}\n`);
	return {exitCode};
}

/** The kube contexts the command's kubeconfig holds: kind adds one per existing cluster. */
export function availableContexts(ctx: Pick<ProgramContext, 'state' | 'target'>): string[] {
	const names = ctx.target === 'lab' ? Object.keys(ctx.state.clusters).filter(isClusterName) : [ctx.target];
	return names.filter((n) => ctx.state.clusters[n]).map(contextOf);
}

export type ContextResolution =
	| {readonly ok: true; readonly cluster: ClusterState; readonly context: string}
	| {readonly ok: false; readonly reason: 'missing-context'; readonly context: string}
	| {readonly ok: false; readonly reason: 'no-current-context'};

/** Picks the cluster a kube client talks to, as client-go would with the command's kubeconfig. */
export function resolveContext(ctx: Pick<ProgramContext, 'state' | 'target'>, requested: string | undefined): ContextResolution {
	const contexts = availableContexts(ctx);
	const context = requested ?? (ctx.target === 'lab' ? undefined : contexts[0]);
	if (context === undefined) return {ok: false, reason: 'no-current-context'};
	if (!contexts.includes(context)) return {ok: false, reason: 'missing-context', context};
	const name = clusterOfContext(context);
	const cluster = name && ctx.state.clusters[name];
	if (!cluster) return {ok: false, reason: 'missing-context', context};
	return {ok: true, cluster, context};
}
