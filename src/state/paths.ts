import os from 'node:os';
import path from 'node:path';
import type {LabKind} from '../core/backend-kind.js';
import {EnvironmentError} from '../core/errors.js';

/**
 * Where the tool keeps its state: `$CLUSTERMESH_TUTOR_HOME`, else the XDG state directory
 * (`$XDG_STATE_HOME/clustermesh-tutor`, by default `~/.local/state/clustermesh-tutor`).
 */
export function stateHome(env: NodeJS.ProcessEnv = process.env, homedir: () => string = os.homedir): string {
	const override = env.CLUSTERMESH_TUTOR_HOME;
	if (override) return path.resolve(override);
	// The XDG Base Directory spec says a relative XDG_STATE_HOME is invalid and to be ignored.
	if (env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)) return path.join(env.XDG_STATE_HOME, 'clustermesh-tutor');
	const home = homedir();
	if (!path.isAbsolute(home)) {
		throw new EnvironmentError(
			`no home folder to keep progress in (HOME is ${home ? `"${home}", not an absolute path` : 'empty'})`,
			'set HOME to your home folder, or choose a state folder: CLUSTERMESH_TUTOR_HOME=/some/dir',
		);
	}
	return path.join(home, '.local', 'state', 'clustermesh-tutor');
}

/** Every file the tool owns, derived from the state home. */
export interface StatePaths {
	readonly home: string;
	/** Progress is kept per lab (`progress-sim.json`, `-kind`, `-attached`) so one lab never claims another's progress. */
	progress(lab: LabKind): string;
	readonly simState: string;
	readonly kubeDir: string;
	/** Per-cluster kubeconfig (current context set to that cluster). */
	kubeconfig(cluster: string): string;
	/** Both lab contexts, for lab-wide commands. */
	readonly labKubeconfig: string;
	/** Which lab clusters this tool created (so `down` never deletes another one). */
	readonly ownership: string;
	readonly lock: string;
	readonly logs: string;
	/** Where `prepare` writes its image archive by default (its manifest sits beside it). */
	readonly imageArchive: string;
	/** What `up` loads into the nodes: the prepared images minus the node image, re-saved from Docker. */
	readonly clusterImageArchive: string;
	/** Each task's duration and the total of the last `up`. */
	readonly timings: string;
}

export function statePaths(home: string = stateHome()): StatePaths {
	const kubeDir = path.join(home, 'kube');
	return {
		home,
		progress: (lab) => path.join(home, `progress-${lab}.json`),
		simState: path.join(home, 'sim', 'lab.json'),
		kubeDir,
		kubeconfig: (cluster) => path.join(kubeDir, `${cluster}.yaml`),
		labKubeconfig: path.join(kubeDir, 'lab.yaml'),
		ownership: path.join(home, 'kind-clusters.json'),
		lock: path.join(home, 'lock'),
		logs: path.join(home, 'logs'),
		imageArchive: path.join(home, 'images', 'lab-images.tar'),
		clusterImageArchive: path.join(home, 'images', 'cluster-images.tar'),
		timings: path.join(home, 'up-timings.json'),
	};
}
