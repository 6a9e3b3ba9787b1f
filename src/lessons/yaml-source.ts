import {isMap, isScalar, isSeq, LineCounter, parseDocument} from 'yaml';

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
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, uniqueKeys: true, prettyErrors: false});
	const line = (offset: number) => lineCounter.linePos(offset).line;
	const errors = doc.errors.map((e) => ({
		line: line(e.pos[0]),
		message: e.message.split('\n')[0] ?? e.message,
	}));
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
	return {value: errors.length > 0 ? undefined : doc.toJS(), errors, lineOf};
}
