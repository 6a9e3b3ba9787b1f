import path from 'node:path';
import {parseAllDocuments} from 'yaml';
import {policySpecs} from '../datapath/policy.js';
import {isObject} from '../kube/objects.js';
import {resourceOfKind, apiVersionOf, type ResourceType} from '../kube/resources.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {K8sObject} from '../state.js';
import {KubectlError, type Kube} from './common.js';

/** One object read from `-f`: where it came from (for messages) and its type. */
export interface Manifest {
	readonly source: string;
	readonly object: K8sObject;
	readonly type: ResourceType;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** Kinds a real cluster serves that the simulator does not model: refused, never reported as unknown. */
const UNMODELED_KINDS = new Set(
	'Ingress IngressClass StatefulSet Job CronJob Endpoints EndpointSlice PersistentVolume PersistentVolumeClaim StorageClass Role RoleBinding ClusterRole ClusterRoleBinding HorizontalPodAutoscaler PodDisruptionBudget PriorityClass LimitRange ResourceQuota Lease CustomResourceDefinition MutatingWebhookConfiguration ValidatingWebhookConfiguration CiliumEndpoint CiliumIdentity CiliumNode CiliumLoadBalancerIPPool CiliumL2AnnouncementPolicy CiliumEgressGatewayPolicy CiliumCIDRGroup'.split(' '),
);

/** Whether a CiliumNetworkPolicy asks for mutual authentication (SPIRE), which the simulator does not enforce. */
function requiresAuthentication(value: Record<string, unknown>): boolean {
	return policySpecs(value).some((spec) => ['ingress', 'egress'].some((d) => Array.isArray(spec[d]) && spec[d].some((rule) => isObject(rule) && rule.authentication !== undefined)));
}

function filesOf(kube: Kube, arg: string, recursive: boolean): {source: string; text: string}[] {
	const files = kube.ctx.files;
	if (arg === '-') return [{source: 'STDIN', text: kube.ctx.stdin}];
	if (/^https?:\/\//.test(arg)) throw new UnsupportedFeature('kubectl -f <URL> (the simulator has no network)');
	if (!files.exists(arg)) throw new KubectlError(`error: the path "${arg}" does not exist`);
	if (!files.isDirectory(arg)) return [{source: arg, text: files.read(arg)}];
	const out: {source: string; text: string}[] = [];
	for (const entry of files.list(arg).sort()) {
		const child = path.join(arg, entry);
		if (files.isDirectory(child)) {
			if (recursive) out.push(...filesOf(kube, child, true));
		} else if (MANIFEST_FILE.test(entry)) out.push({source: child, text: files.read(child)});
	}
	return out;
}

/** Reads every object named by `-f` (files, directories, `-`), validating like kubectl's builder. */
export function readManifests(kube: Kube, args: readonly string[], recursive: boolean): Manifest[] {
	if (args.length === 0) throw new KubectlError('error: must specify one of -f and -k');
	const manifests: Manifest[] = [];
	for (const arg of args) {
		for (const {source, text} of filesOf(kube, arg, recursive)) {
			for (const doc of parseAllDocuments(text)) {
				const problem = doc.errors[0];
				if (problem) {
					const line = problem.linePos?.[0]?.line;
					throw new KubectlError(
						`error: error parsing ${source}: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
					);
				}
				const value: unknown = doc.toJS();
				if (value === null || value === undefined) continue;
				const items = isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
				for (const item of items) manifests.push(validate(kube, source, item));
			}
		}
	}
	if (manifests.length === 0) throw new KubectlError('error: no objects passed to apply');
	return manifests;
}

function validate(kube: Kube, source: string, value: unknown): Manifest {
	if (!isObject(value)) throw new KubectlError(`error: error validating "${source}": error validating data: invalid object; if you choose to ignore these errors, turn validation off with --validate=false`);
	const missing = [...(typeof value.apiVersion === 'string' ? [] : ['apiVersion not set']), ...(typeof value.kind === 'string' ? [] : ['kind not set'])];
	if (missing.length > 0) {
		throw new KubectlError(`error: error validating "${source}": error validating data: [${missing.join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`);
	}
	const kind = String(value.kind);
	const apiVersion = String(value.apiVersion);
	const metadata = isObject(value.metadata) ? value.metadata : {};
	if (UNMODELED_KINDS.has(kind)) throw new UnsupportedFeature(`a ${kind} (${source})`);
	const type = resourceOfKind(kind);
	if (!type || apiVersionOf(type) !== apiVersion || (type.ciliumCrd && !kube.cluster.ciliumCrds)) {
		throw new KubectlError(
			`error: resource mapping not found for name: "${String(metadata.name ?? '')}" namespace: "${String(metadata.namespace ?? '')}" from "${source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
		);
	}
	if (type.kind === 'NetworkPolicy') throw new UnsupportedFeature('Kubernetes NetworkPolicy (the simulator enforces CiliumNetworkPolicy only)');
	if (type.ciliumCrd && requiresAuthentication(value)) throw new UnsupportedFeature(`mutual authentication in ${kind} ${String(metadata.name ?? '')} (SPIRE)`);
	if (typeof metadata.name !== 'string' || metadata.name === '') {
		throw new KubectlError(`error: error when retrieving current configuration of:\nResource: "${type.plural}", GroupVersionKind: "${apiVersion}, Kind=${kind}"\nfrom server for: "${source}": resource name may not be empty`);
	}
	return {source, type, object: {...value, apiVersion, kind, metadata: {...metadata, name: metadata.name}} as K8sObject};
}

/** The namespace an object goes to: its own, else `-n`, else default; a conflict is an error. */
export function targetNamespace(kube: Kube, manifest: Manifest): string | undefined {
	if (!manifest.type.namespaced) return undefined;
	const own = manifest.object.metadata.namespace;
	if (own !== undefined && kube.namespaceGiven && own !== kube.namespace) {
		throw new KubectlError(
			`error: the namespace from the provided object "${own}" does not match the namespace "${kube.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
		);
	}
	return own ?? kube.namespace;
}
