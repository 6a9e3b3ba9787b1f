import type {PolicyInspection} from '../../observations.js';

/**
 * `cilium clustermesh inspect-policy-default-local-cluster` (cilium-cli, `clustermesh.go`): a
 * header per kind ("⚠️ CiliumNetworkPolicy 1/3") followed by one indented line per policy, "⚠️"
 * when some peer selector names no cluster and "✅" when it does not. Only the per-policy lines
 * (a mark and one `namespace/name` word) are kept; headers carry two words and are skipped.
 */
export function parseInspectPolicies(stdout: string): PolicyInspection[] {
	const entries: PolicyInspection[] = [];
	for (const raw of stdout.split(/\r?\n/)) {
		const match = /^\s*(⚠️?|✅)\s+(\S*\/\S+)\s*$/u.exec(raw);
		if (match?.[1] && match[2]) entries.push({policy: match[2], flagged: match[1] !== '✅'});
	}
	return entries;
}
