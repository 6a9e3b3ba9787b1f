import {stringify} from 'yaml';
import type {K8sObject} from '../state.js';
import {isObject} from '../kube/objects.js';

/** kubectl's machine-readable outputs: yaml, json, name and a jsonpath subset; and its AGE column. */

/** Objects print with sorted keys, like kubectl's unstructured printing. */
function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (isObject(value)) {
		return Object.fromEntries(
			Object.keys(value)
				.filter((k) => value[k] !== undefined)
				.sort()
				.map((k) => [k, sortKeys(value[k])]),
		);
	}
	return value;
}

/** YAML as kubectl (go-yaml v2) writes it: YAML 1.1 quoting, sequences not indented. */
export function toYaml(value: unknown): string {
	return stringify(sortKeys(value), {version: '1.1', indentSeq: false, lineWidth: 0});
}

export function toJson(value: unknown): string {
	return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}

export function asList(items: readonly K8sObject[]): Record<string, unknown> {
	return {apiVersion: 'v1', items, kind: 'List', metadata: {resourceVersion: ''}};
}

/** kubectl's HumanDuration. */
export function humanAge(from: string | undefined, now: Date): string {
	if (!from) return '<unknown>';
	const seconds = Math.floor((now.getTime() - Date.parse(from)) / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
	if (minutes < 180) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
	if (hours < 48) return `${hours}h`;
	if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
	const days = Math.floor(hours / 24);
	if (days < 365 * 2) return `${days}d`;
	if (days < 365 * 8) return `${Math.floor(days / 365)}y${days % 365}d`;
	return `${Math.floor(days / 365)}y`;
}

export class JsonPathError extends Error {}

type Segment = {kind: 'text'; value: string} | {kind: 'expr'; value: string};

function splitTemplate(template: string): Segment[] {
	const segments: Segment[] = [];
	let i = 0;
	while (i < template.length) {
		const open = template.indexOf('{', i);
		if (open < 0) {
			segments.push({kind: 'text', value: template.slice(i)});
			break;
		}
		if (open > i) segments.push({kind: 'text', value: template.slice(i, open)});
		let depth = 0;
		let close = open;
		for (; close < template.length; close++) {
			const c = template[close];
			if (c === '"') close = template.indexOf('"', close + 1);
			else if (c === '{') depth++;
			else if (c === '}' && --depth === 0) break;
			if (close < 0) break;
		}
		if (close < 0 || close >= template.length) throw new JsonPathError(`unclosed action`);
		segments.push({kind: 'expr', value: template.slice(open + 1, close).trim()});
		i = close + 1;
	}
	return segments;
}

/** Splits `.a.b[0].c\.d` into steps: `a`, `b`, `[0]`, `c.d`. */
function steps(path: string): string[] {
	const out: string[] = [];
	let current = '';
	for (let i = 0; i < path.length; i++) {
		const c = path[i] as string;
		if (c === '\\' && path[i + 1] === '.') {
			current += '.';
			i++;
		} else if (c === '.') {
			if (current) out.push(current);
			current = '';
		} else if (c === '[') {
			if (current) out.push(current);
			const end = path.indexOf(']', i);
			if (end < 0) throw new JsonPathError(`unterminated array`);
			out.push(path.slice(i, end + 1));
			current = '';
			i = end;
		} else current += c;
	}
	if (current) out.push(current);
	return out;
}

function evaluate(path: string, root: unknown, current: unknown): unknown[] {
	let values: unknown[] = [path.startsWith('$') ? root : current];
	const body = path.replace(/^[$@]/, '');
	for (const step of steps(body)) {
		const next: unknown[] = [];
		for (const v of values) {
			if (step === '[*]' || step === '*') {
				if (Array.isArray(v)) next.push(...v);
				else if (isObject(v)) next.push(...Object.values(v));
			} else if (/^\[-?\d+\]$/.test(step)) {
				if (Array.isArray(v)) {
					const n = Number(step.slice(1, -1));
					const item = v[n < 0 ? v.length + n : n];
					if (item === undefined) throw new JsonPathError(`array index out of bounds: index ${n}, length ${v.length}`);
					next.push(item);
				}
			} else if (step.startsWith('[?(')) {
				const m = /^\[\?\(@\.([\w.-]+)\s*==\s*["']([^"']*)["']\)\]$/.exec(step);
				if (!m) throw new JsonPathError(`unsupported filter ${step}`);
				if (Array.isArray(v)) next.push(...v.filter((item) => isObject(item) && String(item[m[1] ?? '']) === m[2]));
			} else if (step.startsWith("['") && step.endsWith("']")) {
				if (isObject(v) && step.slice(2, -2) in v) next.push(v[step.slice(2, -2)]);
			} else if (isObject(v) && step in v) next.push(v[step]);
		}
		values = next;
	}
	return values;
}

function show(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** kubectl's jsonpath subset: paths, `[*]`, `[n]`, `[?(@.k=="v")]`, literals and `range`/`end`. */
export function renderJsonPath(template: string, data: unknown): string {
	const segments = splitTemplate(template.replace(/^'|'$/g, ''));
	const render = (list: Segment[], current: unknown): string => {
		let out = '';
		for (let i = 0; i < list.length; i++) {
			const seg = list[i] as Segment;
			if (seg.kind === 'text') {
				out += seg.value;
				continue;
			}
			const expr = seg.value;
			if (expr.startsWith('range ')) {
				let depth = 1;
				let j = i + 1;
				for (; j < list.length; j++) {
					const s = list[j] as Segment;
					if (s.kind === 'expr' && s.value.startsWith('range ')) depth++;
					if (s.kind === 'expr' && s.value === 'end' && --depth === 0) break;
				}
				if (j >= list.length) throw new JsonPathError('not in range, nothing to end');
				for (const item of evaluate(expr.slice(6).trim(), data, current)) out += render(list.slice(i + 1, j), item);
				i = j;
				continue;
			}
			if (/^".*"$/s.test(expr)) {
				out += JSON.parse(expr) as string;
				continue;
			}
			out += evaluate(expr, data, current).map(show).join(' ');
		}
		return out;
	};
	return render(segments, data);
}
