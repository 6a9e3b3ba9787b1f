import {FlagError, flagBool, flagOccurrences, flagSet, flagString, parseFlags, type FlagSpecs, type ParsedFlags} from '../flags.js';
import {matchesSelector, parseSelector, SelectorSyntaxError} from '../kube/selectors.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {FlowEndpointRecord, FlowRecord} from '../state.js';
import {compactLine, dictBlock, flowResponseJson, table} from './hubble-format.js';
import type {Shell, ShellIo} from './shell.js';

/**
 * The hubble CLI inside a Cilium agent pod: `hubble observe` against that agent's own ring
 * buffer, so it sees only flows of its node (cilium-facts §5). The simulator records dropped
 * flows only, so a query that would also list forwarded traffic is refused rather than answered
 * with a misleadingly short list.
 */

/** `--last` when no selector flag is given (hubble defaults.FlowPrintCount). */
const DEFAULT_LAST = 20;

const OUTPUTS = new Set(['compact', 'dict', 'json', 'jsonpb', 'table']);

type Side = 'source' | 'destination';
type Match = (endpoint: FlowEndpointRecord) => boolean;

/** Hubble labels (`k8s:name=x-wing`) as a selector sees them: sources stripped. */
function labelMap(endpoint: FlowEndpointRecord): Record<string, string> {
	return Object.fromEntries(
		endpoint.labels.map((l) => {
			const [key = '', ...value] = l.replace(/^k8s:/, '').split('=');
			return [key, value.join('=')];
		}),
	);
}

/** Hubble selectors may name a label's source (`k8s:name=x-wing`); the flow's labels all come from k8s. */
function withoutSources(text: string): string {
	return text.replace(/(^|[,!(]\s*)(k8s|any):/g, '$1');
}

/** `[namespace/]prefix`: a pod name prefix, in `default` unless a namespace is named. */
function podMatcher(text: string): Match {
	const slash = text.indexOf('/');
	const namespace = slash < 0 ? 'default' : text.slice(0, slash);
	const prefix = slash < 0 ? text : text.slice(slash + 1);
	return (e) => e.namespace === namespace && e.pod.startsWith(prefix);
}

/** Endpoint filters per flag family (`familyFlags` names each family's flags). */
const ENDPOINT_FILTERS: Readonly<Record<string, (value: string) => Match>> = {
	label: (value) => {
		const selector = parseSelector(withoutSources(value));
		return (e) => matchesSelector(labelMap(e), selector);
	},
	pod: podMatcher,
	namespace: (value) => (e) => e.namespace === value,
	cluster: (value) => (e) => e.cluster === value,
	port: (value) => (e) => String(e.port) === value,
};

/** The flags of a family: `--from-X` on the source, `--to-X` on the destination, `--X` on either. */
function familyFlags(family: string): [string, Side[]][] {
	return [
		[`from-${family}`, ['source']],
		[`to-${family}`, ['destination']],
		[family, ['source', 'destination']],
	];
}

const OBSERVE: FlagSpecs = {
	verdict: {type: 'strings'},
	type: {type: 'strings', short: 't'},
	'drop-reason-desc': {type: 'strings'},
	last: {type: 'int'},
	first: {type: 'int'},
	all: {type: 'bool'},
	...Object.fromEntries(Object.keys(ENDPOINT_FILTERS).flatMap((family) => familyFlags(family).map(([name]) => [name, {type: 'strings'} as const]))),
	label: {type: 'strings', short: 'l'},
	namespace: {type: 'strings', short: 'n'},
	protocol: {type: 'strings'},
	output: {type: 'string', short: 'o'},
	'print-node-name': {type: 'bool'},
	'silent-errors': {type: 'bool', short: 's'},
};

/** A flow passes when every given flag family matches one of its values (hubble's filter semantics). */
function buildFilter(flags: ParsedFlags): (flow: FlowRecord) => boolean {
	const checks: ((flow: FlowRecord) => boolean)[] = [];
	const values = (name: string) => flagOccurrences(flags, name).flatMap((v) => (name.endsWith('label') ? [v] : v.split(',')));
	for (const [family, make] of Object.entries(ENDPOINT_FILTERS)) {
		for (const [name, on] of familyFlags(family)) {
			const matchers = values(name).map(make);
			if (matchers.length > 0) checks.push((f) => on.some((side) => matchers.some((m) => m(f[side]))));
		}
	}
	const verdicts = values('verdict').map((v) => v.toUpperCase());
	if (verdicts.length > 0) checks.push((f) => verdicts.includes(f.verdict));
	const types = values('type');
	if (types.length > 0) checks.push((f) => types.includes(f.event));
	const reasons = values('drop-reason-desc').map((v) => v.toUpperCase());
	if (reasons.length > 0) checks.push((f) => reasons.includes(f.dropReason));
	const protocols = values('protocol').map((v) => v.toUpperCase());
	if (protocols.length > 0) checks.push((f) => protocols.includes(f.protocol));
	return (flow) => checks.every((check) => check(flow));
}

/** Only drops are recorded: refuse queries that would also list forwarded or traced flows. */
function requireDropsOnly(flags: ParsedFlags): void {
	const verdicts = flagOccurrences(flags, 'verdict').flatMap((v) => v.split(',')).map((v) => v.toUpperCase());
	const types = flagOccurrences(flags, 'type').flatMap((v) => v.split(','));
	if (verdicts.some((v) => v !== 'DROPPED')) throw new UnsupportedFeature(`hubble observe --verdict ${verdicts.find((v) => v !== 'DROPPED') ?? ''} (the simulator records dropped flows only)`);
	if (types.some((t) => t !== 'drop' && t !== 'policy-verdict')) throw new UnsupportedFeature(`hubble observe --type ${types.find((t) => t !== 'drop' && t !== 'policy-verdict') ?? ''} (the simulator records dropped flows only)`);
	const dropsOnly = verdicts.length > 0 || (types.length > 0 && types.every((t) => t === 'drop')) || flagSet(flags, 'drop-reason-desc');
	if (!dropsOnly) throw new UnsupportedFeature('hubble observe without --verdict DROPPED (the simulator records dropped flows only)');
}

/**
 * `hubble observe` over the flows a server holds. `server` adds the flags that pick the server
 * and answers with its flows, or with an exit status after printing why it could not reach one.
 */
export function observeFlows(args: readonly string[], io: ShellIo, server: {readonly flags: FlagSpecs; readonly flows: (flags: ParsedFlags) => readonly FlowRecord[] | number}): number {
	if (args[0] === 'flows') return observeFlows(args.slice(1), io, server);
	if (args[0] === 'agent-events' || args[0] === 'debug-events') throw new UnsupportedFeature(`hubble observe ${args[0]}`);
	let flags: ParsedFlags;
	try {
		flags = parseFlags(args, {...OBSERVE, ...server.flags});
	} catch (error) {
		if (error instanceof FlagError) {
			// A real flag the simulator does not model (--follow, --since, --not, --http-*...) or a typo: never pretend.
			if (error.message.startsWith('unknown')) throw new UnsupportedFeature(`hubble observe ${error.message.replace(/^unknown (shorthand )?flag: /, '')}`);
			io.err(`Error: ${error.message}\n`);
			return 1;
		}
		throw error;
	}
	if (flags.args.length > 0) {
		io.err(`Error: unknown command "${flags.args[0] ?? ''}" for "hubble observe"\n`);
		return 1;
	}
	const output = flagString(flags, 'output') ?? 'compact';
	if (!OUTPUTS.has(output)) {
		io.err(`Error: invalid output format: ${output}\n`);
		return 1;
	}
	requireDropsOnly(flags);
	let filter: (flow: FlowRecord) => boolean;
	try {
		filter = buildFilter(flags);
	} catch (error) {
		if (error instanceof SelectorSyntaxError) {
			io.err(`Error: invalid argument: ${error.message}\n`);
			return 1;
		}
		throw error;
	}
	const held = server.flows(flags);
	if (typeof held === 'number') return held;
	const matching = held.filter(filter);
	const first = flagString(flags, 'first');
	const last = flagString(flags, 'last');
	const flows = flagBool(flags, 'all')
		? matching
		: first !== undefined
			? matching.slice(0, Number(first))
			: matching.slice(Math.max(0, matching.length - Number(last ?? DEFAULT_LAST)));
	const nodeName = flagBool(flags, 'print-node-name');
	switch (output) {
		case 'json':
		case 'jsonpb':
			io.out(flows.map(flowResponseJson).join(''));
			break;
		case 'dict':
			io.out(flows.map((f, i) => dictBlock(f, nodeName, i === 0)).join(''));
			break;
		case 'table':
			io.out(table(flows, nodeName));
			break;
		default:
			io.out(flows.map((f) => compactLine(f, nodeName)).join(''));
	}
	return 0;
}

/** An agent's own hubble server: the flows of its node only. */
function observe(shell: Shell, args: readonly string[], io: ShellIo): number {
	const {cluster, node} = shell.container.endpoint;
	return observeFlows(args, io, {flags: {}, flows: () => cluster.flows.filter((f) => f.node === node)});
}

export function hubble(shell: Shell, args: readonly string[], io: ShellIo): number {
	const [sub, ...rest] = args;
	if (sub === 'observe') return observe(shell, rest, io);
	throw new UnsupportedFeature(`hubble ${sub ?? ''}`.trim());
}
