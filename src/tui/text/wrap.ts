/**
 * Plain-text wrapping at spaces. A word longer than the width stays whole: the view
 * truncates that one line with an ellipsis rather than splitting the word.
 */
export function wrapWords(text: string, width: number): string[] {
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/ +/)) {
			if (line === '') line = word;
			else if (line.length + 1 + word.length <= width) line += ` ${word}`;
			else {
				out.push(line);
				line = word;
			}
		}
		out.push(line);
	}
	return out;
}
