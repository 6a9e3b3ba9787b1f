import {LESSON_PLACEHOLDERS} from '../core/versions.js';
import {didYouMean} from './did-you-mean.js';

/**
 * `{{name}}` with no spaces and a leading letter, so Go templates such as `{{.metadata.name}}`
 * or `{{ range }}` in a command are left alone.
 */
const PLACEHOLDER = /\{\{([A-Za-z][\w.-]*)\}\}/g;

/**
 * Replaces known placeholders throughout a lesson (front matter, prose and commands alike).
 * Values hold no line breaks, so line numbers stay valid. Unknown names are reported and kept.
 */
export function substitutePlaceholders(
	source: string,
	values: Readonly<Record<string, string>> = LESSON_PLACEHOLDERS,
): {readonly text: string; readonly problems: readonly {readonly line: number; readonly message: string}[]} {
	const known = Object.keys(values);
	const problems: {line: number; message: string}[] = [];
	const lines = source.split('\n').map((line, i) =>
		line.replace(PLACEHOLDER, (match, name: string) => {
			const value = values[name];
			if (value !== undefined) return value;
			problems.push({
				line: i + 1,
				message: `unknown placeholder ${match}${didYouMean(name, known)} — known: ${known.join(', ')}`,
			});
			return match;
		}),
	);
	return {text: lines.join('\n'), problems};
}
