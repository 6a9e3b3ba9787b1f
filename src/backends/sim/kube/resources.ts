/** The API resources the simulated API server serves, with kubectl's names for them. */
export interface ResourceType {
	readonly kind: string;
	/** API group; '' for the core group. */
	readonly group: string;
	readonly version: string;
	readonly plural: string;
	readonly singular: string;
	readonly shortNames: readonly string[];
	readonly namespaced: boolean;
	/** Served only once Cilium registered its CRDs. */
	readonly ciliumCrd?: boolean;
}

const r = (
	kind: string,
	group: string,
	version: string,
	plural: string,
	shortNames: string[],
	namespaced = true,
	ciliumCrd = false,
): ResourceType => ({kind, group, version, plural, singular: kind.toLowerCase(), shortNames, namespaced, ciliumCrd});

const RESOURCES: readonly ResourceType[] = [
	r('Pod', '', 'v1', 'pods', ['po']),
	r('Service', '', 'v1', 'services', ['svc']),
	r('ConfigMap', '', 'v1', 'configmaps', ['cm']),
	r('Secret', '', 'v1', 'secrets', []),
	r('ServiceAccount', '', 'v1', 'serviceaccounts', ['sa']),
	r('Namespace', '', 'v1', 'namespaces', ['ns'], false),
	r('Node', '', 'v1', 'nodes', ['no'], false),
	r('Deployment', 'apps', 'v1', 'deployments', ['deploy']),
	r('ReplicaSet', 'apps', 'v1', 'replicasets', ['rs']),
	r('DaemonSet', 'apps', 'v1', 'daemonsets', ['ds']),
	r('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', ['netpol']),
	r('CiliumNetworkPolicy', 'cilium.io', 'v2', 'ciliumnetworkpolicies', ['cnp', 'ciliumnp'], true, true),
	r('CiliumClusterwideNetworkPolicy', 'cilium.io', 'v2', 'ciliumclusterwidenetworkpolicies', ['ccnp'], false, true),
];

export function resourceOfKind(kind: string): ResourceType | undefined {
	return RESOURCES.find((t) => t.kind === kind);
}

/** Resolves what a learner typed (`svc`, `deployments.apps`, `CiliumNetworkPolicy`...). */
export function resolveResource(text: string): ResourceType | undefined {
	const lower = text.toLowerCase();
	const [name, ...groupParts] = lower.split('.');
	const group = groupParts.join('.');
	return RESOURCES.find(
		(t) =>
			(group === '' || group === t.group || (group === `${t.version}.${t.group}`)) &&
			(name === t.plural || name === t.singular || t.shortNames.includes(name ?? '')),
	);
}

/** `deployment.apps`, `service`: the prefix of kubectl's `kind/name` output. */
export function qualifiedSingular(type: ResourceType): string {
	return type.group ? `${type.singular}.${type.group}` : type.singular;
}

/** `deployments.apps`, `services`: how API errors name a resource. */
export function qualifiedPlural(type: ResourceType): string {
	return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function apiVersionOf(type: ResourceType): string {
	return type.group ? `${type.group}/${type.version}` : type.version;
}
