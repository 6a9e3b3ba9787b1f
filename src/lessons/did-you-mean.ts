/** Edit distance (insertions, deletions, substitutions) between two short strings. */
function distance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
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
