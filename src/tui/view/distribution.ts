import type {ProbeReply, ReplyCounts} from '../../checks/probe-protocol.js';
import {theme} from '../components/theme.js';

/** Longest bar, in cells; 10 requests draw one cell per reply. */
const MAX_BAR = 12;

/**
 * The observed distribution of a probe: a small bar per cluster, e.g.
 * `Koornacht ██████ 6  Tion ████ 4  timeouts 0`. Bars scale to the largest count so a
 * 100-request probe still fits; errors and other replies appear only when there are some.
 */
/** The HTTP status codes of replies other than rebel-base's own, e.g. "HTTP 405 ×3" (a learner reads what answered). */
export function otherStatuses(replies: readonly ProbeReply[]): string {
	const tally = new Map<string, number>();
	for (const reply of replies) {
		if (reply.outcome !== 'reply' || reply.cluster !== null) continue;
		const status = reply.httpStatus === null ? 'no status' : `HTTP ${reply.httpStatus}`;
		tally.set(status, (tally.get(status) ?? 0) + 1);
	}
	return [...tally].map(([status, n]) => `${status} ×${n}`).join(', ');
}

export function distributionLine(counts: ReplyCounts, replies: readonly ProbeReply[] = []): string {
	const largest = Math.max(1, counts.koornacht, counts.tion, counts.timeout, counts.error, counts.other);
	const scale = Math.min(1, MAX_BAR / largest);
	const bar = (n: number, style: (s: string) => string) => (n > 0 ? `${style('█'.repeat(Math.max(1, Math.round(n * scale))))} ` : '');
	const parts = [
		`Koornacht ${bar(counts.koornacht, theme.koornacht)}${counts.koornacht}`,
		`Tion ${bar(counts.tion, theme.tion)}${counts.tion}`,
		`timeouts ${bar(counts.timeout, theme.timeout)}${counts.timeout}`,
	];
	if (counts.error > 0) parts.push(`errors ${bar(counts.error, theme.fail)}${counts.error}`);
	if (counts.other > 0) {
		const statuses = otherStatuses(replies);
		parts.push(`other replies ${counts.other}${statuses ? ` (${statuses})` : ''}`);
	}
	return parts.join('  ');
}
