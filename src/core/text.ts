/**
 * Prefixes every complete line with a label (`[koornacht] `), holding partial lines back
 * until their newline arrives so interleaved chunks never split a prefix.
 */
export function linePrefixer(write: (text: string) => void): {push(label: string, text: string): void; flush(): void} {
	const partial = new Map<string, string>();
	return {
		push(label, text) {
			const lines = ((partial.get(label) ?? '') + text).split('\n');
			partial.set(label, lines.pop() ?? '');
			for (const line of lines) write(`${label}${line}\n`);
		},
		flush() {
			for (const [label, rest] of partial) if (rest) write(`${label}${rest}\n`);
			partial.clear();
		},
	};
}
