/**
 * How Cilium reads the Cluster Mesh annotations of a Service: one definition for the simulator's
 * load balancing and for the checks that judge a learner's Service, so both judge a value the
 * way the agent would.
 *
 * Source: cilium/cilium `pkg/annotation/clustermesh.go` (`GetAnnotationIncludeExternal`,
 * `GetAnnotationShared`, `GetAnnotationServiceAffinity`) with the keys and aliases of
 * `pkg/annotation/k8s.go` (cilium-facts §2):
 * - `global` and `shared` count as true only when the value, lower-cased, is `"true"`: `"True"`
 *   and `"TRUE"` are true, but `"1"`, `"yes"` or `"t"` are not (no `strconv.ParseBool` here);
 * - `shared` defaults to true on a global Service; `shared` and `affinity` are ignored unless
 *   the Service is global;
 * - `affinity` is lower-cased: `"Local"` is `local`; `"none"`, `""` and any unknown value mean
 *   no preference;
 * - the current key wins over its old `io.cilium/*` alias when both are set.
 */

export type ServiceAffinity = 'local' | 'remote' | 'none';

/** The three annotations, current key first, then the old alias Cilium still reads. */
export const CILIUM_SERVICE_ANNOTATIONS = {
	global: ['service.cilium.io/global', 'io.cilium/global-service'],
	shared: ['service.cilium.io/shared', 'io.cilium/shared-service'],
	affinity: ['service.cilium.io/affinity', 'io.cilium/service-affinity'],
} as const;

type AnnotationName = keyof typeof CILIUM_SERVICE_ANNOTATIONS;

/** `global` and `shared`: true only for "true" in any case. */
export const readsAsTrue = (value: string): boolean => value.toLowerCase() === 'true';

/** `affinity`: local or remote in any case; anything else is no preference. */
export function readAffinity(value: string): ServiceAffinity {
	const lower = value.toLowerCase();
	return lower === 'local' || lower === 'remote' ? lower : 'none';
}

function annotationName(key: string): AnnotationName | undefined {
	return (Object.keys(CILIUM_SERVICE_ANNOTATIONS) as AnnotationName[]).find((name) =>
		(CILIUM_SERVICE_ANNOTATIONS[name] as readonly string[]).includes(key),
	);
}

/**
 * What Cilium makes of one value of `key`, in its canonical spelling (`"true"`/`"false"`,
 * `"local"`/`"remote"`/`"none"`); undefined for a key Cilium does not read this way.
 */
export function ciliumReading(key: string, value: string): string | undefined {
	const name = annotationName(key);
	if (name === undefined) return undefined;
	return name === 'affinity' ? readAffinity(value) : String(readsAsTrue(value));
}

/** Whether two values of `key` mean the same to Cilium (for other keys: the same text). */
export function sameCiliumMeaning(key: string, a: string, b: string): boolean {
	const reading = ciliumReading(key, a);
	return reading === undefined ? a === b : reading === ciliumReading(key, b);
}

/** The value of an annotation as Cilium looks it up: the current key, else its old alias. */
function lookup(annotations: Readonly<Record<string, string>>, name: AnnotationName): string | undefined {
	const [key, alias] = CILIUM_SERVICE_ANNOTATIONS[name];
	return annotations[key] ?? annotations[alias];
}

export interface ServiceMeshSettings {
	readonly global: boolean;
	readonly shared: boolean;
	readonly affinity: ServiceAffinity;
}

/** What a Service's annotations make of it in Cluster Mesh. */
export function serviceMeshSettings(annotations: Readonly<Record<string, string>>): ServiceMeshSettings {
	const global = readsAsTrue(lookup(annotations, 'global') ?? '');
	if (!global) return {global: false, shared: false, affinity: 'none'};
	const shared = lookup(annotations, 'shared');
	return {global, shared: shared === undefined || readsAsTrue(shared), affinity: readAffinity(lookup(annotations, 'affinity') ?? '')};
}
