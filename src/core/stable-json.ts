/**
 * JSON with object keys in sorted order: equal values always serialize to equal text, whatever
 * order their keys were built or read in (arrays keep their order: it means something).
 */
export function stableJson(value: unknown, indent?: string): string {
	return (
		JSON.stringify(
			value,
			(_key, v: unknown) => {
				if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
				const sorted: Record<string, unknown> = {};
				for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
				return sorted;
			},
			indent,
		) ?? 'null'
	);
}
