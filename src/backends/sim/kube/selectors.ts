import {isObject, stringRecord} from './objects.js';

/** A Kubernetes label selector requirement (`matchExpressions` entry or a parsed `-l` term). */
export interface Requirement {
	readonly key: string;
	readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
	readonly values: readonly string[];
}

export interface Selector {
	readonly matchLabels: Readonly<Record<string, string>>;
	readonly matchExpressions: readonly Requirement[];
}

function matchesRequirement(labels: Readonly<Record<string, string>>, req: Requirement): boolean {
	const has = Object.prototype.hasOwnProperty.call(labels, req.key);
	const value = labels[req.key];
	switch (req.operator) {
		case 'In':
			return has && req.values.includes(value ?? '');
		case 'NotIn':
			return !has || !req.values.includes(value ?? '');
		case 'Exists':
			return has;
		case 'DoesNotExist':
			return !has;
	}
}

export function matchesSelector(labels: Readonly<Record<string, string>>, selector: Selector): boolean {
	return (
		Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v) &&
		selector.matchExpressions.every((req) => matchesRequirement(labels, req))
	);
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Reads a LabelSelector object as written in YAML; unknown operators make it match nothing. */
export function selectorFromObject(value: unknown): Selector {
	if (!isObject(value)) return {matchLabels: {}, matchExpressions: []};
	const expressions = Array.isArray(value.matchExpressions) ? value.matchExpressions : [];
	return {
		matchLabels: stringRecord(value.matchLabels),
		matchExpressions: expressions.filter(isObject).map((e) => {
			const operator = String(e.operator ?? '');
			return {
				key: String(e.key ?? ''),
				operator: OPERATORS.has(operator) ? (operator as Requirement['operator']) : 'In',
				values: OPERATORS.has(operator) && Array.isArray(e.values) ? e.values.map(String) : [],
			};
		}),
	};
}

export class SelectorSyntaxError extends Error {}

/** Parses kubectl's `-l` syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function parseSelector(text: string): Selector {
	const matchLabels: Record<string, string> = {};
	const matchExpressions: Requirement[] = [];
	const terms = text.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
	for (const raw of terms) {
		const term = raw.trim();
		let m: RegExpExecArray | null;
		if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
			const values = (m[3] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
			matchExpressions.push({key: m[1] ?? '', operator: m[2] === 'in' ? 'In' : 'NotIn', values});
		} else if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(term))) {
			matchExpressions.push({key: m[1] ?? '', operator: 'NotIn', values: [m[2] ?? '']});
		} else if ((m = /^([\w./-]+)\s*==?\s*([\w.-]*)$/.exec(term))) {
			matchLabels[m[1] ?? ''] = m[2] ?? '';
		} else if ((m = /^!([\w./-]+)$/.exec(term))) {
			matchExpressions.push({key: m[1] ?? '', operator: 'DoesNotExist', values: []});
		} else if ((m = /^([\w./-]+)$/.exec(term))) {
			matchExpressions.push({key: m[1] ?? '', operator: 'Exists', values: []});
		} else {
			throw new SelectorSyntaxError(`unable to parse requirement: found '${term}'`);
		}
	}
	return {matchLabels, matchExpressions};
}

export function selectorText(labels: Readonly<Record<string, string>>): string {
	const entries = Object.entries(labels);
	return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}
