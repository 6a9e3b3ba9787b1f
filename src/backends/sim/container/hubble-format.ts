import type {FlowObservation} from '../../observations.js';
import type {FlowEndpointRecord, FlowRecord} from '../state.js';
import {tabwrite} from '../tabwriter.js';

/**
 * How the hubble CLI prints a recorded flow. Sources (cilium/cilium):
 * - `api/v1/flow/flow.proto`: field names `verdict`, `drop_reason`, `IP`, `l4.TCP.source_port`
 *   / `destination_port` / `flags.SYN`, `source`/`destination` (`ID`, `identity`, `cluster_name`,
 *   `namespace`, `labels`, `pod_name`, `workloads`), `Type`, `node_name`, `event_type`,
 *   `traffic_direction`, `drop_reason_desc`, `is_reply`, `Summary`; protojson keeps the proto
 *   names and drops zero values.
 * - `hubble/pkg/printer/printer.go` `WriteProtoFlow`: compact, dict, table and jsonpb layouts,
 *   `GetFlowType` (`Policy denied` for drop 133, `policy-verdict:<match> <DIRECTION>`),
 *   `getVerdict` (`DENIED` for a dropped policy verdict), arrow `<>` when `is_reply` is unknown.
 * - `hubble/cmd/observe/observe.go`: `-o json` is an alias of `jsonpb` (a GetFlowsResponse per line).
 * - `pkg/hubble/parser/threefour/parser.go`: drops carry no `is_reply`, TCP summaries read
 *   `TCP Flags: SYN`, a UDP one is just `UDP`; monitor message types drop = 1, policy verdict = 5.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.StampMilli, `Jan _2 15:04:05.000`, in the agent container's UTC. */
function stampMilli(time: string): string {
	const d = new Date(time);
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

const DROP_REASON_CODE = {POLICY_DENIED: 133} as const;

function summaryOf(flow: FlowRecord): string {
	return flow.protocol === 'TCP' ? 'TCP Flags: SYN' : 'UDP';
}

function flowType(flow: FlowRecord): string {
	return flow.event === 'drop' ? 'Policy denied' : `policy-verdict:none ${flow.direction}`;
}

function verdictText(flow: FlowRecord): string {
	return flow.event === 'drop' ? 'DROPPED' : 'DENIED';
}

function host(endpoint: FlowEndpointRecord): string {
	return `${endpoint.namespace}/${endpoint.pod}:${endpoint.port}`;
}

export function compactLine(flow: FlowRecord, nodeName: boolean): string {
	const node = nodeName ? ` [${flow.nodeName}]` : '';
	const {source, destination} = flow;
	return `${stampMilli(flow.time)}${node}: ${host(source)} (ID:${source.identity}) <> ${host(destination)} (ID:${destination.identity}) ${flowType(flow)} ${verdictText(flow)} (${summaryOf(flow)})\n`;
}

export function dictBlock(flow: FlowRecord, nodeName: boolean, first: boolean): string {
	return [
		...(first ? [] : ['------------']),
		`  TIMESTAMP: ${stampMilli(flow.time)}`,
		...(nodeName ? [`       NODE: ${flow.nodeName}`] : []),
		`     SOURCE: ${host(flow.source)}`,
		`DESTINATION: ${host(flow.destination)}`,
		`       TYPE: ${flowType(flow)}`,
		`    VERDICT: ${verdictText(flow)}`,
		`    SUMMARY: ${summaryOf(flow)}`,
		'',
	].join('\n');
}

/** Go's tabwriter as the printer sets it up: min width 2, padding 3. */
export function table(flows: readonly FlowRecord[], nodeName: boolean): string {
	if (flows.length === 0) return '';
	const header = ['TIMESTAMP', ...(nodeName ? ['NODE'] : []), 'SOURCE', 'DESTINATION', 'TYPE', 'VERDICT', 'SUMMARY'];
	const rows = flows.map((f) => [stampMilli(f.time), ...(nodeName ? [f.nodeName] : []), host(f.source), host(f.destination), flowType(f), verdictText(f), summaryOf(f)]);
	return `${tabwrite([header, ...rows], 3, 2).join('\n')}\n`;
}

function endpointJson(endpoint: FlowEndpointRecord): Record<string, unknown> {
	return {
		...(endpoint.endpointId === null ? {} : {ID: endpoint.endpointId}),
		identity: endpoint.identity,
		cluster_name: endpoint.cluster,
		namespace: endpoint.namespace,
		labels: endpoint.labels,
		pod_name: endpoint.pod,
		...(endpoint.workload ? {workloads: [endpoint.workload]} : {}),
	};
}

/** One `hubble observe -o json` line: a GetFlowsResponse, keys in proto declaration order. */
export function flowResponseJson(flow: FlowRecord): string {
	const ports = {source_port: flow.source.port, destination_port: flow.destination.port};
	const body = {
		time: flow.time,
		uuid: flow.uuid,
		verdict: flow.verdict,
		drop_reason: DROP_REASON_CODE[flow.dropReason],
		IP: {source: flow.source.ip, destination: flow.destination.ip, ipVersion: 'IPv4'},
		l4: flow.protocol === 'TCP' ? {TCP: {...ports, flags: {SYN: true}}} : {UDP: ports},
		source: endpointJson(flow.source),
		destination: endpointJson(flow.destination),
		Type: 'L3_L4',
		node_name: flow.nodeName,
		event_type: flow.event === 'drop' ? {type: 1, sub_type: DROP_REASON_CODE[flow.dropReason]} : {type: 5},
		traffic_direction: flow.direction,
		drop_reason_desc: flow.dropReason,
		Summary: summaryOf(flow),
	};
	return `${JSON.stringify({flow: body, node_name: flow.nodeName, time: flow.time})}\n`;
}

/** What the checks read from a flow (the live backend parses the same fields from `-o json`). */
export function flowObservation(flow: FlowRecord): FlowObservation {
	return {
		node: flow.nodeName,
		verdict: flow.verdict,
		dropReason: flow.dropReason,
		direction: flow.direction,
		sourcePod: `${flow.source.namespace}/${flow.source.pod}`,
		sourceLabels: flow.source.labels,
		destinationPod: `${flow.destination.namespace}/${flow.destination.pod}`,
		destinationLabels: flow.destination.labels,
		summary: summaryOf(flow),
	};
}
