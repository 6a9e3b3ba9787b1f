import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Backend} from '../../src/backends/backend.js';
import {createKindBackend} from '../../src/backends/kind/backend.js';
import {ownershipStore} from '../../src/backends/kind/ownership.js';
import {createRunner, type Runner} from '../../src/backends/kind/runner.js';
import type {CliContext} from '../../src/cli/context.js';
import {main} from '../../src/cli/main.js';
import {statePaths, type StatePaths} from '../../src/state/paths.js';
import {fakeStateObserver} from './fake-observer.js';

export const FAKE_BIN = fileURLToPath(new URL('./bin', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One invocation of a fake tool, as it logged itself. */
export interface FakeCall {
	readonly tool: string;
	readonly argv: readonly string[];
	readonly env: {
		readonly KUBECONFIG: string | null;
		readonly HOME: string | null;
		/** Names of KUBE*, HELM_*, HUBBLE_*, KIND_CLUSTER_NAME and cloud-credential variables the tool saw. */
		readonly steering: readonly string[];
	};
	readonly cwd: string;
	readonly pid: number;
	/** The `sh -c` the runner spawned (or the process group's leader). */
	readonly ppid: number;
	readonly time: number;
	readonly hang?: boolean;
	readonly grandchild?: number;
}

export interface FakeLab {
	readonly dir: string;
	readonly home: string;
	readonly paths: StatePaths;
	/** The learner's folder: empty, so lesson paths must resolve to the installed copies. */
	readonly cwd: string;
	readonly stateFile: string;
	readonly env: NodeJS.ProcessEnv;
	runner(extra?: NodeJS.ProcessEnv, options?: {graceMs?: number}): Runner;
	backend(extra?: NodeJS.ProcessEnv, options?: {graceMs?: number}): Backend;
	/** A CLI context for this lab (installed copy, empty learner folder, no TTY); output is dropped unless overridden. */
	cliContext(overrides?: Partial<CliContext>): CliContext;
	calls(): FakeCall[];
	cleanup(): void;
}

/** A temporary state home and fake-tool environment; the fakes come first on PATH for this lab only. */
export function fakeLab(): FakeLab {
	for (const tool of readdirSync(FAKE_BIN)) chmodSync(path.join(FAKE_BIN, tool), 0o755);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cmt-fakes-'));
	const home = path.join(dir, 'state');
	const cwd = path.join(dir, 'work');
	const paths = statePaths(home);
	const stateFile = path.join(dir, 'fake-state.json');
	const logFile = path.join(dir, 'fake-log.jsonl');
	const env: NodeJS.ProcessEnv = {
		PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
		HOME: path.join(dir, 'home'),
		FAKE_STATE: stateFile,
		FAKE_LOG: logFile,
		// Stray steering variables in the caller's environment must never reach a command.
		KUBECONFIG: path.join(dir, 'home', '.kube', 'must-not-be-used'),
		HELM_KUBEAPISERVER: 'https://prod.example:6443',
		HELM_KUBETOKEN: 'prod-token',
		HELM_KUBECONTEXT: 'prod',
		HUBBLE_SERVER: 'prod.example:4245',
		KIND_CLUSTER_NAME: 'prod',
		AWS_SECRET_ACCESS_KEY: 'must-not-leak',
	};
	mkdirSync(cwd, {recursive: true});
	const runner = (extra: NodeJS.ProcessEnv = {}, options: {graceMs?: number} = {}) =>
		createRunner({paths, cwd, root: REPO_ROOT, ownership: ownershipStore(paths.ownership), env: {...env, ...extra}, graceMs: options.graceMs ?? 300});
	return {
		dir,
		home,
		paths,
		cwd,
		stateFile,
		env,
		runner,
		backend: (extra, options) => createKindBackend({runner: runner(extra, options), observer: fakeStateObserver(stateFile)}),
		cliContext: (overrides = {}) => ({
			root: REPO_ROOT,
			cwd,
			env,
			paths,
			stdout: () => {},
			stderr: () => {},
			isTTY: false,
			setExitCode: () => {},
			signal: new AbortController().signal,
			...overrides,
		}),
		calls: () =>
			existsSync(logFile)
				? readFileSync(logFile, 'utf8')
						.split('\n')
						.filter(Boolean)
						.map((l) => JSON.parse(l) as FakeCall)
				: [],
		cleanup: () => rmSync(dir, {recursive: true, force: true}),
	};
}

/** The lab's CLI context collecting what a command prints and its exit code, and `run` to run `main` on it. */
export function labCli(lab: FakeLab, env: NodeJS.ProcessEnv = {}) {
	const out = {stdout: '', stderr: '', exitCode: 0};
	const ctx = lab.cliContext({
		env: {...lab.env, ...env},
		stdout: (text) => (out.stdout += text),
		stderr: (text) => (out.stderr += text),
		setExitCode: (code) => (out.exitCode = code),
	});
	return {ctx, out, run: (...argv: string[]) => main(argv, ctx).then(() => out)};
}
