import {quote} from 'shell-quote';
import type {ClusterName} from '../../core/lab.js';
import type {StatePaths} from '../../state/paths.js';
import {hasShellOperators} from './command-parse.js';

/**
 * The kubeconfig a command runs with: a cluster's own file (its context is the current one,
 * so the command names none), or the merged lab file whose contexts lab-wide commands name.
 */
export function kubeconfigFor(paths: StatePaths, target: ClusterName | 'lab'): string {
	return target === 'lab' ? paths.labKubeconfig : paths.kubeconfig(target);
}

/** Variables that would steer a tool to another kubeconfig or context; never inherited, never set by a command. */
export const STEERING_VARS: readonly string[] = ['KUBECONFIG', 'HELM_KUBECONTEXT', 'HUBBLE_KUBECONFIG', 'HUBBLE_KUBE_CONTEXT'];

/** The environment of a spawned command: ours, minus steering variables, plus the tool's KUBECONFIG. */
export function commandEnv(base: NodeJS.ProcessEnv, kubeconfig: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...base};
	for (const name of STEERING_VARS) delete env[name];
	env.KUBECONFIG = kubeconfig;
	return env;
}

/**
 * A command as it will run, copy-pasteable: `KUBECONFIG=<file> <command>`, or wrapped in
 * `sh -c` when it has pipes or lists (a prefix assignment would cover only the first stage).
 */
export function renderCommandLine(command: string, kubeconfig: string): string {
	const assignment = `KUBECONFIG=${quote([kubeconfig])}`;
	return hasShellOperators(command) ? `${assignment} sh -c ${quote([command])}` : `${assignment} ${command}`;
}
