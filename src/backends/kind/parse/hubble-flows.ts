import type {FlowObservation} from '../../observations.js';

/**
 * `hubble observe -o json`: one JSON object per line, a `GetFlowsResponse` whose `flow` holds
 * the Flow. Field names are the proto names (the generated MarshalJSON uses protojson with
 * `UseProtoNames: true`; cilium/cilium `api/v1/flow/flow.pb.json.go`), enums are their names:
 * `verdict`, `drop_reason_desc`, `traffic_direction`, `node_name`, `source`/`destination` with
 * `namespace`, `pod_name`, `labels`, and the deprecated `Summary` (`api/v1/flow/flow.proto`;
 * printer: `hubble/pkg/printer/printer.go` `WriteProtoFlow`, JSONPBOutput). A legacy output
 * line that is the bare flow is read too. Lines that are not flows are skipped.
 */
export function parseHubbleFlows(stdout: string, fallbackNode = ''): FlowObservation[] {
	const flows: FlowObservation[] = [];
	for (const line of stdout.split(/\r?\n/)) {
		const text = line.trim();
		if (!text.startsWith('{')) continue;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch {
			continue;
		}
		const response = record(value);
		const flow = response.flow === undefined ? response : record(response.flow);
		if (typeof flow.verdict !== 'string') continue;
		const source = record(flow.source);
		const destination = record(flow.destination);
		flows.push({
			node: str(flow.node_name) || str(response.node_name) || fallbackNode,
			verdict: str(flow.verdict),
			dropReason: str(flow.drop_reason_desc),
			direction: str(flow.traffic_direction),
			sourcePod: podName(source),
			sourceLabels: labels(source),
			destinationPod: podName(destination),
			destinationLabels: labels(destination),
			summary: str(flow.Summary),
		});
	}
	return flows;
}

function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function labels(endpoint: Record<string, unknown>): string[] {
	return Array.isArray(endpoint.labels) ? endpoint.labels.filter((l): l is string => typeof l === 'string') : [];
}

/** `namespace/pod`, as hubble prints endpoints; empty for endpoints without a pod. */
function podName(endpoint: Record<string, unknown>): string {
	const pod = str(endpoint.pod_name);
	return pod ? `${str(endpoint.namespace) || 'default'}/${pod}` : '';
}
