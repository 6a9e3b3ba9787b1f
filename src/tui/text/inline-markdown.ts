import {theme} from '../components/theme.js';

/**
 * Inline markdown in one-line texts (titles, question choices): `code`, **bold** and *em*, styled
 * like the rendered prose, so backticks never show literally. Without colour (NO_COLOR) code keeps
 * its backticks, as in the prose, or it would vanish into the text. Deliberately small: marked is
 * loaded lazily and these lines are drawn on the first frame.
 */
export function inlineMarkdown(text: string, colour = theme.info.level > 0): string {
	return text
		.replace(/`([^`]+)`/g, (_, code: string) => (colour ? theme.info(code) : `\`${code}\``))
		.replace(/\*\*([^*]+)\*\*/g, (_, bold: string) => theme.bold(bold))
		.replace(/(^|[\s(])[*_]([^*_\s][^*_]*)[*_](?=$|[\s).,:;!?])/g, (_, before: string, em: string) => `${before}${theme.italic(em)}`);
}
