import {parse as parseYaml} from 'yaml';
import type {ProgramResult} from '../context.js';
import {flagSet, flagString} from '../flags.js';
import {reconcile} from '../kube/controllers.js';
import {field, isObject, updateObject} from '../kube/objects.js';
import {apiVersionOf, qualifiedSingular, type ResourceType} from '../kube/resources.js';
import {validateObject} from '../kube/validation.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {K8sObject} from '../state.js';
import {NO_RESOURCES, getOrThrow, KubectlError, resourceRefs, type Kube} from './common.js';

/**
 * `kubectl patch` with a strategic merge or JSON merge patch (kubectl `pkg/cmd/patch/patch.go`).
 * The simulator changes what it models: labels and annotations of any object it serves, and the
 * replica count of Deployments and ReplicaSets. For those fields both patch types agree (RFC 7386:
 * maps merge, `null` removes a key, scalars replace). A patch touching anything else is refused as
 * unmodelled (exit 3) before anything changes; JSON patches (RFC 6902) are not modelled.
 */

const PATCH_TYPES = ['json', 'merge', 'strategic'];
const SCALABLE = new Set(['Deployment', 'ReplicaSet']);
const MEDIA_TYPES = {strategic: 'application/strategic-merge-patch+json', merge: 'application/merge-patch+json'} as const;

/** What one patch asks for, checked against the fields the simulator models. */
interface MetadataPatch {
	readonly labels?: Record<string, string | null> | null;
	readonly annotations?: Record<string, string | null> | null;
	readonly replicas?: number | null;
}

/** `sigs.k8s.io/yaml.ToJSON`: the patch may be JSON or YAML. */
function parsePatch(text: string): unknown {
	try {
		return parseYaml(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new KubectlError(`error: unable to parse ${JSON.stringify(text)}: error converting YAML to JSON: yaml: ${reason}`);
	}
}

/** The API server decodes the patched object into its Go type; a wrong JSON type is a BadRequest. */
function stringMap(value: unknown, goField: string): Record<string, string | null> | null {
	if (value === null) return null;
	if (!isObject(value)) throw new KubectlError(`Error from server (BadRequest): json: cannot unmarshal ${jsonType(value)} into Go struct field ObjectMeta.${goField} of type map[string]string`);
	for (const v of Object.values(value)) {
		if (v !== null && typeof v !== 'string') throw new KubectlError(`Error from server (BadRequest): json: cannot unmarshal ${jsonType(v)} into Go struct field ObjectMeta.${goField} of type string`);
	}
	return value as Record<string, string | null>;
}

function jsonType(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'boolean') return 'bool';
	return typeof value;
}

function unmodelled(path: string): never {
	throw new UnsupportedFeature(`kubectl patch of ${path} (the simulator patches metadata.labels, metadata.annotations and, for Deployments and ReplicaSets, spec.replicas)`);
}

/** Reads the patch into the fields the simulator models; any other path is refused. */
function readPatch(body: unknown, kind: string): MetadataPatch {
	if (!isObject(body)) {
		if (body === null || body === undefined) return {};
		unmodelled(`a ${jsonType(body)} (a merge patch is a JSON object)`);
	}
	const patch: {-readonly [K in keyof MetadataPatch]: MetadataPatch[K]} = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'metadata') {
			if (value === null || !isObject(value)) unmodelled('metadata');
			for (const [metaKey, metaValue] of Object.entries(value)) {
				if (metaKey === 'labels') patch.labels = stringMap(metaValue, 'metadata.labels');
				else if (metaKey === 'annotations') patch.annotations = stringMap(metaValue, 'metadata.annotations');
				else unmodelled(`metadata.${metaKey}`);
			}
		} else if (key === 'spec' && SCALABLE.has(kind) && isObject(value)) {
			for (const [specKey, specValue] of Object.entries(value)) {
				if (specKey !== 'replicas') unmodelled(`spec.${specKey}`);
				if (specValue !== null && typeof specValue !== 'number') {
					throw new KubectlError(`Error from server (BadRequest): json: cannot unmarshal ${jsonType(specValue)} into Go struct field ${kind}Spec.spec.replicas of type int32`);
				}
				patch.replicas = specValue;
			}
		} else if (key !== 'apiVersion' && key !== 'kind') unmodelled(key);
	}
	return patch;
}

/** RFC 7386 on a string map: `null` removes a key (or the whole map). */
function mergeMap(current: Record<string, string> | undefined, patch: Record<string, string | null> | null | undefined): Record<string, string> | undefined {
	if (patch === undefined) return current;
	if (patch === null) return undefined;
	const next: Record<string, string> = {...current};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete next[key];
		else next[key] = value;
	}
	return Object.keys(next).length > 0 ? next : undefined;
}

function patched(object: K8sObject, patch: MetadataPatch): K8sObject {
	const metadata = {...object.metadata};
	for (const which of ['labels', 'annotations'] as const) {
		const merged = mergeMap(object.metadata[which], patch[which]);
		if (merged === undefined) delete metadata[which];
		else metadata[which] = merged;
	}
	if (patch.replicas === undefined) return {...object, metadata};
	// A removed replica count is defaulted again by the API server (SetDefaults_Deployment: 1).
	return {...object, metadata, spec: {...field(object, 'spec'), replicas: patch.replicas ?? 1}};
}

/** Whether the API server accepts this patch type for the resource (CRDs have no strategic merge). */
function checkMediaType(type: ResourceType, patchType: 'strategic' | 'merge'): void {
	if (patchType !== 'strategic' || !type.ciliumCrd) return;
	throw new KubectlError(
		`error: ${MEDIA_TYPES.strategic} is not supported by ${apiVersionOf(type)}, Kind=${type.kind}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
	);
}

export function patch(kube: Kube, args: readonly string[]): ProgramResult {
	if (flagSet(kube.flags, 'patch-file') || flagSet(kube.flags, 'filename')) throw new UnsupportedFeature(`kubectl patch ${flagSet(kube.flags, 'filename') ? '-f' : '--patch-file'}`);
	if (flagSet(kube.flags, 'subresource')) throw new UnsupportedFeature('kubectl patch --subresource');
	if (flagSet(kube.flags, 'local')) throw new UnsupportedFeature('kubectl patch --local');
	const text = flagString(kube.flags, 'patch');
	if (text === undefined || text === '') throw new KubectlError('error: must specify --patch or --patch-file containing the contents of the patch');
	const given = flagString(kube.flags, 'type') ?? 'strategic';
	const patchType = given.toLowerCase();
	if (!PATCH_TYPES.includes(patchType)) throw new KubectlError(`error: --type must be one of [${PATCH_TYPES.join(' ')}], not ${JSON.stringify(given)}`);
	if (patchType === 'json') throw new UnsupportedFeature('kubectl patch --type json (JSON patches are not modelled; use --type merge)');
	const output = flagString(kube.flags, 'output');
	if (output !== undefined && output !== 'name') throw new UnsupportedFeature(`kubectl patch -o ${output}`);
	const body = parsePatch(text);
	if (args.length === 0) throw new KubectlError(NO_RESOURCES);
	const {refs} = resourceRefs(kube, args);
	if (refs.length === 0) throw new KubectlError('error: resource(s) were provided, but no name was specified');
	// Every target is read, patched and validated before anything is stored or printed, so an
	// error leaves the lab as it was and no line claims a change that did not happen.
	const planned = refs.map((ref) => {
		checkMediaType(ref.type, patchType as 'strategic' | 'merge');
		const object = getOrThrow(kube, ref.type, ref.name);
		const next = patched(object, readPatch(body, ref.type.kind));
		validateObject(next);
		return {ref, next, changed: JSON.stringify(next) !== JSON.stringify(object)};
	});
	for (const {ref, next, changed} of planned) {
		if (changed) updateObject(kube.cluster, next);
		const name = `${qualifiedSingular(ref.type)}/${ref.name}`;
		kube.ctx.io.stdout(output === 'name' ? `${name}\n` : `${name} ${changed ? 'patched' : 'patched (no change)'}\n`);
	}
	reconcile(kube.cluster, kube.ctx.env);
	return {exitCode: 0};
}
