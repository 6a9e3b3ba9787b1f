import {Buffer} from 'node:buffer';
import type {ProgramResult} from '../context.js';
import {flagBool, flagStrings, flagString} from '../flags.js';
import {admit} from '../kube/admission.js';
import {reconcile} from '../kube/controllers.js';
import {createObject, findObject, isObject, removeObject, updateObject} from '../kube/objects.js';
import {qualifiedPlural, qualifiedSingular, resourceOfKind, type ResourceType} from '../kube/resources.js';
import {stableJson} from '../../../core/stable-json.js';
import type {K8sObject} from '../state.js';
import {KubectlError, type Kube} from './common.js';
import {readManifests, targetNamespace, type Manifest} from './manifests.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SERVER_META = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp'];

/** Drops what only the API server may set, as a create does. */
function asNew(object: K8sObject, namespace: string | undefined): K8sObject {
	const metadata = Object.fromEntries(Object.entries(object.metadata).filter(([k]) => !SERVER_META.includes(k)));
	const rest = Object.fromEntries(Object.entries(object).filter(([k]) => k !== 'status' && k !== 'metadata'));
	return {...rest, apiVersion: object.apiVersion, kind: object.kind, metadata: {...metadata, name: object.metadata.name, ...(namespace ? {namespace} : {})}};
}

function namespaceExists(kube: Kube, namespace: string | undefined): boolean {
	return namespace === undefined || findObject(kube.cluster, 'Namespace', undefined, namespace) !== undefined;
}

/** What one object of `-f` came to: an error line, or whether the cluster changed. */
type Step = {readonly error: string} | boolean;

/**
 * Runs `step` on every object of `-f`, in order, then lets the controllers converge. Errors are
 * printed after everything ran; the command fails, keeping what it changed, if any object failed.
 */
function eachManifest(kube: Kube, step: (m: Manifest, namespace: string | undefined) => Step): ProgramResult {
	const manifests = readManifests(kube, flagStrings(kube.flags, 'filename'), flagBool(kube.flags, 'recursive'));
	const errors: string[] = [];
	let changed = false;
	for (const m of manifests) {
		const outcome = step(m, targetNamespace(kube, m));
		if (typeof outcome === 'boolean') changed ||= outcome;
		else errors.push(outcome.error);
	}
	reconcile(kube.cluster, kube.ctx.env);
	for (const e of errors) kube.ctx.io.stderr(`${e}\n`);
	return errors.length === 0 ? {exitCode: 0} : {exitCode: 1, keepPartial: changed};
}

function missingNamespace(m: Manifest, namespace: string | undefined): Step {
	return {error: `Error from server (NotFound): error when creating "${m.source}": namespaces "${namespace}" not found`};
}

/** `kubectl apply`: create, or three-way merge into what is there (keeping fields set by others). */
export function apply(kube: Kube): ProgramResult {
	return eachManifest(kube, (m, namespace) => {
		const name = `${qualifiedSingular(m.type)}/${m.object.metadata.name}`;
		if (!namespaceExists(kube, namespace)) return missingNamespace(m, namespace);
		const given = asNew(m.object, namespace);
		// kubectl records the applied object as JSON with sorted keys.
		const config = stableJson({...given, metadata: {...given.metadata, annotations: withoutLastApplied(given.metadata.annotations)}});
		const existing = findObject(kube.cluster, m.type.kind, namespace, m.object.metadata.name);
		if (!existing) {
			const annotations = {...given.metadata.annotations, [LAST_APPLIED]: `${config}\n`};
			createObject(kube.cluster, kube.ctx.env, admit(kube.cluster, kube.ctx.env, {...given, metadata: {...given.metadata, annotations}}));
			kube.ctx.io.stdout(`${name} created\n`);
			return true;
		}
		const merged = threeWayMerge(existing, given, `${config}\n`);
		const admitted = admit(kube.cluster, kube.ctx.env, merged, existing);
		// Key order is not content: compare like the API server, field by field.
		if (stableJson(admitted) === stableJson(existing)) {
			kube.ctx.io.stdout(`${name} unchanged\n`);
			return false;
		}
		updateObject(kube.cluster, admitted);
		kube.ctx.io.stdout(`${name} configured\n`);
		return true;
	});
}

function withoutLastApplied(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
	if (!annotations) return undefined;
	const rest = Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED));
	return Object.keys(rest).length > 0 ? rest : undefined;
}

/** Keys the last apply set but this one drops are removed; keys set by others (annotate, label) stay. */
function mergeMap(current: Record<string, string> | undefined, previous: Record<string, string> | undefined, next: Record<string, string> | undefined): Record<string, string> | undefined {
	const out: Record<string, string> = {...current};
	for (const key of Object.keys(previous ?? {})) if (!(key in (next ?? {}))) delete out[key];
	Object.assign(out, next);
	return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * kubectl's three-way merge, value by value: a field the manifest leaves as it was last applied
 * keeps its live value (so a `kubectl scale` survives re-applying), changed fields win, and
 * fields dropped since the last apply are removed. Lists are replaced whole.
 */
function mergeValue(live: unknown, original: unknown, modified: unknown): unknown {
	if (isObject(modified) && isObject(live)) {
		const out: Record<string, unknown> = {...live};
		const before = isObject(original) ? original : {};
		for (const key of Object.keys(before)) if (!(key in modified)) delete out[key];
		for (const [key, value] of Object.entries(modified)) out[key] = mergeValue(live[key], before[key], value);
		return out;
	}
	if (live !== undefined && JSON.stringify(modified) === JSON.stringify(original)) return live;
	return modified;
}

function threeWayMerge(existing: K8sObject, given: K8sObject, lastApplied: string): K8sObject {
	let previous: K8sObject | undefined;
	try {
		previous = JSON.parse(existing.metadata.annotations?.[LAST_APPLIED] ?? 'null') as K8sObject | undefined;
	} catch {
		previous = undefined;
	}
	const strip = (o: K8sObject | undefined) => (o ? Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'metadata' && k !== 'status')) : {});
	const body = mergeValue(strip(existing), strip(previous), strip(given)) as Record<string, unknown>;
	const labels = mergeMap(existing.metadata.labels, previous?.metadata.labels, given.metadata.labels);
	const annotations = mergeMap(existing.metadata.annotations, previous?.metadata.annotations, given.metadata.annotations) ?? {};
	annotations[LAST_APPLIED] = lastApplied;
	const metadata = {...existing.metadata, annotations};
	if (labels) metadata.labels = labels;
	else delete metadata.labels;
	return {...body, apiVersion: existing.apiVersion, kind: existing.kind, metadata, ...(existing.status === undefined ? {} : {status: existing.status})} as K8sObject;
}

/** `kubectl create -f`: new objects only; what exists is an AlreadyExists error. */
export function createFromFiles(kube: Kube): ProgramResult {
	return eachManifest(kube, (m, namespace) => {
		if (!namespaceExists(kube, namespace)) return missingNamespace(m, namespace);
		if (findObject(kube.cluster, m.type.kind, namespace, m.object.metadata.name)) {
			return {error: `Error from server (AlreadyExists): error when creating "${m.source}": ${qualifiedPlural(m.type)} "${m.object.metadata.name}" already exists`};
		}
		createObject(kube.cluster, kube.ctx.env, admit(kube.cluster, kube.ctx.env, asNew(m.object, namespace)));
		kube.ctx.io.stdout(`${qualifiedSingular(m.type)}/${m.object.metadata.name} created\n`);
		return true;
	});
}

/** `kubectl replace -f [--force]`: swap the object (with --force: delete, then create). */
export function replace(kube: Kube): ProgramResult {
	const force = flagBool(kube.flags, 'force');
	return eachManifest(kube, (m, namespace) => {
		const existing = findObject(kube.cluster, m.type.kind, namespace, m.object.metadata.name);
		const fresh = asNew(m.object, namespace);
		if (!existing && !force) {
			return {error: `Error from server (NotFound): error when replacing "${m.source}": ${qualifiedPlural(m.type)} "${m.object.metadata.name}" not found`};
		}
		if (existing && force) {
			removeObject(kube.cluster, existing);
			kube.ctx.io.stdout(`${qualifiedSingular(m.type)} "${m.object.metadata.name}" deleted\n`);
		}
		if (existing && !force) updateObject(kube.cluster, admit(kube.cluster, kube.ctx.env, {...fresh, metadata: {...existing.metadata, ...fresh.metadata}, status: existing.status} as K8sObject, existing));
		else createObject(kube.cluster, kube.ctx.env, admit(kube.cluster, kube.ctx.env, fresh));
		kube.ctx.io.stdout(`${qualifiedSingular(m.type)}/${m.object.metadata.name} replaced\n`);
		return true;
	});
}

/**
 * Namespaces the API server never deletes (the NamespaceLifecycle admission plugin,
 * kubernetes/kubernetes `plugin/pkg/admission/namespace/lifecycle`).
 */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** The API server's refusal to delete `object`, or undefined when it may go. */
export function deleteForbidden(object: K8sObject): string | undefined {
	if (object.kind !== 'Namespace' || !IMMORTAL_NAMESPACES.has(object.metadata.name)) return undefined;
	return `Error from server (Forbidden): namespaces "${object.metadata.name}" is forbidden: this namespace may not be deleted`;
}

/** Deletes an object the way the API server does: a namespace takes its contents with it. */
export function deleteObject(kube: Kube, object: K8sObject): void {
	if (object.kind === 'Namespace') {
		kube.cluster.objects = kube.cluster.objects.filter((o) => o.metadata.namespace !== object.metadata.name);
	}
	removeObject(kube.cluster, object);
}

export function deletedLine(type: ResourceType, name: string): string {
	return `${qualifiedSingular(type)} "${name}" deleted\n`;
}

/** `kubectl delete -f`: every object of the files, in order. */
export function deleteFromFiles(kube: Kube): ProgramResult {
	const ignore = flagBool(kube.flags, 'ignore-not-found');
	return eachManifest(kube, (m, namespace) => {
		const existing = findObject(kube.cluster, m.type.kind, namespace, m.object.metadata.name);
		if (!existing) {
			return ignore ? false : {error: `Error from server (NotFound): error when deleting "${m.source}": ${qualifiedPlural(m.type)} "${m.object.metadata.name}" not found`};
		}
		const forbidden = deleteForbidden(existing);
		if (forbidden) return {error: forbidden};
		deleteObject(kube, existing);
		kube.ctx.io.stdout(deletedLine(m.type, m.object.metadata.name));
		return true;
	});
}

/** `kubectl create namespace|deployment|configmap|secret generic` from flags. */
export function createImperative(kube: Kube, what: string, args: readonly string[]): ProgramResult {
	const [first, second] = args;
	const name = what === 'secret' ? second : first;
	if (what === 'secret' && first !== 'generic') throw new KubectlError(`error: unknown command "${first ?? ''}" for "kubectl create secret"`);
	if (!name) throw new KubectlError(`error: exactly one NAME is required, got 0`);
	const literals = Object.fromEntries(
		flagStrings(kube.flags, 'from-literal').map((pair) => {
			const eq = pair.indexOf('=');
			if (eq <= 0) throw new KubectlError(`error: invalid literal source ${pair}, expected key=value`);
			return [pair.slice(0, eq), pair.slice(eq + 1)];
		}),
	);
	let object: K8sObject;
	switch (what) {
		case 'namespace':
		case 'ns':
			object = {apiVersion: 'v1', kind: 'Namespace', metadata: {name}};
			break;
		case 'configmap':
		case 'cm':
			object = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: kube.namespace}, data: literals};
			break;
		case 'secret':
			object = {
				apiVersion: 'v1',
				kind: 'Secret',
				metadata: {name, namespace: kube.namespace},
				type: 'Opaque',
				data: Object.fromEntries(Object.entries(literals).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
			};
			break;
		case 'deployment':
		case 'deploy': {
			const image = flagString(kube.flags, 'image');
			if (!image) throw new KubectlError('error: required flag(s) "image" not set');
			const labels = {app: name};
			object = {
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				metadata: {name, namespace: kube.namespace, labels},
				spec: {
					replicas: Number(flagString(kube.flags, 'replicas') ?? '1'),
					selector: {matchLabels: labels},
					template: {metadata: {labels}, spec: {containers: [{name: image.split('/').pop()?.split(/[:@]/)[0] ?? name, image}]}},
				},
			};
			break;
		}
		default:
			throw new KubectlError(`error: unknown command "${what}" for "kubectl create"`);
	}
	const type = resourceOfKind(object.kind) as ResourceType;
	const namespace = type.namespaced ? kube.namespace : undefined;
	if (!namespaceExists(kube, namespace)) throw new KubectlError(`Error from server (NotFound): namespaces "${namespace}" not found`);
	if (findObject(kube.cluster, object.kind, namespace, name)) throw new KubectlError(`Error from server (AlreadyExists): ${qualifiedPlural(type)} "${name}" already exists`);
	createObject(kube.cluster, kube.ctx.env, admit(kube.cluster, kube.ctx.env, object));
	reconcile(kube.cluster, kube.ctx.env);
	kube.ctx.io.stdout(`${qualifiedSingular(type)}/${name} created\n`);
	return {exitCode: 0};
}
