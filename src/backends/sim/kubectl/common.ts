import {failed, resolveContext, type ProgramContext, type ProgramResult} from '../context.js';
import {flagBool, flagString, type FlagSpecs, type ParsedFlags} from '../flags.js';
import {findObject} from '../kube/objects.js';
import {qualifiedPlural, resolveResource, type ResourceType} from '../kube/resources.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {ClusterState, K8sObject} from '../state.js';

/** What every kubectl subcommand works with once flags and the context are sorted out. */
export interface Kube {
	readonly ctx: ProgramContext;
	readonly cluster: ClusterState;
	readonly flags: ParsedFlags;
	/** `-n`, else `default`. */
	readonly namespace: string;
	readonly namespaceGiven: boolean;
	readonly allNamespaces: boolean;
	/** The subcommand, for `See 'kubectl <cmd> --help'` lines. */
	readonly command: string;
}

/** Flags kubectl accepts on every command. */
export const GLOBAL_FLAGS: FlagSpecs = {
	namespace: {type: 'string', short: 'n'},
	context: {type: 'string'},
	kubeconfig: {type: 'string'},
	cluster: {type: 'string'},
	user: {type: 'string'},
	server: {type: 'string', short: 's'},
	'request-timeout': {type: 'string'},
	v: {type: 'int', short: 'v'},
	as: {type: 'string'},
	'insecure-skip-tls-verify': {type: 'bool'},
	token: {type: 'string'},
};

export class KubectlError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
	}
}

/** Namespaces of components the simulator never deploys (SPIRE for mutual authentication). */
const UNMODELED_NAMESPACES = new Set(['cilium-spire']);

/** Connects to the cluster of the requested (or current) context, or explains why not like kubectl. */
export function connect(ctx: ProgramContext, flags: ParsedFlags, command: string): Kube | ProgramResult {
	const resolved = resolveContext(ctx, flagString(flags, 'context'));
	if (!resolved.ok) {
		if (resolved.reason === 'missing-context') return failed(ctx.io, `error: context "${resolved.context}" does not exist`);
		// No current context: kubectl falls back to localhost:8080, where nothing listens.
		return failed(ctx.io, 'The connection to the server localhost:8080 was refused - did you specify the right host or port?');
	}
	const namespace = flagString(flags, 'namespace');
	if (namespace !== undefined && UNMODELED_NAMESPACES.has(namespace)) throw new UnsupportedFeature(`kubectl -n ${namespace} (SPIRE is not modelled)`);
	return {
		ctx,
		cluster: resolved.cluster,
		flags,
		namespace: namespace ?? 'default',
		namespaceGiven: namespace !== undefined,
		allNamespaces: flagBool(flags, 'all-namespaces'),
		command,
	};
}

export function isKube(value: Kube | ProgramResult): value is Kube {
	return 'cluster' in value;
}

/** Resources a real cluster serves that the simulator does not model: refused, never reported missing. */
const UNMODELED = new Set(
	'all endpoints ep endpointslices events ev ingresses ing jobs cronjobs cj statefulsets sts persistentvolumes pv persistentvolumeclaims pvc storageclasses sc ciliumendpoints cep ciliumidentities ciliumid ciliumnodes cn ciliumexternalworkloads customresourcedefinitions crd crds roles rolebindings clusterroles clusterrolebindings leases apiservices horizontalpodautoscalers hpa poddisruptionbudgets pdb priorityclasses limitranges resourcequotas quota csidrivers mutatingwebhookconfigurations validatingwebhookconfigurations'.split(' '),
);

/** A resource type the cluster serves (Cilium's CRDs only once Cilium registered them). */
export function servedType(kube: Kube, text: string): ResourceType {
	const base = text.toLowerCase().split('.')[0] ?? '';
	// The list holds plurals and short names; a singular (`ingress`, `statefulset`) is its plural without the ending.
	if ([base, `${base}s`, `${base}es`].some((name) => UNMODELED.has(name))) throw new UnsupportedFeature(`kubectl ${kube.command} ${text}`);
	const type = resolveResource(text);
	if (!type || (type.ciliumCrd && !kube.cluster.ciliumCrds)) throw new KubectlError(`error: the server doesn't have a resource type "${text}"`);
	return type;
}

export interface ResourceRef {
	readonly type: ResourceType;
	readonly name: string;
}

/** `svc rebel-base`, `svc/rebel-base`, `deploy/a svc/b`: typed names from positional arguments. */
export function resourceRefs(kube: Kube, args: readonly string[]): {types: ResourceType[]; refs: ResourceRef[]} {
	const [first, ...rest] = args;
	if (first === undefined) throw new KubectlError(`error: you must specify the type of resource to ${kube.command}`);
	if (first.includes('/')) {
		const refs = args.map((arg) => {
			const slash = arg.indexOf('/');
			if (slash < 0) {
				throw new KubectlError(
					`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${kube.command} resource/<resource_name>' instead of 'kubectl ${kube.command} resource resource/<resource_name>'`,
				);
			}
			return {type: servedType(kube, arg.slice(0, slash)), name: arg.slice(slash + 1)};
		});
		return {types: [...new Set(refs.map((r) => r.type))], refs};
	}
	const types = first.split(',').filter(Boolean).map((t) => servedType(kube, t));
	const refs = rest.flatMap((name) => types.map((type) => ({type, name})));
	return {types, refs};
}

export function namespaceFor(kube: Kube, type: ResourceType): string | undefined {
	return type.namespaced ? kube.namespace : undefined;
}

export function notFound(type: ResourceType, name: string): string {
	return `Error from server (NotFound): ${qualifiedPlural(type)} "${name}" not found`;
}

export function getOrThrow(kube: Kube, type: ResourceType, name: string): K8sObject {
	const object = findObject(kube.cluster, type.kind, namespaceFor(kube, type), name);
	if (!object) throw new KubectlError(notFound(type, name));
	return object;
}

/** kubectl's resource builder when a command names nothing to act on. */
export const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`;

export function helpLine(command: string): string {
	return `See 'kubectl ${command} --help' for usage.`;
}
