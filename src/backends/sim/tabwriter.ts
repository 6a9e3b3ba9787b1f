/**
 * Go's text/tabwriter, which kubectl and cilium-cli print their tables with: every cell but a
 * line's last is padded to the widest cell of its column block, a block being a run of
 * consecutive lines that have that column (a shorter line ends the block).
 */
export function tabwrite(rows: readonly (readonly string[])[], padding: number, minWidth = 0): string[] {
	const width = (text: string) => [...text].length;
	const widths = rows.map((row) => row.map(() => 0));
	const columns = Math.max(0, ...rows.map((r) => r.length - 1));
	for (let col = 0; col < columns; col++) {
		let start = 0;
		while (start < rows.length) {
			if ((rows[start]?.length ?? 0) - 1 <= col) {
				start++;
				continue;
			}
			let end = start;
			while (end < rows.length && (rows[end]?.length ?? 0) - 1 > col) end++;
			const max = Math.max(...rows.slice(start, end).map((r) => width(r[col] ?? '')));
			for (let i = start; i < end; i++) (widths[i] as number[])[col] = max;
			start = end;
		}
	}
	return rows.map((row, i) =>
		row
			.map((cell, col) => (col === row.length - 1 ? cell : cell + ' '.repeat(Math.max(minWidth, (widths[i]?.[col] ?? 0) + padding) - width(cell))))
			.join('')
			.trimEnd(),
	);
}

/** Go's string order (`sort.Strings`, `strings.Compare`): by code unit, not by locale. */
export function byteOrder(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
