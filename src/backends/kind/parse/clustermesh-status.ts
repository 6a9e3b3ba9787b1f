/**
 * `cilium clustermesh status -o json`. The shape is cilium-cli's `Status` type
 * (cilium/cilium `cilium-cli/clustermesh/clustermesh.go`: `Status`, `ConnectivityStatus`,
 * `ClusterStats`; every field `omitempty`); in JSON mode the progress lines go to stderr
 * (`cilium-cli/cli/clustermesh.go`, `newCmdClusterMeshStatus`). Parsed defensively: a missing
 * or malformed field reads as "not connected".
 */
export interface ClustermeshStatus {
	/** Remote clusters every agent is connected to. */
	readonly connected: readonly string[];
	/** Remote clusters configured on at least one agent. */
	readonly configured: readonly string[];
	/** Agents that reported a status. */
	readonly agents: number;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The JSON object in the output (tolerating stray log lines before it), or undefined. */
function jsonObject(stdout: string): Record<string, unknown> | undefined {
	const start = stdout.indexOf('{');
	const end = stdout.lastIndexOf('}');
	if (start < 0 || end < start) return undefined;
	try {
		const value: unknown = JSON.parse(stdout.slice(start, end + 1));
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export function parseClustermeshStatus(stdout: string): ClustermeshStatus | undefined {
	const status = jsonObject(stdout);
	if (!status) return undefined;
	const connectivity = (status.connectivity ?? {}) as Record<string, unknown>;
	const agents = num(connectivity.total);
	const clusters = (connectivity.clusters ?? {}) as Record<string, unknown>;
	const configured: string[] = [];
	const connected: string[] = [];
	for (const [name, raw] of Object.entries(clusters)) {
		const stats = (raw ?? {}) as Record<string, unknown>;
		if (num(stats.configured) > 0) configured.push(name);
		if (agents > 0 && num(stats.connected) === agents) connected.push(name);
	}
	return {connected: connected.sort(), configured: configured.sort(), agents};
}
