/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours ("wrnog"). */
function distance(a: string, b: string): number {
	const d = Array.from({length: a.length + 1}, (_, i) =>
		Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
	);
	const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
			(d[i] as number[])[j] = best;
		}
	}
	return at(a.length, b.length);
}

/** The candidate a typo most likely meant, if one is close enough to be a useful suggestion. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
	let best: {candidate: string; d: number} | undefined;
	for (const candidate of candidates) {
		const d = distance(word.toLowerCase(), candidate.toLowerCase());
		if (d <= limit && (!best || d < best.d)) best = {candidate, d};
	}
	return best?.candidate;
}

/** " (did you mean x?)" or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
	const match = closest(word, candidates);
	return match === undefined ? '' : ` (did you mean ${match}?)`;
}

/** "a, b or c". */
export function orList(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
