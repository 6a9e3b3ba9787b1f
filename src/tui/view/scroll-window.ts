import {plural} from '../../core/text.js';
import {theme} from '../components/theme.js';

/** What a scrolling part of the screen shows: its rows, how far it scrolls, and a page. */
export interface ScrollWindow {
	/** At most `rows` rows: the lines in view and, when they overflow, a marker row last. */
	readonly lines: string[];
	readonly maxScroll: number;
	/** Lines in view at once (a page for PgUp/PgDn). */
	readonly page: number;
}

/**
 * Pure: `rows` rows of `lines` from line `scroll` on. When they do not all fit, the last row
 * says how many lines are left below (and above, once scrolled) and `how` to scroll: a
 * learner must know there is more to read. With a single row the marker alone shows.
 */
export function scrollWindow(lines: readonly string[], rows: number, scroll: number, how: string): ScrollWindow {
	const overflow = lines.length > rows && rows > 0;
	const page = overflow ? rows - 1 : rows;
	const maxScroll = Math.max(0, lines.length - Math.max(1, page));
	const top = Math.min(Math.max(0, scroll), maxScroll);
	const shown = lines.slice(top, top + page);
	if (overflow) {
		const below = lines.length - top - page;
		// In the middle, both ways: the learner knows there is more above as well as below.
		const marker = below === 0 ? `↑ ${plural(top, 'line')} above` : `${top > 0 ? `↑ ${top} above · ` : ''}↓ ${plural(below, 'more line', 'more lines')}`;
		shown.push(theme.dim(`  ${marker} (${how})`));
		while (shown.length < rows) shown.push('');
	}
	return {lines: shown, maxScroll, page};
}
