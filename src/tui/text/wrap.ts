/**
 * Plain-text wrapping at spaces. A word longer than the width stays whole: the view
 * truncates that one line with an ellipsis rather than splitting the word.
 */
export function wrapWords(text: string, width: number): string[] {
	return text.split('\n').flatMap((paragraph) => wrapStyled(paragraph, width, (s) => s.length));
}

/**
 * `wrapWords` for text that carries colour escapes: only visible characters count toward
 * the width (escapes never contain spaces, so they stay attached to their words). Newlines
 * are spaces here (the text is one paragraph).
 */
export function wrapStyled(text: string, width: number, visibleLength: (s: string) => number): string[] {
	const out: string[] = [];
	let line = '';
	let length = 0;
	for (const word of text.split(/[ \n]+/)) {
		const size = visibleLength(word);
		if (line === '') {
			line = word;
			length = size;
		} else if (length + 1 + size <= width) {
			line += ` ${word}`;
			length += 1 + size;
		} else {
			out.push(line);
			line = word;
			length = size;
		}
	}
	out.push(line);
	return out;
}
