import type {PlanCommand} from '../../lab/plan.js';
import type {StatePaths} from '../../state/paths.js';
import {rewriteAssetPaths} from './asset-paths.js';
import {kubeconfigFor, renderCommandLine} from './command-env.js';

/**
 * How `up --dry-run` shows a live command: exactly what the runner would execute, asset paths
 * resolved and the KUBECONFIG it gets. Pure (the existence test only reads the file system).
 */
export function liveCommandRenderer(
	paths: StatePaths,
	options: {readonly cwd: string; readonly root: string; readonly exists?: (p: string) => boolean},
): (command: PlanCommand) => string {
	return (command) => renderCommandLine(rewriteAssetPaths(command.command, options), kubeconfigFor(paths, command.target));
}

export function livePlanHeader(paths: StatePaths): string {
	return [
		`Plan for live kind clusters (nothing was run). State folder: ${paths.home}`,
		'Groups run in order; the tasks of a group run in parallel; a task already done is skipped.',
		"Each command runs under `sh -c` with the KUBECONFIG shown (the tool's own files, never ~/.kube/config).",
		'',
	].join('\n');
}
