import type {ReplyCounts} from '../../checks/probe-protocol.js';
import {theme} from '../components/theme.js';

/** Longest bar, in cells; 10 requests draw one cell per reply. */
const MAX_BAR = 12;

/**
 * The observed distribution of a probe: a small bar per cluster, e.g.
 * `Koornacht ██████ 6  Tion ████ 4  timeouts 0`. Bars scale to the largest count so a
 * 100-request probe still fits; errors and other replies appear only when there are some.
 */
export function distributionLine(counts: ReplyCounts): string {
	const largest = Math.max(1, counts.koornacht, counts.tion, counts.timeout, counts.error, counts.other);
	const scale = Math.min(1, MAX_BAR / largest);
	const bar = (n: number, style: (s: string) => string) => (n > 0 ? `${style('█'.repeat(Math.max(1, Math.round(n * scale))))} ` : '');
	const parts = [
		`Koornacht ${bar(counts.koornacht, theme.koornacht)}${counts.koornacht}`,
		`Tion ${bar(counts.tion, theme.tion)}${counts.tion}`,
		`timeouts ${bar(counts.timeout, theme.timeout)}${counts.timeout}`,
	];
	if (counts.error > 0) parts.push(`errors ${bar(counts.error, theme.fail)}${counts.error}`);
	if (counts.other > 0) parts.push(`other ${counts.other}`);
	return parts.join('  ');
}
