import {z} from 'zod';
import {CLUSTERS} from '../core/lab.js';
import {DEFAULT_PROBE, type CheckCondition, type CheckType, type ReplyExpectation} from '../checks/spec.js';
import {didYouMean, orList} from './did-you-mean.js';
import {K8S_NAME} from './state-schema.js';
import {parseYaml} from './yaml-source.js';
import {show, showPath, strict, validate, type PathProblem} from './zod-kit.js';

const cluster = z.enum(CLUSTERS);
const name = z.string().regex(K8S_NAME, {error: 'expected a Kubernetes name (lowercase letters, digits, dashes, dots)'});
const namespace = name.default('default');
const clusterList = z.array(cluster);
/** A namespaced policy as the cilium CLI lists it: `namespace/name`. */
const policyRef = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
	error: 'expected a policy as namespace/name, e.g. default/x-wing-to-rebel-base',
});

/** Drops undefined fields so parsed conditions hold only what the author wrote (or a default). */
function compact<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const replyExpectation = z.union(
	[
		z.enum(['mixed', 'timeout', 'dns-failure']).transform((kind): ReplyExpectation => ({kind})),
		strict({only: cluster}).transform((e): ReplyExpectation => ({kind: 'only', cluster: e.only})),
		strict({partial: cluster}).transform((e): ReplyExpectation => ({kind: 'partial', cluster: e.partial})),
		strict({status: z.int().min(100).max(599)}).transform((e): ReplyExpectation => ({kind: 'status', code: e.status})),
	],
	{error: 'expected mixed, timeout, dns-failure, {only: <cluster>}, {partial: <cluster>} or {status: <code>}'},
);

const regex = z.string().superRefine((pattern, ctx) => {
	try {
		new RegExp(pattern);
	} catch (error) {
		ctx.addIssue({code: 'custom', message: `not a valid regular expression: ${(error as Error).message}`});
	}
});

/**
 * One schema per condition type, keyed by the YAML key that names what is observed (which
 * is also the CheckCondition type). Each validates the whole condition mapping strictly and
 * maps kebab-case YAML to the camelCase CheckCondition.
 */
const CONDITIONS: Readonly<Record<CheckType, z.ZodType<CheckCondition>>> = {
	probe: strict({
		probe: strict({
			from: cluster,
			count: z.int().min(1).max(100).default(DEFAULT_PROBE.count),
			timeout: z.number().positive().max(60).default(DEFAULT_PROBE.timeoutSeconds),
			method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).default(DEFAULT_PROBE.method),
			path: z.string().startsWith('/', {error: 'expected a path starting with "/"'}).default(DEFAULT_PROBE.path),
			service: name.default(DEFAULT_PROBE.service),
			namespace: namespace,
		}),
		expect: replyExpectation,
	}).transform(
		({probe: p, expect}): CheckCondition => ({
			type: 'probe',
			query: {
				from: p.from,
				count: p.count,
				timeoutSeconds: p.timeout,
				service: p.service,
				namespace: p.namespace,
				method: p.method,
				path: p.path,
			},
			expect,
		}),
	),
	nodes: strict({nodes: cluster, expect: strict({ready: z.boolean(), count: z.int().min(1).optional()})}).transform(
		(c): CheckCondition => ({type: 'nodes', cluster: c.nodes, expect: compact(c.expect)}),
	),
	deployment: strict({
		deployment: strict({cluster, name, namespace}),
		expect: strict({exists: z.boolean().optional(), replicas: z.int().min(0).optional(), ready: z.int().min(0).optional()}),
	}).transform(
		({deployment: d, expect}): CheckCondition => ({type: 'deployment', ...d, expect: compact(expect)}),
	),
	service: strict({
		service: strict({cluster, name, namespace}),
		expect: strict({
			exists: z.boolean().optional(),
			annotations: z.record(z.string(), z.string().nullable()).optional(),
		}),
	}).transform(({service: s, expect}): CheckCondition => ({type: 'service', ...s, expect: compact(expect)})),
	configmap: strict({
		configmap: strict({cluster, name, namespace}),
		expect: strict({exists: z.boolean().optional(), 'data-matches': z.record(z.string(), regex).optional()}),
	}).transform(
		({configmap: c, expect}): CheckCondition => ({
			type: 'configmap',
			...c,
			expect: compact({exists: expect.exists, dataMatches: expect['data-matches']}),
		}),
	),
	policies: strict({
		policies: strict({cluster, namespace}),
		expect: strict({include: z.array(name).optional(), exclude: z.array(name).optional()}),
	}).transform(({policies: p, expect}): CheckCondition => ({type: 'policies', ...p, expect: compact(expect)})),
	'cilium-config': strict({
		'cilium-config': cluster,
		expect: strict({'cluster-name': z.string().min(1), 'cluster-id': z.int().min(1).max(511)}),
	}).transform(
		(c): CheckCondition => ({
			type: 'cilium-config',
			cluster: c['cilium-config'],
			expect: {clusterName: c.expect['cluster-name'], clusterId: c.expect['cluster-id']},
		}),
	),
	'shared-ca': strict({'shared-ca': z.literal(true)}).transform((): CheckCondition => ({type: 'shared-ca'})),
	'policy-default-local-cluster': strict({
		'policy-default-local-cluster': cluster,
		expect: strict({flagged: z.array(policyRef).optional(), unflagged: z.array(policyRef).optional()}),
	}).transform(
		(c): CheckCondition => ({type: 'policy-default-local-cluster', cluster: c['policy-default-local-cluster'], expect: compact(c.expect)}),
	),
	mesh: strict({mesh: cluster, expect: strict({enabled: z.boolean().optional(), connected: clusterList.optional()})}).transform(
		(c): CheckCondition => ({type: 'mesh', cluster: c.mesh, expect: compact(c.expect)}),
	),
	'hubble-drops': strict({
		'hubble-drops': strict({cluster, from: z.string().min(1), to: z.string().min(1)}),
		expect: strict({
			'at-least': z.int().min(1),
			reason: z.string().regex(/^[A-Z][A-Z0-9_]*$/, {error: 'expected a Hubble drop reason such as POLICY_DENIED'}),
			direction: z.enum(['INGRESS', 'EGRESS']).optional(),
		}),
	}).transform(
		({'hubble-drops': h, expect}): CheckCondition => ({
			type: 'hubble-drops',
			...h,
			expect: compact({atLeast: expect['at-least'], reason: expect.reason, direction: expect.direction}),
		}),
	),
	'pod-exec': strict({
		'pod-exec': strict({cluster, namespace, pod: z.string().min(1), command: z.array(z.string()).min(1)}),
		expect: strict({succeeds: z.boolean(), 'output-matches': regex.optional()}),
	}).transform(
		({'pod-exec': p, expect}): CheckCondition => ({
			type: 'pod-exec',
			target: {cluster: p.cluster, namespace: p.namespace, pod: p.pod},
			command: p.command,
			expect: compact({succeeds: expect.succeeds, outputMatches: expect['output-matches']}),
		}),
	),
	encryption: strict({
		encryption: cluster,
		expect: strict({mode: z.enum(['wireguard', 'disabled']), 'peers-at-least': z.int().min(1).optional()}),
	}).transform(
		(c): CheckCondition => ({
			type: 'encryption',
			cluster: c.encryption,
			expect: compact({mode: c.expect.mode, peersAtLeast: c.expect['peers-at-least']}),
		}),
	),
	clusters: strict({
		clusters: strict({}),
		expect: strict({exist: clusterList.optional(), absent: clusterList.optional()}),
	}).transform((c): CheckCondition => ({type: 'clusters', expect: compact(c.expect)})),
};

const CONDITION_KEYS = Object.keys(CONDITIONS) as CheckType[];

const isMapping = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Picks the condition type by the observation key present, then validates strictly. */
function parseCondition(raw: unknown): {condition?: CheckCondition; problems: PathProblem[]} {
	if (!isMapping(raw)) {
		const message = `expected a condition such as {probe: {from: koornacht}, expect: mixed}, got ${show(raw)}`;
		return {problems: [{path: [], message}]};
	}
	const keys = Object.keys(raw);
	const kinds = keys.filter((k): k is CheckType => (CONDITION_KEYS as string[]).includes(k));
	if (kinds.length === 0) {
		const unknown = keys.find((k) => k !== 'expect');
		const message =
			unknown === undefined
				? `a condition names what it observes: one of ${orList(CONDITION_KEYS)}`
				: `unknown condition "${unknown}"${didYouMean(unknown, CONDITION_KEYS)} — expected one of ${orList(CONDITION_KEYS)}`;
		return {problems: [{path: unknown === undefined ? [] : [unknown], shownPath: [], message}]};
	}
	const [kind, second] = kinds;
	if (second !== undefined || kind === undefined) {
		const message = `one condition per item, found ${kinds.join(' and ')}: use a list for several`;
		return {problems: [{path: [second ?? ''], shownPath: [], message}]};
	}
	const result = validate(CONDITIONS[kind], raw);
	return result.ok ? {condition: result.value, problems: []} : {problems: result.problems};
}

export interface ParsedCheck {
	readonly conditions: readonly CheckCondition[];
	readonly liveOnly?: string;
	/** Lines are inside the YAML block (1-based). */
	readonly problems: readonly {readonly line: number; readonly message: string}[];
}

const wrapper = strict({'live-only': z.string().trim().min(1), conditions: z.array(z.unknown()).optional()});

/**
 * Parses a `yaml check` block: one condition, a list of conditions, or
 * `{live-only: <reason>, conditions: [...]}`. Problem messages read
 * `check: <path inside the condition>: <message>`.
 */
export function parseCheckBlock(text: string): ParsedCheck {
	const source = parseYaml(text);
	if (source.errors.length > 0) {
		return {conditions: [], problems: source.errors.map((e) => ({line: e.line, message: `check: ${e.message}`}))};
	}
	const problems: {line: number; message: string}[] = [];
	const report = (base: readonly PropertyKey[], p: PathProblem) => {
		const path = showPath(p.shownPath ?? p.path);
		const shown = path ? `${path}: ` : '';
		problems.push({line: source.lineOf([...base, ...p.path]), message: `check: ${shown}${p.message}`});
	};
	const value = source.value;
	let items: readonly unknown[];
	let base: readonly PropertyKey[] = [];
	let liveOnly: string | undefined;
	if (value === null || value === undefined) {
		return {conditions: [], problems: [{line: 1, message: 'check: the block is empty'}]};
	} else if (Array.isArray(value)) {
		items = value;
	} else if (isMapping(value) && ('live-only' in value || 'conditions' in value)) {
		const result = validate(wrapper, value);
		if (!result.ok) {
			for (const p of result.problems) report([], p);
			return {conditions: [], problems};
		}
		liveOnly = result.value['live-only'];
		items = result.value.conditions ?? [];
		base = ['conditions'];
	} else {
		items = [value];
	}
	const conditions: CheckCondition[] = [];
	items.forEach((item, i) => {
		const at = Array.isArray(value) || base.length > 0 ? [...base, i] : [];
		const parsed = parseCondition(item);
		for (const p of parsed.problems) report(at, p);
		if (parsed.condition) conditions.push(parsed.condition);
	});
	return {conditions, ...(liveOnly !== undefined && {liveOnly}), problems};
}

