import type {K8sObject} from '../state.js';

/**
 * The API server's validation of what the simulator stores, with its messages
 * (k8s.io/apimachinery/pkg/util/validation and pkg/api/validation/objectmeta.go): object names,
 * label and annotation keys and values, and replica counts. Every create and update goes through
 * `validateObject`, so each kubectl command (apply, create, annotate, label, scale, ...) refuses bad
 * input the same way and stores nothing.
 */

/** A request the API server rejects as Invalid (kubectl exits 1 and prints the message). */
export class InvalidObject extends Error {
	constructor(
		readonly object: Pick<K8sObject, 'kind' | 'metadata'>,
		readonly causes: readonly string[],
	) {
		super(`The ${object.kind} "${object.metadata.name}" is invalid: ${causes.join(', ')}`);
		this.name = 'InvalidObject';
	}
}

/**
 * The most replicas one workload may ask for in the simulator. Every replica is a simulated pod
 * with an address and an endpoint; the lessons use a handful. Larger counts are refused as not
 * modelled (exit 3) rather than simulated slowly.
 */
export const SIM_MAX_REPLICAS = 100;

/** A replica count the simulator will not model (above SIM_MAX_REPLICAS but valid for Kubernetes). */
export class ReplicasBeyondSimulator extends Error {
	constructor(readonly replicas: number) {
		super(`${replicas} replicas for one workload (it models up to ${SIM_MAX_REPLICAS})`);
		this.name = 'ReplicasBeyondSimulator';
	}
}

const INT32_MAX = 2_147_483_647;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_MAX = 63;
const SUBDOMAIN_MAX = 253;
/** The API server's cap on all annotations of one object together (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

const MSG = {
	dns1123Label: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
	dns1123Subdomain: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
	dns1035Label: `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
	qualifiedName: `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
	labelValue: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
};

const quoted = (value: string) => JSON.stringify(value);
const specReplicas = (object: Record<string, unknown>): unknown => (object.spec as {replicas?: unknown} | undefined)?.replicas;
const invalid = (path: string, value: string, reason: string) => `${path}: Invalid value: ${quoted(value)}: ${reason}`;

/** IsDNS1123Label: namespaces (and the namespace an object names). */
export function dns1123LabelErrors(value: string): string[] {
	const errors: string[] = [];
	if (value.length > LABEL_MAX) errors.push(`must be no more than ${LABEL_MAX} characters`);
	if (!DNS1123_LABEL.test(value)) errors.push(MSG.dns1123Label);
	return errors;
}

/** IsDNS1123Subdomain: most object names (Deployments, ConfigMaps, policies...). */
export function dns1123SubdomainErrors(value: string): string[] {
	const errors: string[] = [];
	if (value.length > SUBDOMAIN_MAX) errors.push(`must be no more than ${SUBDOMAIN_MAX} characters`);
	if (!DNS1123_SUBDOMAIN.test(value)) errors.push(MSG.dns1123Subdomain);
	return errors;
}

/** IsDNS1035Label: Service names (they become DNS labels that must start with a letter). */
export function dns1035LabelErrors(value: string): string[] {
	const errors: string[] = [];
	if (value.length > LABEL_MAX) errors.push(`must be no more than ${LABEL_MAX} characters`);
	if (!DNS1035_LABEL.test(value)) errors.push(MSG.dns1035Label);
	return errors;
}

/** IsQualifiedName: label and annotation keys, `[prefix/]name`. */
export function qualifiedNameErrors(value: string): string[] {
	const parts = value.split('/');
	let name = value;
	const errors: string[] = [];
	if (parts.length === 2) {
		const [prefix = '', rest = ''] = parts;
		name = rest;
		if (prefix.length === 0) errors.push('prefix part must be non-empty');
		else errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
	} else if (parts.length > 2) {
		return [`a qualified name ${MSG.qualifiedName.replace('name part must', 'must')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
	}
	if (name.length === 0) errors.push('name part must be non-empty');
	else if (name.length > LABEL_MAX) errors.push(`name part must be no more than ${LABEL_MAX} characters`);
	if (name.length > 0 && !QUALIFIED_NAME_PART.test(name)) errors.push(MSG.qualifiedName);
	return errors;
}

/** IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
	const errors: string[] = [];
	if (value.length > LABEL_MAX) errors.push(`must be no more than ${LABEL_MAX} characters`);
	if (!LABEL_VALUE.test(value)) errors.push(MSG.labelValue);
	return errors;
}

/** Which rule names of a kind must follow (ValidateObjectMeta's nameFn per resource). */
function nameErrors(kind: string, name: string): string[] {
	if (kind === 'Namespace') return dns1123LabelErrors(name);
	if (kind === 'Service') return dns1035LabelErrors(name);
	return dns1123SubdomainErrors(name);
}

/** Replica counts: an int32 that is not negative (ValidateNonnegativeField + the int32 field type). */
export function replicasErrors(value: unknown, path = 'spec.replicas'): string[] {
	if (value === undefined) return [];
	if (typeof value !== 'number' || !Number.isInteger(value)) return [`${path}: Invalid value: ${JSON.stringify(value)}: must be an integer`];
	if (value < 0) return [`${path}: Invalid value: ${value}: must be greater than or equal to 0`];
	if (value > INT32_MAX) return [`${path}: Invalid value: ${value}: must be less than or equal to ${INT32_MAX}`];
	return [];
}

/** Everything the API server would reject in this object's metadata and replica count. */
export function objectErrors(object: Pick<K8sObject, 'kind' | 'metadata'> & Record<string, unknown>): string[] {
	const meta = object.metadata;
	const causes: string[] = [];
	const name = typeof meta.name === 'string' ? meta.name : '';
	if (!name) causes.push('metadata.name: Required value: name or generateName is required');
	else for (const e of nameErrors(object.kind, name)) causes.push(invalid('metadata.name', name, e));
	if (typeof meta.namespace === 'string') for (const e of dns1123LabelErrors(meta.namespace)) causes.push(invalid('metadata.namespace', meta.namespace, e));
	for (const [key, value] of Object.entries(meta.labels ?? {})) {
		for (const e of qualifiedNameErrors(key)) causes.push(invalid('metadata.labels', key, e));
		for (const e of labelValueErrors(String(value))) causes.push(invalid('metadata.labels', String(value), e));
	}
	let annotationBytes = 0;
	for (const [key, value] of Object.entries(meta.annotations ?? {})) {
		for (const e of qualifiedNameErrors(key.toLowerCase())) causes.push(invalid('metadata.annotations', key, e));
		annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
	}
	if (annotationBytes > ANNOTATIONS_MAX_BYTES) {
		causes.push(`metadata.annotations: Too long: may not be more than ${ANNOTATIONS_MAX_BYTES} bytes`);
	}
	if (object.kind === 'Deployment' || object.kind === 'ReplicaSet') causes.push(...replicasErrors(specReplicas(object)));
	return causes;
}

/** Throws InvalidObject for what the API server rejects, ReplicasBeyondSimulator for what the simulator does not model. */
export function validateObject(object: K8sObject): void {
	const causes = objectErrors(object);
	if (causes.length > 0) throw new InvalidObject(object, causes);
	if (object.kind === 'Deployment' || object.kind === 'ReplicaSet') {
		const replicas = specReplicas(object);
		if (typeof replicas === 'number' && replicas > SIM_MAX_REPLICAS) throw new ReplicasBeyondSimulator(replicas);
	}
}
