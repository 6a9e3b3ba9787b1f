import {agentSettings} from '../cilium/release.js';
import {field, isObject, listObjects} from '../kube/objects.js';
import {matchesSelector, selectorFromObject, type Requirement, type Selector} from '../kube/selectors.js';
import type {ClusterState, K8sObject} from '../state.js';
import {CLUSTER_LABEL, NAMESPACE_LABEL, type Endpoint} from './endpoints.js';

/**
 * CiliumNetworkPolicy semantics as plain functions (cilium-facts §3). A direction is enforced on an
 * endpoint once any policy selecting it has rules for that direction (unless enableDefaultDeny opts
 * out); then only traffic some rule allows passes. Deny rules win over allow rules.
 */

export type Direction = 'ingress' | 'egress';

export interface L4 {
	readonly port: number;
	readonly protocol: 'TCP' | 'UDP';
}

/** An HTTP rule of an L7 policy (`rules.http`): regexes matched against the whole method/path. */
export interface HttpRule {
	readonly method?: string;
	readonly path?: string;
}

export interface Verdict {
	readonly allowed: boolean;
	/** Set when the allowed traffic goes through the L7 proxy with these rules. */
	readonly http: readonly HttpRule[] | null;
	/** The policy names involved (allowing, or enforcing the default deny). */
	readonly policies: readonly string[];
}

interface PortRule {
	readonly ports: readonly {port: number | null; endPort: number | null; protocol: string}[];
	readonly http: readonly HttpRule[] | null;
}

interface Rule {
	readonly selectors: readonly Selector[] | null;
	readonly entities: readonly string[] | null;
	/** Peers named only by CIDR, FQDN or service: they never match a pod of the mesh. */
	readonly otherPeers: boolean;
	readonly toPorts: readonly PortRule[] | null;
}

const PEER_FIELDS: Record<Direction, {endpoints: string; entities: string; others: string[]}> = {
	ingress: {endpoints: 'fromEndpoints', entities: 'fromEntities', others: ['fromCIDR', 'fromCIDRSet', 'fromNodes', 'fromGroups']},
	egress: {endpoints: 'toEndpoints', entities: 'toEntities', others: ['toCIDR', 'toCIDRSet', 'toFQDNs', 'toServices', 'toNodes', 'toGroups']},
};

/** `k8s:name`, `any:name` → `name`; `reserved:*` labels never match a pod. */
function stripSource(key: string): string | null {
	const m = /^(k8s|any|container|unspec):(.*)$/.exec(key);
	if (m) return m[2] ?? '';
	if (/^(reserved|cidr|fqdn):/.test(key)) return null;
	return key;
}

function normalizeSelector(selector: Selector): Selector | null {
	const matchLabels: Record<string, string> = {};
	for (const [k, v] of Object.entries(selector.matchLabels)) {
		const key = stripSource(k);
		if (key === null) return null;
		matchLabels[key] = v;
	}
	const matchExpressions: Requirement[] = [];
	for (const req of selector.matchExpressions) {
		const key = stripSource(req.key);
		if (key === null) return null;
		matchExpressions.push({...req, key});
	}
	return {matchLabels, matchExpressions};
}

function mentions(selector: Selector, key: string): boolean {
	return key in selector.matchLabels || selector.matchExpressions.some((r) => r.key === key);
}

/**
 * A peer selector as the agent applies it: limited to the policy's namespace unless it names one,
 * and (policy-default-local-cluster) to the local cluster unless it names a cluster.
 */
function peerSelector(raw: unknown, namespace: string | null, localCluster: string | null): Selector | null {
	const selector = normalizeSelector(selectorFromObject(raw));
	if (!selector) return null;
	const matchLabels = {...selector.matchLabels};
	if (namespace !== null && !mentions(selector, NAMESPACE_LABEL)) matchLabels[NAMESPACE_LABEL] = namespace;
	if (localCluster !== null && !mentions(selector, CLUSTER_LABEL)) matchLabels[CLUSTER_LABEL] = localCluster;
	return {matchLabels, matchExpressions: selector.matchExpressions};
}

function portRules(value: unknown): PortRule[] | null {
	if (!Array.isArray(value)) return null;
	return value.filter(isObject).map((entry) => {
		const ports = (Array.isArray(entry.ports) ? entry.ports : []).filter(isObject).map((p) => {
			const port = Number(p.port ?? 0);
			return {
				port: Number.isInteger(port) && port > 0 ? port : null,
				endPort: typeof p.endPort === 'number' ? p.endPort : null,
				protocol: String(p.protocol ?? 'ANY').toUpperCase(),
			};
		});
		const rules = field(entry, 'rules');
		const http = Array.isArray(rules.http)
			? rules.http.filter(isObject).map((h) => ({
					...(typeof h.method === 'string' ? {method: h.method} : {}),
					...(typeof h.path === 'string' ? {path: h.path} : {}),
				}))
			: null;
		return {ports, http};
	});
}

function parseRules(value: unknown, direction: Direction, namespace: string | null, localCluster: string | null): Rule[] | null {
	if (!Array.isArray(value)) return null;
	const names = PEER_FIELDS[direction];
	return value.filter(isObject).map((entry) => {
		const rawSelectors = entry[names.endpoints];
		const rawEntities = entry[names.entities];
		return {
			selectors: Array.isArray(rawSelectors)
				? rawSelectors.map((s) => peerSelector(s, namespace, localCluster)).filter((s): s is Selector => s !== null)
				: null,
			entities: Array.isArray(rawEntities) ? rawEntities.map(String) : null,
			otherPeers: names.others.some((k) => entry[k] !== undefined),
			toPorts: portRules(entry.toPorts),
		};
	});
}

interface ParsedPolicy {
	readonly name: string;
	readonly subject: Selector | null;
	readonly allow: Readonly<Record<Direction, Rule[] | null>>;
	readonly deny: Readonly<Record<Direction, Rule[] | null>>;
	readonly defaultDeny: Readonly<Record<Direction, boolean>>;
}

/** A policy's rule sets: its `spec` and every `specs` entry. */
export function policySpecs(policy: Record<string, unknown>): Record<string, unknown>[] {
	return [policy.spec, ...(Array.isArray(policy.specs) ? policy.specs : [])].filter(isObject);
}

/** The policies of a cluster (CNPs and CCNPs), each `spec`/`specs` entry as one rule set. */
function policiesOf(cluster: ClusterState): ParsedPolicy[] {
	const settings = agentSettings(cluster);
	const localCluster = settings?.policyDefaultLocalCluster ? settings.clusterName : null;
	const objects = [...listObjects(cluster, 'CiliumNetworkPolicy'), ...listObjects(cluster, 'CiliumClusterwideNetworkPolicy')];
	return objects.flatMap((object) => {
		const namespace = object.kind === 'CiliumNetworkPolicy' ? (object.metadata.namespace ?? 'default') : null;
		return policySpecs(object).map((spec) => parsePolicy(object, spec, namespace, localCluster));
	});
}

function parsePolicy(object: K8sObject, spec: Record<string, unknown>, namespace: string | null, localCluster: string | null): ParsedPolicy {
	const subjectRaw = spec.endpointSelector;
	const subject = subjectRaw === undefined ? null : normalizeSelector(selectorFromObject(subjectRaw));
	const scopedSubject = subject && namespace !== null ? {...subject, matchLabels: {...subject.matchLabels, [NAMESPACE_LABEL]: namespace}} : subject;
	const optOut = field(spec, 'enableDefaultDeny');
	const allow = {
		ingress: parseRules(spec.ingress, 'ingress', namespace, localCluster),
		egress: parseRules(spec.egress, 'egress', namespace, localCluster),
	};
	const deny = {
		ingress: parseRules(spec.ingressDeny, 'ingress', namespace, localCluster),
		egress: parseRules(spec.egressDeny, 'egress', namespace, localCluster),
	};
	return {
		name: object.metadata.name,
		subject: scopedSubject,
		allow,
		deny,
		defaultDeny: {
			ingress: (allow.ingress !== null || deny.ingress !== null) && optOut.ingress !== false,
			egress: (allow.egress !== null || deny.egress !== null) && optOut.egress !== false,
		},
	};
}

function entityMatches(entity: string, enforcing: ClusterState, peer: Endpoint): boolean {
	switch (entity) {
		case 'all':
			return true;
		case 'cluster':
			// Inferred: with the local-cluster default, `cluster` means this cluster's endpoints only.
			return peer.cluster === enforcing || agentSettings(enforcing)?.policyDefaultLocalCluster === false;
		default:
			return false;
	}
}

function portMatches(rule: PortRule, l4: L4): boolean {
	return rule.ports.length === 0 || rule.ports.some((p) => (p.protocol === 'ANY' || p.protocol === l4.protocol) && (p.port === null || (p.endPort === null ? p.port === l4.port : l4.port >= p.port && l4.port <= p.endPort)));
}

/** Whether a rule allows the peer on this port; returns its HTTP rules when it does (null: any request). */
function ruleMatch(rule: Rule, enforcing: ClusterState, peer: Endpoint, l4: L4): {http: readonly HttpRule[] | null} | false {
	const hasL3 = rule.selectors !== null || rule.entities !== null || rule.otherPeers;
	if (!hasL3 && rule.toPorts === null) return false;
	if (hasL3) {
		const bySelector = (rule.selectors ?? []).some((s) => matchesSelector(peer.labels, s));
		const byEntity = (rule.entities ?? []).some((e) => entityMatches(e, enforcing, peer));
		if (!bySelector && !byEntity) return false;
	}
	if (rule.toPorts === null) return {http: null};
	const matching = rule.toPorts.filter((p) => portMatches(p, l4));
	if (matching.length === 0) return false;
	if (matching.some((p) => p.http === null)) return {http: null};
	return {http: matching.flatMap((p) => p.http ?? [])};
}

/**
 * The verdict of the endpoint's cluster for traffic in one direction: `subject` is the local
 * endpoint the policies select, `peer` the other side (possibly in another cluster).
 */
export function policyVerdict(subject: Endpoint, direction: Direction, peer: Endpoint, l4: L4): Verdict {
	const selecting = policiesOf(subject.cluster).filter((p) => p.subject !== null && matchesSelector(subject.labels, p.subject));
	for (const p of selecting) {
		if ((p.deny[direction] ?? []).some((rule) => ruleMatch(rule, subject.cluster, peer, l4) !== false)) {
			return {allowed: false, http: null, policies: [p.name]};
		}
	}
	const enforcing = selecting.filter((p) => p.defaultDeny[direction]);
	if (enforcing.length === 0) return {allowed: true, http: null, policies: []};
	let http: HttpRule[] | null = [];
	const allowing: string[] = [];
	for (const p of selecting) {
		for (const rule of p.allow[direction] ?? []) {
			const match = ruleMatch(rule, subject.cluster, peer, l4);
			if (match === false) continue;
			allowing.push(p.name);
			if (match.http === null) http = null;
			else if (http !== null) http.push(...match.http);
		}
	}
	if (allowing.length === 0) return {allowed: false, http: null, policies: enforcing.map((p) => p.name)};
	return {allowed: true, http, policies: [...new Set(allowing)]};
}

/** Whether an HTTP request passes the L7 rules (regexes match the whole method and path). */
export function httpAllowed(rules: readonly HttpRule[], method: string, path: string): boolean {
	const full = (pattern: string | undefined, value: string) => {
		if (pattern === undefined) return true;
		try {
			return new RegExp(`^(?:${pattern})$`).test(value);
		} catch {
			return false;
		}
	};
	return rules.some((r) => full(r.method, method) && full(r.path, path));
}

/**
 * What `cilium clustermesh inspect-policy-default-local-cluster` reports per kind
 * (cilium-cli `clustermesh.go` `PolicyDefaultLocalClusterInspectResult`, keyed by its JSON names):
 * each policy as `namespace/name` and whether the local-cluster default changes it. Cluster-wide
 * policies are listed only for all namespaces (no `namespace`), as the CLI does.
 */
export function localClusterDefaultReport(
	cluster: ClusterState,
	namespace?: string,
): {ciliumNetworkPolicies: Record<string, boolean>; ciliumClusterWideNetworkPolicies: Record<string, boolean>; networkPolicies: Record<string, boolean>} {
	const report = (kind: string, ns?: string) =>
		Object.fromEntries(listObjects(cluster, kind, ns).map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name}`, dependsOnClusterDefault(p)]));
	return {
		ciliumNetworkPolicies: report('CiliumNetworkPolicy', namespace),
		ciliumClusterWideNetworkPolicies: namespace === undefined ? report('CiliumClusterwideNetworkPolicy') : {},
		networkPolicies: {},
	};
}

/**
 * Whether the local-cluster default changes what a policy selects: some peer selector names no
 * cluster (what `cilium clustermesh inspect-policy-default-local-cluster` reports).
 */
export function dependsOnClusterDefault(policy: K8sObject): boolean {
	const peerFields = ['fromEndpoints', 'toEndpoints', 'fromNodes', 'toNodes'];
	return policySpecs(policy).some((spec) =>
		['ingress', 'egress', 'ingressDeny', 'egressDeny'].some((section) => {
			const rules = spec[section];
			return (
				Array.isArray(rules) &&
				rules.filter(isObject).some((rule) =>
					peerFields.some((f) => {
						const peers = rule[f];
						return Array.isArray(peers) && peers.some((raw) => {
							const selector = normalizeSelector(selectorFromObject(raw));
							return selector !== null && !mentions(selector, CLUSTER_LABEL);
						});
					}),
				)
			);
		}),
	);
}
