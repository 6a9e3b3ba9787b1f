import {CLUSTER_SPECS, type ClusterName} from '../core/lab.js';
import {ObservationError, type Observer} from '../backends/observations.js';
import {parseProbeOutput, type ProbeReply, type ReplyCounts} from './probe-protocol.js';
import type {CheckCondition} from './spec.js';
import {judgeReplies} from './verdicts.js';

/** The outcome of one condition: what was expected beside what was seen. */
export interface ConditionResult {
	readonly pass: boolean;
	/** Short label of what was checked, e.g. "probe from koornacht". */
	readonly subject: string;
	readonly expected: string;
	readonly observed: string;
	/** Present for probe conditions: the per-cluster distribution. */
	readonly counts?: ReplyCounts;
	readonly replies?: readonly ProbeReply[];
}

const name = (c: ClusterName) => CLUSTER_SPECS[c].displayName;

function result(subject: string, pass: boolean, expected: string, observed: string): ConditionResult {
	return {pass, subject, expected, observed};
}

const missing = (what: string) => `${what} not found`;

function annotationText(value: string | null | undefined): string {
	return value === null || value === undefined ? '(absent)' : `"${value}"`;
}

/** Observes the lab through the backend and judges one condition. Never throws for lab state. */
export async function evaluateCondition(
	condition: CheckCondition,
	observer: Observer,
	signal?: AbortSignal,
): Promise<ConditionResult> {
	try {
		return await judge(condition, observer, signal);
	} catch (error) {
		if (error instanceof ObservationError) {
			return result(subjectOf(condition), false, expectedOf(condition), `could not observe: ${error.message}`);
		}
		throw error;
	}
}

export function subjectOf(condition: CheckCondition): string {
	switch (condition.type) {
		case 'probe': {
			const q = condition.query;
			const request = q.method === 'GET' && q.path === '/' ? '' : ` (${q.method} ${q.path})`;
			return `${q.count} requests from ${name(q.from)}'s x-wing to ${q.service}${request}`;
		}
		case 'nodes':
			return `nodes of ${name(condition.cluster)}`;
		case 'deployment':
			return `deployment ${condition.name} in ${name(condition.cluster)}`;
		case 'service':
			return `service ${condition.name} in ${name(condition.cluster)}`;
		case 'configmap':
			return `configmap ${condition.name} in ${name(condition.cluster)}`;
		case 'policies':
			return `network policies in ${name(condition.cluster)} (${condition.namespace})`;
		case 'cilium-config':
			return `cilium-config in ${name(condition.cluster)}`;
		case 'shared-ca':
			return 'cilium-ca secret in both clusters';
		case 'policy-default-local-cluster':
			return `policies relying on the local-cluster default in ${name(condition.cluster)}`;
		case 'mesh':
			return `Cluster Mesh status of ${name(condition.cluster)}`;
		case 'hubble-drops':
			return `Hubble drops from ${condition.from} to ${condition.to} in ${name(condition.cluster)}`;
		case 'pod-exec':
			return `\`${condition.command.join(' ')}\` in ${condition.target.namespace}/${condition.target.pod} (${name(condition.target.cluster)})`;
		case 'encryption':
			return `encryption in ${name(condition.cluster)}`;
		case 'clusters':
			return 'lab clusters';
	}
}

export function expectedOf(condition: CheckCondition): string {
	switch (condition.type) {
		case 'probe':
			return judgeReplies([], condition.expect).expected;
		case 'nodes': {
			const state = condition.expect.ready ? 'Ready' : 'NotReady';
			return condition.expect.count === undefined ? `all ${state}` : `${condition.expect.count} nodes, all ${state}`;
		}
		case 'deployment': {
			const e = condition.expect;
			if (e.exists === false) return 'absent';
			const parts = [];
			if (e.replicas !== undefined) parts.push(`${e.replicas} replicas`);
			if (e.ready !== undefined) parts.push(`${e.ready} ready`);
			return parts.length > 0 ? parts.join(', ') : 'exists';
		}
		case 'service': {
			const e = condition.expect;
			if (e.exists === false) return 'absent';
			const annotations = Object.entries(e.annotations ?? {});
			return annotations.length > 0
				? annotations.map(([k, v]) => `${k}=${annotationText(v)}`).join(', ')
				: 'exists';
		}
		case 'configmap': {
			const e = condition.expect;
			if (e.exists === false) return 'absent';
			const data = Object.entries(e.dataMatches ?? {});
			return data.length > 0 ? data.map(([k, re]) => `${k} matching /${re}/`).join(', ') : 'exists';
		}
		case 'policies': {
			const parts = [];
			if (condition.expect.include?.length) parts.push(`includes ${condition.expect.include.join(', ')}`);
			if (condition.expect.exclude?.length) parts.push(`excludes ${condition.expect.exclude.join(', ')}`);
			return parts.join('; ') || 'any';
		}
		case 'cilium-config':
			return `cluster-name ${condition.expect.clusterName}, cluster-id ${condition.expect.clusterId}`;
		case 'shared-ca':
			return 'the same CA certificate in Koornacht and Tion';
		case 'policy-default-local-cluster': {
			const parts = [];
			if (condition.expect.flagged?.length) parts.push(`⚠️ ${condition.expect.flagged.join(', ')}`);
			if (condition.expect.unflagged?.length) parts.push(`✅ ${condition.expect.unflagged.join(', ')}`);
			return parts.join('; ') || 'any';
		}
		case 'mesh': {
			const parts = [];
			if (condition.expect.enabled !== undefined) parts.push(condition.expect.enabled ? 'enabled' : 'disabled');
			if (condition.expect.connected) {
				parts.push(
					condition.expect.connected.length > 0
						? `connected to ${condition.expect.connected.join(', ')}`
						: 'connected to no cluster',
				);
			}
			return parts.join(', ');
		}
		case 'hubble-drops':
			return `at least ${condition.expect.atLeast} ${condition.expect.reason} drop(s)${condition.expect.direction ? ` at ${condition.expect.direction}` : ''}`;
		case 'pod-exec':
			return condition.expect.succeeds ? 'succeeds (exit 0)' : 'fails (non-zero exit)';
		case 'encryption':
			return condition.expect.mode === 'wireguard'
				? `WireGuard${condition.expect.peersAtLeast ? ` with at least ${condition.expect.peersAtLeast} peer(s)` : ''}`
				: 'disabled';
		case 'clusters': {
			const parts = [];
			if (condition.expect.exist?.length) parts.push(`${condition.expect.exist.join(', ')} exist`);
			if (condition.expect.absent?.length) parts.push(`${condition.expect.absent.join(', ')} absent`);
			return parts.join('; ');
		}
	}
}

async function judge(condition: CheckCondition, observer: Observer, signal?: AbortSignal): Promise<ConditionResult> {
	const subject = subjectOf(condition);
	const expected = expectedOf(condition);
	const done = (pass: boolean, observed: string) => result(subject, pass, expected, observed);
	switch (condition.type) {
		case 'probe': {
			const observation = await observer.probe(condition.query, signal);
			const replies = parseProbeOutput(observation.raw);
			const verdict = judgeReplies(replies, condition.expect);
			const errors = replies.filter((r) => r.outcome === 'error').map((r) => r.body);
			const evidence = errors.length > 0 ? ` (first error: ${errors[0]})` : '';
			const observed = replies.length === 0 ? 'no replies at all' : verdict.observed + evidence;
			return {...done(verdict.pass, observed), counts: verdict.counts, replies};
		}
		case 'nodes': {
			const nodes = await observer.nodes(condition.cluster);
			if (!nodes) return done(false, missing(`cluster ${condition.cluster}`));
			const ready = nodes.filter((n) => n.ready).length;
			const stateOk = condition.expect.ready ? ready === nodes.length : ready === 0;
			const countOk = condition.expect.count === undefined || nodes.length === condition.expect.count;
			return done(nodes.length > 0 && stateOk && countOk, `${nodes.length} nodes, ${ready} Ready`);
		}
		case 'deployment': {
			const d = await observer.deployment(condition.cluster, condition.namespace, condition.name);
			const e = condition.expect;
			if (!d) return done(e.exists === false, 'absent');
			if (e.exists === false) return done(false, 'exists');
			const pass =
				(e.replicas === undefined || d.replicas === e.replicas) && (e.ready === undefined || d.readyReplicas === e.ready);
			return done(pass, `${d.replicas} replicas, ${d.readyReplicas} ready`);
		}
		case 'service': {
			const s = await observer.service(condition.cluster, condition.namespace, condition.name);
			const e = condition.expect;
			if (!s) return done(e.exists === false, 'absent');
			if (e.exists === false) return done(false, 'exists');
			const wanted = Object.entries(e.annotations ?? {});
			const pass = wanted.every(([k, v]) => (v === null ? !(k in s.annotations) : s.annotations[k] === v));
			const observed =
				wanted.length > 0 ? wanted.map(([k]) => `${k}=${annotationText(s.annotations[k])}`).join(', ') : 'exists';
			return done(pass, observed);
		}
		case 'configmap': {
			const c = await observer.configMap(condition.cluster, condition.namespace, condition.name);
			const e = condition.expect;
			if (!c) return done(e.exists === false, 'absent');
			if (e.exists === false) return done(false, 'exists');
			const wanted = Object.entries(e.dataMatches ?? {});
			const pass = wanted.every(([k, re]) => c.data[k] !== undefined && new RegExp(re).test(c.data[k]));
			const shown = (v: string | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v.trim()));
			return done(pass, wanted.length > 0 ? wanted.map(([k]) => `${k}=${shown(c.data[k])}`).join(', ') : 'exists');
		}
		case 'policies': {
			const names = await observer.policies(condition.cluster, condition.namespace);
			if (!names) return done(false, missing(`cluster ${condition.cluster}`));
			const pass =
				(condition.expect.include ?? []).every((n) => names.includes(n)) &&
				(condition.expect.exclude ?? []).every((n) => !names.includes(n));
			return done(pass, names.length > 0 ? names.join(', ') : 'no policies');
		}
		case 'cilium-config': {
			const c = await observer.ciliumConfig(condition.cluster);
			if (!c) return done(false, 'no cilium-config (is Cilium installed?)');
			const pass = c.clusterName === condition.expect.clusterName && c.clusterId === condition.expect.clusterId;
			return done(pass, `cluster-name ${c.clusterName}, cluster-id ${c.clusterId}`);
		}
		case 'shared-ca': {
			const [k, t] = await Promise.all([observer.caCertificate('koornacht'), observer.caCertificate('tion')]);
			if (!k || !t) {
				const absent = [!k && 'Koornacht', !t && 'Tion'].filter(Boolean).join(' and ');
				return done(false, `no cilium-ca secret in ${absent}`);
			}
			return done(k === t, k === t ? 'the same CA in both' : 'two different CAs');
		}
		case 'policy-default-local-cluster': {
			const report = await observer.policyDefaultLocalCluster(condition.cluster);
			if (!report) return done(false, 'no report (is Cilium installed?)');
			const flagged = new Map(report.map((r) => [r.policy, r.flagged]));
			const pass =
				(condition.expect.flagged ?? []).every((p) => flagged.get(p) === true) &&
				(condition.expect.unflagged ?? []).every((p) => flagged.get(p) === false);
			const observed = report.length > 0 ? report.map((r) => `${r.flagged ? '⚠️' : '✅'} ${r.policy}`).join(', ') : 'no policies listed';
			return done(pass, observed);
		}
		case 'mesh': {
			const m = await observer.mesh(condition.cluster);
			if (!m) return done(false, missing(`cluster ${condition.cluster}`));
			const e = condition.expect;
			const pass =
				(e.enabled === undefined || m.enabled === e.enabled) &&
				(e.connected === undefined ||
					(e.connected.every((c) => m.connected.includes(c)) && m.connected.length === e.connected.length));
			const connected = m.connected.length > 0 ? `connected to ${m.connected.join(', ')}` : 'connected to no cluster';
			return done(pass, `${m.enabled ? 'enabled' : 'disabled'}, ${connected}`);
		}
		case 'hubble-drops': {
			const flows = await observer.hubbleDrops(condition.cluster, signal);
			if (!flows) return done(false, missing(`cluster ${condition.cluster}`));
			const matches = flows.filter(
				(f) =>
					f.verdict === 'DROPPED' &&
					f.dropReason === condition.expect.reason &&
					f.sourceLabels.includes(`k8s:name=${condition.from}`) &&
					f.destinationLabels.includes(`k8s:name=${condition.to}`) &&
					(condition.expect.direction === undefined || f.direction === condition.expect.direction),
			);
			return done(
				matches.length >= condition.expect.atLeast,
				`${matches.length} matching drop(s) among ${flows.length} dropped flow(s)`,
			);
		}
		case 'pod-exec': {
			const r = await observer.podExec(condition.target, condition.command, signal);
			if (!r) return done(false, missing(`pod ${condition.target.pod}`));
			const outputOk =
				condition.expect.outputMatches === undefined || new RegExp(condition.expect.outputMatches).test(r.output);
			const pass = (r.exitCode === 0) === condition.expect.succeeds && outputOk;
			const firstLine = r.output.trim().split('\n')[0] ?? '';
			return done(pass, `exit ${r.exitCode}${firstLine ? `: ${firstLine}` : ''}`);
		}
		case 'encryption': {
			const e = await observer.encryption(condition.cluster);
			if (!e) return done(false, missing(`cluster ${condition.cluster}`));
			const pass =
				e.mode === condition.expect.mode &&
				(condition.expect.peersAtLeast === undefined || e.peers >= condition.expect.peersAtLeast);
			return done(pass, e.mode === 'disabled' ? 'disabled' : `${e.mode}, ${e.peers} peer(s)`);
		}
		case 'clusters': {
			const existing = await observer.clusters();
			const pass =
				(condition.expect.exist ?? []).every((c) => existing.includes(c)) &&
				(condition.expect.absent ?? []).every((c) => !existing.includes(c));
			return done(pass, existing.length > 0 ? `${existing.join(', ')} exist` : 'no lab cluster exists');
		}
	}
}
