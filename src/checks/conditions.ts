import {ciliumReading, sameCiliumMeaning} from '../core/cilium-service-annotations.js';
import {plural} from '../core/text.js';
import {CLUSTER_SPECS, type ClusterName} from '../core/lab.js';
import type {Observer} from '../backends/observations.js';
import {describeOutputMatch} from './output-match.js';
import {parseProbeOutput, type ProbeReply, type ReplyCounts} from './probe-protocol.js';
import type {CheckCondition, CheckType} from './spec.js';
import {judgeReplies} from './verdicts.js';

/**
 * Structured evidence beside a condition's one-line `observed`, for views that draw more
 * than a line (the probe's distribution bars, an exec's exit code). Views read these fields;
 * they never parse `observed` back.
 */
export type Evidence =
	| {
			readonly kind: 'replies';
			/** Replies per cluster, timeouts, errors. */
			readonly counts: ReplyCounts;
			readonly replies: readonly ProbeReply[];
			/** The first failed request's error text (e.g. curl's), when one failed. */
			readonly firstError?: string;
	  }
	| {readonly kind: 'exec'; readonly exitCode: number; readonly firstLine: string}
	| {readonly kind: 'drops'; readonly matching: number; readonly dropped: number}
	/** The object (or cluster) the condition looks at does not exist. */
	| {readonly kind: 'missing'; readonly what: string};

/** How one condition judged one observation. */
export interface Judgement {
	readonly pass: boolean;
	/** One line, e.g. "3 replicas, 3 ready". */
	readonly observed: string;
	readonly evidence?: Evidence;
}

/**
 * One condition type: what it looks at, what it expects, and how it judges what the
 * Observer reports. Its lesson syntax (the zod schema, loaded only by the lesson parser so
 * the TUI's first frame stays free of zod) is `CONDITIONS[type]` in `lessons/check-schema.ts`,
 * keyed by the same type. Adding a check type means one record here and one schema there;
 * both are records over `CheckType`, so the compiler names a missing half.
 */
export interface ConditionKind<C extends CheckCondition> {
	/** Short label of what is checked, e.g. "deployment rebel-base in Koornacht". */
	subject(condition: C): string;
	/** What passes, in words, e.g. "2 replicas, 2 ready". */
	expects(condition: C): string;
	/** Observes the lab and judges; rejects only with an ObservationError (or an abort). */
	judge(condition: C, observer: Observer, signal?: AbortSignal): Promise<Judgement>;
}

const name = (c: ClusterName) => CLUSTER_SPECS[c].displayName;

/** How many flows `hubble observe` prints without `--last` or `--all` (hubble `defaults.FlowPrintCount`). */
const HUBBLE_OBSERVE_DEFAULT_LAST = 20;

const annotationText = (value: string | null | undefined) => (value === null || value === undefined ? '(absent)' : `"${value}"`);

/** `key="value"`, plus what Cilium reads when that is not the value as written, e.g. `"yes" (Cilium reads "false")`. */
function observedAnnotation(key: string, value: string | undefined): string {
	const reading = value === undefined ? undefined : ciliumReading(key, value);
	return `${key}=${annotationText(value)}${reading === undefined || reading === value ? '' : ` (Cilium reads "${reading}")`}`;
}

const missing = (what: string): Judgement => ({pass: false, observed: `${what} not found`, evidence: {kind: 'missing', what}});

const joinParts = (parts: readonly (string | false | 0 | undefined)[], separator: string) => parts.filter(Boolean).join(separator);

/**
 * How many of the dropped flows that every agent of the cluster holds match, e.g. "3 of the 40
 * dropped flows recorded by Koornacht's agents match". The count covers all the flows each
 * agent keeps, more than `hubble observe` prints by default (the last 20): say so when it shows.
 */
function dropsObserved(matching: number, dropped: number, cluster: ClusterName): string {
	const agents = `${name(cluster)}'s agents`;
	if (dropped === 0) return `no dropped flows recorded by ${agents}`;
	if (dropped === 1) return `the one dropped flow recorded by ${agents} ${matching === 1 ? 'matches' : 'does not match'}`;
	const counted = matching === 0 ? 'none' : String(matching);
	const more = dropped > HUBBLE_OBSERVE_DEFAULT_LAST ? ` (all they hold; hubble observe prints the last ${HUBBLE_OBSERVE_DEFAULT_LAST})` : '';
	return `${counted} of the ${dropped} dropped flows recorded by ${agents} ${matching === 1 ? 'matches' : 'match'}${more}`;
}

type Registry = {readonly [T in CheckType]: ConditionKind<Extract<CheckCondition, {type: T}>>};

/** Every condition type, one record each. */
export const CONDITION_KINDS: Registry = {
	probe: {
		subject: ({query: q}) => {
			const request = q.method === 'GET' && q.path === '/' ? '' : ` (${q.method} ${q.path})`;
			return `${q.count} requests from ${name(q.from)}'s x-wing to ${q.service}${request}`;
		},
		expects: (c) => judgeReplies([], c.expect).expected,
		judge: async (c, observer, signal) => {
			const replies = parseProbeOutput((await observer.probe(c.query, signal)).raw);
			const verdict = judgeReplies(replies, c.expect);
			const firstError = replies.find((r) => r.outcome === 'error')?.body;
			const observed = replies.length === 0 ? 'no replies at all' : verdict.observed + (firstError === undefined ? '' : ` (first error: ${firstError})`);
			return {pass: verdict.pass, observed, evidence: {kind: 'replies', counts: verdict.counts, replies, ...(firstError !== undefined && {firstError})}};
		},
	},
	nodes: {
		subject: (c) => `nodes of ${name(c.cluster)}`,
		expects: ({expect: e}) => {
			const state = e.ready ? 'Ready' : 'NotReady';
			return e.count === undefined ? `all ${state}` : `${e.count} nodes, all ${state}`;
		},
		judge: async (c, observer) => {
			const nodes = await observer.nodes(c.cluster);
			if (!nodes) return missing(`cluster ${c.cluster}`);
			const ready = nodes.filter((n) => n.ready).length;
			const stateOk = c.expect.ready ? ready === nodes.length : ready === 0;
			const countOk = c.expect.count === undefined || nodes.length === c.expect.count;
			return {pass: nodes.length > 0 && stateOk && countOk, observed: `${nodes.length} nodes, ${ready} Ready`};
		},
	},
	deployment: {
		subject: (c) => `deployment ${c.name} in ${name(c.cluster)}`,
		expects: ({expect: e}) => {
			if (e.exists === false) return 'absent';
			return joinParts([e.replicas !== undefined && plural(e.replicas, 'replica'), e.ready !== undefined && `${e.ready} ready`], ', ') || 'exists';
		},
		judge: async (c, observer) => {
			const d = await observer.deployment(c.cluster, c.namespace, c.name);
			const e = c.expect;
			if (!d) return {pass: e.exists === false, observed: 'absent'};
			if (e.exists === false) return {pass: false, observed: 'exists'};
			const pass = (e.replicas === undefined || d.replicas === e.replicas) && (e.ready === undefined || d.readyReplicas === e.ready);
			return {pass, observed: `${plural(d.replicas, 'replica')}, ${d.readyReplicas} ready`};
		},
	},
	service: {
		subject: (c) => `service ${c.name} in ${name(c.cluster)}`,
		expects: ({expect: e}) => {
			if (e.exists === false) return 'absent';
			const annotations = Object.entries(e.annotations ?? {});
			return annotations.length > 0 ? annotations.map(([k, v]) => `${k}=${annotationText(v)}`).join(', ') : 'exists';
		},
		judge: async (c, observer) => {
			const s = await observer.service(c.cluster, c.namespace, c.name);
			const e = c.expect;
			if (!s) return {pass: e.exists === false, observed: 'absent'};
			if (e.exists === false) return {pass: false, observed: 'exists'};
			const wanted = Object.entries(e.annotations ?? {});
			// Cilium's own annotations are judged as the agent reads them ("Local" is local); others by their text.
			const pass = wanted.every(([k, v]) => {
				const seen = s.annotations[k];
				return v === null ? seen === undefined : seen !== undefined && sameCiliumMeaning(k, seen, v);
			});
			const observed = wanted.length > 0 ? wanted.map(([k]) => observedAnnotation(k, s.annotations[k])).join(', ') : 'exists';
			return {pass, observed};
		},
	},
	configmap: {
		subject: (c) => `configmap ${c.name} in ${name(c.cluster)}`,
		expects: ({expect: e}) => {
			if (e.exists === false) return 'absent';
			const data = Object.entries(e.dataMatches ?? {});
			return data.length > 0 ? data.map(([k, re]) => `${k} matching /${re}/`).join(', ') : 'exists';
		},
		judge: async (c, observer) => {
			const map = await observer.configMap(c.cluster, c.namespace, c.name);
			const e = c.expect;
			if (!map) return {pass: e.exists === false, observed: 'absent'};
			if (e.exists === false) return {pass: false, observed: 'exists'};
			const wanted = Object.entries(e.dataMatches ?? {});
			const pass = wanted.every(([k, re]) => map.data[k] !== undefined && new RegExp(re).test(map.data[k]));
			const shown = (v: string | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v.trim()));
			return {pass, observed: wanted.length > 0 ? wanted.map(([k]) => `${k}=${shown(map.data[k])}`).join(', ') : 'exists'};
		},
	},
	policies: {
		subject: (c) => `network policies in ${name(c.cluster)} (${c.namespace})`,
		expects: ({expect: e}) =>
			joinParts([e.include?.length && `includes ${e.include.join(', ')}`, e.exclude?.length && `excludes ${e.exclude.join(', ')}`], '; ') || 'any',
		judge: async (c, observer) => {
			const names = await observer.policies(c.cluster, c.namespace);
			if (!names) return missing(`cluster ${c.cluster}`);
			const pass = (c.expect.include ?? []).every((n) => names.includes(n)) && (c.expect.exclude ?? []).every((n) => !names.includes(n));
			return {pass, observed: names.length > 0 ? names.join(', ') : 'no policies'};
		},
	},
	'cilium-config': {
		subject: (c) => `cilium-config in ${name(c.cluster)}`,
		expects: (c) => `cluster-name ${c.expect.clusterName}, cluster-id ${c.expect.clusterId}`,
		judge: async (c, observer) => {
			const config = await observer.ciliumConfig(c.cluster);
			if (!config) return {pass: false, observed: 'no cilium-config (is Cilium installed?)'};
			const pass = config.clusterName === c.expect.clusterName && config.clusterId === c.expect.clusterId;
			return {pass, observed: `cluster-name ${config.clusterName}, cluster-id ${config.clusterId}`};
		},
	},
	'shared-ca': {
		subject: () => 'cilium-ca secret in both clusters',
		expects: () => 'the same CA certificate in Koornacht and Tion',
		judge: async (_c, observer) => {
			const [k, t] = await Promise.all([observer.caCertificate('koornacht'), observer.caCertificate('tion')]);
			if (!k || !t) return {pass: false, observed: `no cilium-ca secret in ${joinParts([!k && 'Koornacht', !t && 'Tion'], ' and ')}`};
			return {pass: k === t, observed: k === t ? 'the same CA in both' : 'two different CAs'};
		},
	},
	'policy-default-local-cluster': {
		subject: (c) => `policies relying on the local-cluster default in ${name(c.cluster)}`,
		expects: ({expect: e}) =>
			joinParts([e.flagged?.length && `⚠️ ${e.flagged.join(', ')}`, e.unflagged?.length && `✅ ${e.unflagged.join(', ')}`], '; ') || 'any',
		judge: async (c, observer) => {
			const report = await observer.policyDefaultLocalCluster(c.cluster);
			if (!report) return {pass: false, observed: 'no report (is Cilium installed?)'};
			const flagged = new Map(report.map((r) => [r.policy, r.flagged]));
			const pass =
				(c.expect.flagged ?? []).every((p) => flagged.get(p) === true) && (c.expect.unflagged ?? []).every((p) => flagged.get(p) === false);
			const observed = report.length > 0 ? report.map((r) => `${r.flagged ? '⚠️' : '✅'} ${r.policy}`).join(', ') : 'no policies listed';
			return {pass, observed};
		},
	},
	mesh: {
		subject: (c) => `Cluster Mesh status of ${name(c.cluster)}`,
		expects: ({expect: e}) =>
			joinParts(
				[
					e.enabled !== undefined && (e.enabled ? 'enabled' : 'disabled'),
					e.connected && (e.connected.length > 0 ? `connected to ${e.connected.join(', ')}` : 'connected to no cluster'),
				],
				', ',
			),
		judge: async (c, observer) => {
			const m = await observer.mesh(c.cluster);
			if (!m) return missing(`cluster ${c.cluster}`);
			const e = c.expect;
			const pass =
				(e.enabled === undefined || m.enabled === e.enabled) &&
				(e.connected === undefined || (e.connected.every((x) => m.connected.includes(x)) && m.connected.length === e.connected.length));
			const connected = m.connected.length > 0 ? `connected to ${m.connected.join(', ')}` : 'connected to no cluster';
			return {pass, observed: `${m.enabled ? 'enabled' : 'disabled'}, ${connected}`};
		},
	},
	'hubble-drops': {
		subject: (c) => `Hubble drops from ${c.from} to ${c.to} in ${name(c.cluster)}`,
		expects: (c) => `at least ${plural(c.expect.atLeast, `${c.expect.reason} drop`)}${c.expect.direction ? ` at ${c.expect.direction}` : ''}`,
		judge: async (c, observer, signal) => {
			const flows = await observer.hubbleDrops(c.cluster, signal);
			if (!flows) return missing(`cluster ${c.cluster}`);
			const matching = flows.filter(
				(f) =>
					f.verdict === 'DROPPED' &&
					f.dropReason === c.expect.reason &&
					f.sourceLabels.includes(`k8s:name=${c.from}`) &&
					f.destinationLabels.includes(`k8s:name=${c.to}`) &&
					(c.expect.direction === undefined || f.direction === c.expect.direction),
			).length;
			return {pass: matching >= c.expect.atLeast, observed: dropsObserved(matching, flows.length, c.cluster), evidence: {kind: 'drops', matching, dropped: flows.length}};
		},
	},
	'pod-exec': {
		subject: (c) => `\`${c.command.join(' ')}\` in ${c.target.namespace}/${c.target.pod} (${name(c.target.cluster)})`,
		expects: ({expect: e}) =>
			`${e.succeeds ? 'succeeds (exit 0)' : 'fails (non-zero exit)'}${e.outputMatches === undefined ? '' : `, output matching /${e.outputMatches}/`}`,
		judge: async (c, observer, signal) => {
			const r = await observer.podExec(c.target, c.command, signal);
			if (!r) return missing(`pod ${c.target.pod}`);
			const firstLine = r.output.trim().split('\n')[0] ?? '';
			// With a pattern, the line it is about says more than the first (often a table header).
			const match = c.expect.outputMatches === undefined ? undefined : describeOutputMatch(r.output, c.expect.outputMatches);
			const shown = match?.shown ?? firstLine;
			return {
				pass: (r.exitCode === 0) === c.expect.succeeds && (match?.pass ?? true),
				observed: `exit ${r.exitCode}${shown ? `: ${shown}` : ''}`,
				evidence: {kind: 'exec', exitCode: r.exitCode, firstLine},
			};
		},
	},
	encryption: {
		subject: (c) => `encryption in ${name(c.cluster)}`,
		expects: ({expect: e}) =>
			e.mode === 'wireguard' ? `WireGuard${e.peersAtLeast ? ` with at least ${plural(e.peersAtLeast, 'peer')}` : ''}` : 'disabled',
		judge: async (c, observer) => {
			const e = await observer.encryption(c.cluster);
			if (!e) return missing(`cluster ${c.cluster}`);
			const pass = e.mode === c.expect.mode && (c.expect.peersAtLeast === undefined || e.peers >= c.expect.peersAtLeast);
			// The peer count only where the condition asks for it: a lesson may ask the learner to predict it next.
			const peers = c.expect.peersAtLeast === undefined ? '' : `, ${plural(e.peers, 'peer')}`;
			return {pass, observed: e.mode === 'disabled' ? 'disabled' : `${e.mode}${peers}`};
		},
	},
	clusters: {
		subject: () => 'lab clusters',
		expects: ({expect: e}) => joinParts([e.exist?.length && `${e.exist.join(', ')} exist`, e.absent?.length && `${e.absent.join(', ')} absent`], '; '),
		judge: async (c, observer) => {
			const existing = await observer.clusters();
			const pass = (c.expect.exist ?? []).every((x) => existing.includes(x)) && (c.expect.absent ?? []).every((x) => !existing.includes(x));
			return {pass, observed: existing.length > 0 ? `${existing.join(', ')} exist` : 'no lab cluster exists'};
		},
	},
};

/** The record for a condition, typed to it. */
export function conditionKind<C extends CheckCondition>(condition: C): ConditionKind<C> {
	return CONDITION_KINDS[condition.type] as unknown as ConditionKind<C>;
}
