import type {ClusterName} from '../../core/lab.js';
import type {StatePaths} from '../../state/paths.js';
import {planDeletion} from './ownership.js';

/**
 * Pure: what `down --dry-run` prints: the exact commands and files `down` would delete (only
 * what this tool created), and the lab-named clusters it would leave alone. `listed` is
 * `kind get clusters`, or why it could not be asked (no Docker or kind here).
 */
export function formatDownPlan(options: {
	readonly paths: StatePaths;
	readonly owned: readonly ClusterName[];
	readonly listed: {readonly names: readonly string[]} | {readonly unavailable: string};
}): string {
	const {paths, owned, listed} = options;
	const plan = planDeletion('names' in listed ? listed.names : [], owned);
	const lines = [`Plan for \`down\` (nothing was deleted). Ownership record: ${paths.ownership}`];
	if ('unavailable' in listed) lines.push(`kind clusters not listed here (${listed.unavailable}): the plan follows the ownership record alone`);
	if (plan.delete.length === 0) lines.push('no lab cluster created by clustermesh-tutor to delete');
	for (const cluster of plan.delete) {
		const present = 'names' in listed ? (listed.names.includes(cluster) ? '' : '  (kind no longer lists it: deleting is a no-op)') : '';
		lines.push(`  kind delete cluster --name ${cluster} --kubeconfig ${paths.kubeconfig(cluster)}${present}`);
	}
	const files = [...plan.delete.map((c) => paths.kubeconfig(c)), ...(plan.delete.length > 0 ? [paths.labKubeconfig, paths.ownership, paths.clusterImageArchive] : [])];
	for (const file of files) lines.push(`  rm ${file}`);
	for (const cluster of plan.foreign) lines.push(`left alone: kind cluster ${cluster} exists but was not created by clustermesh-tutor`);
	lines.push(`kept: the prepared images (${paths.imageArchive}), progress and logs; \`clustermesh-tutor reset\` clears progress`);
	return `${lines.join('\n')}\n`;
}
