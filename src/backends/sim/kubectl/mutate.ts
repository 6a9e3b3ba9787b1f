import type {ProgramResult} from '../context.js';
import {flagBool, flagSet, flagString} from '../flags.js';
import {reconcile} from '../kube/controllers.js';
import {field, findObject, isObject, kubeTime, updateObject} from '../kube/objects.js';
import {isPodReady} from '../kube/pods.js';
import {qualifiedSingular, type ResourceType} from '../kube/resources.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {K8sObject} from '../state.js';
import {deletedLine, deleteForbidden, deleteFromFiles, deleteObject} from './apply.js';
import {getOrThrow, helpLine, KubectlError, namespaceFor, NO_RESOURCES, notFound, resourceRefs, type Kube} from './common.js';
import {listScoped, selectorFlag} from './get.js';
import {podsSelectedBy} from './tables.js';

/** Objects named by `TYPE NAME...`, `TYPE/NAME...`, or `TYPE -l sel` / `TYPE --all`. */
function targets(kube: Kube, args: readonly string[]): {objects: {type: ResourceType; object: K8sObject}[]; errors: string[]} {
	const selector = selectorFlag(kube);
	const {types, refs} = resourceRefs(kube, args);
	const errors: string[] = [];
	if (refs.length === 0) {
		if (!selector && !flagBool(kube.flags, 'all')) {
			throw new KubectlError(`error: resource(s) were provided, but no name was specified`);
		}
		return {objects: types.flatMap((type) => listScoped(kube, type, selector).map((object) => ({type, object}))), errors};
	}
	const objects: {type: ResourceType; object: K8sObject}[] = [];
	for (const ref of refs) {
		const object = findObject(kube.cluster, ref.type.kind, namespaceFor(kube, ref.type), ref.name);
		if (object) objects.push({type: ref.type, object});
		else errors.push(notFound(ref.type, ref.name));
	}
	return {objects, errors};
}

export function remove(kube: Kube, args: readonly string[]): ProgramResult {
	if (flagSet(kube.flags, 'filename')) return deleteFromFiles(kube);
	if (args.length === 0) throw new KubectlError(NO_RESOURCES);
	const found = targets(kube, args);
	const forbidden = found.objects.flatMap(({object}) => deleteForbidden(object) ?? []);
	const objects = found.objects.filter(({object}) => deleteForbidden(object) === undefined);
	const errors = [...found.errors, ...forbidden];
	const ignore = flagBool(kube.flags, 'ignore-not-found');
	for (const {type, object} of objects) {
		deleteObject(kube, object);
		kube.ctx.io.stdout(deletedLine(type, object.metadata.name));
	}
	if (objects.length === 0 && errors.length === 0) kube.ctx.io.stderr('No resources found\n');
	reconcile(kube.cluster, kube.ctx.env);
	// --ignore-not-found hides only NotFound; a forbidden deletion is always reported.
	const shown = ignore ? forbidden : errors;
	for (const e of shown) kube.ctx.io.stderr(`${e}\n`);
	return {exitCode: shown.length > 0 ? 1 : 0, keepPartial: objects.length > 0};
}

/** `annotate` and `label`: `k=v` sets, `k-` removes; a different existing value needs --overwrite. */
export function setMetadata(kube: Kube, args: readonly string[], which: 'annotations' | 'labels'): ProgramResult {
	// kubectl's rule: an argument with `=` or a trailing `-` is a change, anything else names resources.
	const changes = args.filter((a) => a.includes('=') || a.endsWith('-'));
	const resources = args.filter((a) => !changes.includes(a));
	const noun = which === 'annotations' ? 'annotation' : 'label';
	if (changes.length === 0) throw new KubectlError(`error: at least one ${noun} update is required\n${helpLine(kube.command)}`);
	const sets = new Map<string, string>();
	const removals: string[] = [];
	for (const change of changes) {
		const eq = change.indexOf('=');
		if (eq > 0) sets.set(change.slice(0, eq), change.slice(eq + 1));
		else if (eq < 0) removals.push(change.slice(0, -1));
		else throw new KubectlError(`error: invalid ${noun} format: ${change}`);
	}
	const {objects, errors} = targets(kube, resources);
	if (errors.length > 0) throw new KubectlError(errors.join('\n'));
	const overwrite = flagBool(kube.flags, 'overwrite');
	for (const {object} of objects) {
		const current = object.metadata[which] ?? {};
		for (const [key, value] of sets) {
			const existing = current[key];
			if (existing !== undefined && existing !== value && !overwrite) {
				throw new KubectlError(
					which === 'annotations'
						? `error: --overwrite is false but found the following declared annotation(s): '${key}' already has a value (${existing})`
						: `error: '${key}' already has a value (${existing}), and --overwrite is false`,
				);
			}
		}
	}
	for (const {type, object} of objects) {
		const before = object.metadata[which] ?? {};
		const next: Record<string, string> = {...before};
		for (const key of removals) {
			if (which === 'labels' && !(key in next)) kube.ctx.io.stdout(`label "${key}" not found.\n`);
			delete next[key];
		}
		for (const [key, value] of sets) next[key] = value;
		const metadata = {...object.metadata, [which]: next};
		if (Object.keys(next).length === 0) delete metadata[which];
		const unchanged = JSON.stringify(before) === JSON.stringify(next);
		if (!unchanged) updateObject(kube.cluster, {...object, metadata});
		const verb = which === 'annotations' ? 'annotated' : unchanged ? 'not labeled' : removals.length > 0 && sets.size === 0 ? 'unlabeled' : 'labeled';
		kube.ctx.io.stdout(`${qualifiedSingular(type)}/${object.metadata.name} ${verb}\n`);
	}
	reconcile(kube.cluster, kube.ctx.env);
	return {exitCode: 0};
}

const SCALABLE = new Set(['Deployment', 'ReplicaSet']);

export function scale(kube: Kube, args: readonly string[]): ProgramResult {
	const replicasText = flagString(kube.flags, 'replicas');
	if (replicasText === undefined) throw new KubectlError(`error: required flag(s) "replicas" not set`);
	const replicas = Number(replicasText);
	if (replicas < 0) throw new KubectlError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
	const {refs} = resourceRefs(kube, args);
	if (refs.length === 0) throw new KubectlError('error: resource(s) were provided, but no name was specified');
	for (const ref of refs) {
		if (!SCALABLE.has(ref.type.kind)) throw new KubectlError(`error: cannot scale ${ref.type.plural}`);
	}
	const objects = refs.map((ref) => ({ref, object: getOrThrow(kube, ref.type, ref.name)}));
	const current = flagString(kube.flags, 'current-replicas');
	for (const {ref, object} of objects) {
		const now = Number(field(object, 'spec').replicas ?? 1);
		if (current !== undefined && Number(current) !== now) {
			throw new KubectlError(`error: Expected replicas to be ${current}, was ${now}`);
		}
		updateObject(kube.cluster, {...object, spec: {...field(object, 'spec'), replicas}});
		kube.ctx.io.stdout(`${qualifiedSingular(ref.type)}/${ref.name} scaled\n`);
	}
	reconcile(kube.cluster, kube.ctx.env);
	return {exitCode: 0};
}

export function rollout(kube: Kube, args: readonly string[]): ProgramResult {
	const [sub, ...rest] = args;
	const valid = ['status', 'restart', 'history', 'undo', 'pause', 'resume'];
	if (!sub || !valid.includes(sub)) throw new KubectlError(`error: unknown command "${sub ?? ''}" for "kubectl rollout"\n\nDid you mean this?\n\tstatus\n\trestart`);
	if (sub !== 'status' && sub !== 'restart') throw new UnsupportedFeature(`kubectl rollout ${sub}`);
	const {refs} = resourceRefs(kube, rest);
	if (refs.length === 0) throw new KubectlError('error: required resource not specified');
	for (const ref of refs) {
		if (!['Deployment', 'DaemonSet'].includes(ref.type.kind)) throw new KubectlError(`error: no status viewer has been implemented for ${ref.type.kind}`);
		const object = getOrThrow(kube, ref.type, ref.name);
		const noun = ref.type.kind === 'Deployment' ? 'deployment' : 'daemon set';
		if (sub === 'restart') {
			const spec = field(object, 'spec');
			const template = field(spec, 'template');
			const meta = field(template, 'metadata');
			const annotations = {...(meta.annotations as Record<string, string> | undefined), 'kubectl.kubernetes.io/restartedAt': kubeTime(kube.ctx.env.now)};
			updateObject(kube.cluster, {...object, spec: {...spec, template: {...template, metadata: {...meta, annotations}}}});
			reconcile(kube.cluster, kube.ctx.env);
			kube.ctx.io.stdout(`${qualifiedSingular(ref.type)}/${ref.name} restarted\n`);
			continue;
		}
		const pods = podsSelectedBy(kube.cluster, object);
		const wanted = ref.type.kind === 'Deployment' ? Number(field(object, 'spec').replicas ?? 1) : pods.length;
		const ready = pods.filter(isPodReady).length;
		if (ready < wanted) {
			// The simulator converges at once, so an unready rollout would never finish: time out now.
			kube.ctx.io.stdout(`Waiting for ${noun} "${ref.name}" rollout to finish: ${ready} of ${wanted} updated replicas are available...\n`);
			throw new KubectlError('error: timed out waiting for the condition');
		}
		kube.ctx.io.stdout(ref.type.kind === 'Deployment' ? `deployment "${ref.name}" successfully rolled out\n` : `daemon set "${ref.name}" successfully rolled out\n`);
	}
	return {exitCode: 0};
}

export function wait(kube: Kube, args: readonly string[]): ProgramResult {
	const condition = flagString(kube.flags, 'for');
	if (!condition) throw new KubectlError('error: --for must be specified');
	const m = /^condition=([\w-]+)(?:=(\w+))?$/i.exec(condition);
	if (!m) {
		if (condition === 'delete') throw new UnsupportedFeature('kubectl wait --for=delete');
		throw new KubectlError(`error: unrecognized condition: "${condition}"`);
	}
	const wanted = (m[1] ?? '').toLowerCase();
	const status = (m[2] ?? 'True').toLowerCase();
	const {objects, errors} = targets(kube, args);
	if (errors.length > 0) throw new KubectlError(errors.join('\n'));
	if (objects.length === 0) throw new KubectlError('error: no matching resources found');
	for (const {type, object} of objects) {
		const conditions = field(object, 'status').conditions;
		const met = Array.isArray(conditions) && conditions.some((c) => isObject(c) && String(c.type).toLowerCase() === wanted && String(c.status).toLowerCase() === status);
		if (!met) throw new KubectlError(`error: timed out waiting for the condition on ${type.plural}/${object.metadata.name}`);
		kube.ctx.io.stdout(`${qualifiedSingular(type)}/${object.metadata.name} condition met\n`);
	}
	return {exitCode: 0};
}
