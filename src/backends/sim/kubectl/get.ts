import type {ProgramResult} from '../context.js';
import {flagBool, flagString} from '../flags.js';
import {findObject, listObjects} from '../kube/objects.js';
import {qualifiedSingular, type ResourceType} from '../kube/resources.js';
import {matchesSelector, parseSelector, SelectorSyntaxError, type Selector} from '../kube/selectors.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {K8sObject} from '../state.js';
import {tabwrite} from '../tabwriter.js';
import {KubectlError, namespaceFor, notFound, resourceRefs, type Kube} from './common.js';
import {asList, JsonPathError, renderJsonPath, toJson, toYaml} from './format.js';
import {columnsFor} from './tables.js';

const PRINTERS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type OutputFormat =
	| {kind: 'table'; wide: boolean}
	| {kind: 'yaml'}
	| {kind: 'json'}
	| {kind: 'name'}
	| {kind: 'jsonpath'; template: string};

function outputFormat(text: string | undefined): OutputFormat {
	if (text === undefined || text === '') return {kind: 'table', wide: false};
	if (text === 'wide') return {kind: 'table', wide: true};
	if (text === 'yaml') return {kind: 'yaml'};
	if (text === 'json') return {kind: 'json'};
	if (text === 'name') return {kind: 'name'};
	const jsonpath = /^jsonpath=(.*)$/s.exec(text);
	if (jsonpath) return {kind: 'jsonpath', template: jsonpath[1] ?? ''};
	if (/^(custom-columns|go-template|template|jsonpath-file|jsonpath-as-json)/.test(text)) throw new UnsupportedFeature(`kubectl -o ${text.split('=')[0]}`);
	throw new KubectlError(`error: unable to match a printer suitable for the output format "${text}", allowed formats are: ${PRINTERS}`);
}

export function selectorFlag(kube: Kube): Selector | undefined {
	const text = flagString(kube.flags, 'selector');
	if (text === undefined) return undefined;
	try {
		return parseSelector(text);
	} catch (error) {
		if (error instanceof SelectorSyntaxError) throw new KubectlError(`error: ${error.message}`);
		throw error;
	}
}

/** Objects of a type in the command's scope (namespace or all), filtered by `-l`. */
export function listScoped(kube: Kube, type: ResourceType, selector: Selector | undefined): K8sObject[] {
	const namespace = type.namespaced && !kube.allNamespaces ? kube.namespace : undefined;
	return listObjects(kube.cluster, type.kind, namespace).filter((o) => !selector || matchesSelector(o.metadata.labels ?? {}, selector));
}

export function get(kube: Kube, args: readonly string[]): ProgramResult {
	if (args.length === 0) {
		throw new KubectlError(
			'error: you must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
		);
	}
	if (flagBool(kube.flags, 'watch')) throw new UnsupportedFeature('kubectl get --watch');
	const format = outputFormat(flagString(kube.flags, 'output'));
	const selector = selectorFlag(kube);
	const {types, refs} = resourceRefs(kube, args);
	const errors: string[] = [];
	const groups: {type: ResourceType; objects: K8sObject[]}[] = [];
	const named = refs.length > 0;
	if (named) {
		for (const ref of refs) {
			const object = findObject(kube.cluster, ref.type.kind, namespaceFor(kube, ref.type), ref.name);
			if (!object) {
				if (!flagBool(kube.flags, 'ignore-not-found')) errors.push(notFound(ref.type, ref.name));
				continue;
			}
			const group = groups.find((g) => g.type === ref.type);
			if (group) group.objects.push(object);
			else groups.push({type: ref.type, objects: [object]});
		}
	} else {
		for (const type of types) groups.push({type, objects: listScoped(kube, type, selector)});
	}
	const all = groups.flatMap((g) => g.objects);
	const io = kube.ctx.io;
	if (format.kind === 'yaml' || format.kind === 'json' || format.kind === 'jsonpath') {
		const single = named && refs.length === 1 && all.length === 1;
		const data = single ? all[0] : asList(all);
		if (format.kind === 'yaml') io.stdout(toYaml(data));
		else if (format.kind === 'json') io.stdout(toJson(data));
		else {
			try {
				io.stdout(renderJsonPath(format.template, data));
			} catch (error) {
				if (error instanceof JsonPathError) throw new KubectlError(`error: error executing jsonpath "${format.template}": ${error.message}`);
				throw error;
			}
		}
	} else if (format.kind === 'name') {
		for (const g of groups) for (const o of g.objects) io.stdout(`${qualifiedSingular(g.type)}/${o.metadata.name}\n`);
	} else {
		const printable = groups.filter((g) => g.objects.length > 0);
		const prefix = types.length > 1 || refs.some((r) => r.type !== refs[0]?.type);
		printable.forEach((g, i) => {
			if (i > 0) io.stdout('\n');
			io.stdout(table(kube, g.type, g.objects, format.wide, prefix));
		});
		if (all.length === 0 && errors.length === 0) {
			const scoped = types.some((t) => t.namespaced) && !kube.allNamespaces;
			io.stderr(scoped ? `No resources found in ${kube.namespace} namespace.\n` : 'No resources found\n');
		}
	}
	for (const e of errors) io.stderr(`${e}\n`);
	return {exitCode: errors.length > 0 ? 1 : 0};
}

function table(kube: Kube, type: ResourceType, objects: K8sObject[], wide: boolean, prefix: boolean): string {
	const columns = columnsFor(type.kind);
	const showNamespace = kube.allNamespaces && type.namespaced;
	const showLabels = flagBool(kube.flags, 'show-labels');
	const headers = [...(showNamespace ? ['NAMESPACE'] : []), ...columns.headers, ...(wide ? columns.wide : []), ...(showLabels ? ['LABELS'] : [])];
	const rows = objects.map((o) => {
		const {cells, wide: extra} = columns.row(o, kube.ctx.env.now);
		if (prefix) cells[0] = `${qualifiedSingular(type)}/${cells[0] ?? ''}`;
		const labels = Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
		return [...(showNamespace ? [o.metadata.namespace ?? ''] : []), ...cells, ...(wide ? extra : []), ...(showLabels ? [labels] : [])];
	});
	// kubectl's tabwriter: minimum width 6, padding 3.
	const lines = tabwrite(flagBool(kube.flags, 'no-headers') ? rows : [headers, ...rows], 3, 6);
	return `${lines.join('\n')}\n`;
}
