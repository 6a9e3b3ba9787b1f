import path from 'node:path';
import {quote} from 'shell-quote';
import type {ClusterName} from '../../core/lab.js';
import {isPlainCommand} from '../../gate/command-gate.js';
import type {StatePaths} from '../../state/paths.js';

/**
 * The kubeconfig a command runs with: a cluster's own file (its context is the current one,
 * so the command names none), or the merged lab file whose contexts lab-wide commands name.
 */
export function kubeconfigFor(paths: StatePaths, target: ClusterName | 'lab'): string {
	return target === 'lab' ? paths.labKubeconfig : paths.kubeconfig(target);
}

/** The private HOME of live commands: a fallback to `~/.kube/config` finds nothing of the learner's. */
export function commandHome(paths: StatePaths): string {
	return path.join(paths.home, 'home');
}

/**
 * Variables a live command inherits, by name. Everything else is dropped: no other KUBE*,
 * HELM_*, HUBBLE_* or cloud credentials reach kubectl, helm, cilium or hubble.
 * Docker's own variables keep colima, Podman and Docker Desktop contexts working;
 * `FAKE_*` configure the test suite's fake tools.
 */
const PASSED = [
	/^PATH$/,
	/^LANG$/,
	/^LC_[A-Z_]+$/,
	/^TERM$/,
	/^NO_COLOR$/,
	/^TMPDIR$/,
	/^(http|https|no|all)_proxy$/i,
	/^DOCKER_(HOST|CONTEXT|CONFIG|CERT_PATH|TLS_VERIFY)$/,
	/^KIND_EXPERIMENTAL_PROVIDER$/,
	/^FAKE_[A-Z_]+$/,
];

export interface CommandEnvOptions {
	readonly kubeconfig: string;
	/** The private HOME folder (see commandHome). */
	readonly home: string;
	/** The tool's state folder, so `clustermesh-tutor doctor` run by a lesson sees the same state. */
	readonly stateHome: string;
}

/** The environment of a spawned command, built from an allowlist rather than by stripping a deny list. */
export function commandEnv(base: NodeJS.ProcessEnv, options: CommandEnvOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(base)) {
		if (value !== undefined && PASSED.some((pattern) => pattern.test(name))) env[name] = value;
	}
	// Docker's CLI looks in ~/.docker for its contexts; HOME changes, so point it at the learner's.
	if (env.DOCKER_CONFIG === undefined && base.HOME) env.DOCKER_CONFIG = path.join(base.HOME, '.docker');
	env.HOME = options.home;
	env.KUBECONFIG = options.kubeconfig;
	env.CLUSTERMESH_TUTOR_HOME = options.stateHome;
	return env;
}

/**
 * A command as it will run, copy-pasteable: `KUBECONFIG=<file> <command>`, or wrapped in
 * `sh -c` when it has pipes or lists (a prefix assignment would cover only the first stage).
 */
export function renderCommandLine(command: string, kubeconfig: string): string {
	const assignment = `KUBECONFIG=${quote([kubeconfig])}`;
	return isPlainCommand(command) ? `${assignment} ${command}` : `${assignment} sh -c ${quote([command])}`;
}
