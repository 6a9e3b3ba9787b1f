import {isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document} from 'yaml';
import {LESSON_LIMITS, yamlTooComplex} from './limits.js';

/** A YAML snippet from a lesson, parsed with enough position data to point at any key. */
export interface YamlSource {
	/** The plain JS value; undefined when the YAML has errors. */
	readonly value: unknown;
	/** Syntax errors, with 1-based lines inside the snippet. */
	readonly errors: readonly {readonly line: number; readonly message: string}[];
	/**
	 * The 1-based line (inside the snippet) of the node at `path`: the key's line for a
	 * mapping entry, the item's line for a list item. A path that runs past the document
	 * (a missing key) resolves to the deepest node that exists.
	 */
	lineOf(path: readonly PropertyKey[]): number;
}

export function parseYaml(text: string): YamlSource {
	const complex = yamlTooComplex(text);
	if (complex) return {value: undefined, errors: [complex], lineOf: () => complex.line};
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, uniqueKeys: true, prettyErrors: false});
	const line = (offset: number) => lineCounter.linePos(offset).line;
	const errors = doc.errors.map((e) => ({
		line: line(e.pos[0]),
		message: e.message.split('\n')[0] ?? e.message,
	}));
	let value: unknown;
	if (errors.length === 0) {
		try {
			value = doc.toJS({maxAliasCount: LESSON_LIMITS.yamlAliases});
		} catch (error) {
			// An alias to no anchor, or too many alias expansions (a "billion laughs" bomb).
			errors.push({line: firstAliasLine(doc, line), message: aliasMessage(error)});
		}
	}
	const lineOf = (path: readonly PropertyKey[]): number => {
		let node: unknown = doc.contents;
		let offset = isScalar(node) || isMap(node) || isSeq(node) ? (node.range?.[0] ?? 0) : 0;
		for (const segment of path) {
			if (isMap(node)) {
				const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
				if (!pair || !isScalar(pair.key)) break;
				offset = pair.key.range?.[0] ?? offset;
				node = pair.value;
			} else if (isSeq(node) && typeof segment === 'number') {
				const item: unknown = node.items[segment];
				if (!(isScalar(item) || isMap(item) || isSeq(item))) break;
				offset = item.range?.[0] ?? offset;
				node = item;
			} else {
				break;
			}
		}
		return line(offset);
	};
	return {value: errors.length > 0 ? undefined : value, errors, lineOf};
}

function aliasMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/Unresolved alias/i.test(message)) return message.replace(/\s*\(the anchor must be set before the alias\)/, '') + ': define the anchor (&name) before the alias (*name)';
	if (/alias count/i.test(message)) return `aliases expand more than ${LESSON_LIMITS.yamlAliases} times: write the values out`;
	return message;
}

/** The line of the first alias that does not resolve to an anchor before it (else of the first alias). */
function firstAliasLine(doc: Document, line: (offset: number) => number): number {
	const anchors = new Set<string>();
	let first: number | undefined;
	let unresolved: number | undefined;
	const anchor = (_key: unknown, node: {anchor?: string}) => {
		if (node.anchor) anchors.add(node.anchor);
	};
	visit(doc, {
		Map: anchor,
		Seq: anchor,
		Scalar: anchor,
		Alias(_key, node) {
			const at = line(node.range?.[0] ?? 0);
			first ??= at;
			if (!anchors.has(node.source)) {
				unresolved = at;
				return visit.BREAK;
			}
			return undefined;
		},
	});
	return unresolved ?? first ?? 1;
}
