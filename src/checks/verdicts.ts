import {CLUSTER_SPECS} from '../core/lab.js';
import {countReplies, type ProbeReply, type ReplyCounts} from './probe-protocol.js';
import type {ReplyExpectation} from './spec.js';

/** The result of judging one sample of replies. */
export interface ReplyVerdict {
	readonly pass: boolean;
	readonly counts: ReplyCounts;
	/** One line, e.g. "Koornacht 6, Tion 4, timeouts 0". */
	readonly observed: string;
	/** One line, e.g. "replies from both Koornacht and Tion, no timeouts". */
	readonly expected: string;
}

const display = (c: keyof typeof CLUSTER_SPECS) => CLUSTER_SPECS[c].displayName;

export function describeExpectation(expect: ReplyExpectation): string {
	switch (expect.kind) {
		case 'mixed':
			return 'every request answered, by both Koornacht and Tion';
		case 'only':
			return `every request answered by ${display(expect.cluster)} only`;
		case 'timeout':
			return 'every request times out';
		case 'partial':
			return `${display(expect.cluster)} answers and every other request times out`;
		case 'status':
			return `every request answered with HTTP ${expect.code}`;
		case 'dns-failure':
			return 'every request fails to resolve the service name';
	}
}

export function describeCounts(counts: ReplyCounts, replies: readonly ProbeReply[] = []): string {
	const parts = [
		`Koornacht ${counts.koornacht}`,
		`Tion ${counts.tion}`,
		`timeouts ${counts.timeout}`,
		`errors ${counts.error}`,
	];
	if (counts.other > 0) parts.push(`other replies ${counts.other}`);
	const statuses = [...new Set(replies.map((r) => r.httpStatus).filter((s) => s !== null))];
	if (statuses.length > 0 && statuses.some((s) => s !== 200)) parts.push(`HTTP ${statuses.join('/')}`);
	return parts.join(', ');
}

/** A name-resolution failure: curl (6), or (28) while still resolving. */
function isDnsFailure(reply: ProbeReply): boolean {
	return reply.exitCode === 6 || (reply.exitCode === 28 && /resolving timed out/i.test(reply.body));
}

/** Decides whether a sample of replies meets the expectation. Pure; empty samples never pass. */
export function judgeReplies(replies: readonly ProbeReply[], expect: ReplyExpectation): ReplyVerdict {
	const counts = countReplies(replies);
	const total = replies.length;
	const answered = counts.koornacht + counts.tion + counts.other;
	let pass: boolean;
	switch (expect.kind) {
		case 'mixed':
			pass = total > 0 && counts.koornacht > 0 && counts.tion > 0 && answered === total && counts.other === 0;
			break;
		case 'only':
			pass = total > 0 && counts[expect.cluster] === total;
			break;
		case 'timeout':
			pass = total > 0 && counts.timeout === total;
			break;
		case 'partial': {
			const other = expect.cluster === 'koornacht' ? counts.tion : counts.koornacht;
			pass =
				counts[expect.cluster] > 0 &&
				counts.timeout > 0 &&
				other === 0 &&
				counts.error === 0 &&
				counts.other === 0;
			break;
		}
		case 'status':
			pass = total > 0 && replies.every((r) => r.outcome === 'reply' && r.httpStatus === expect.code);
			break;
		case 'dns-failure':
			pass = total > 0 && replies.every(isDnsFailure);
			break;
	}
	return {pass, counts, observed: describeCounts(counts, replies), expected: describeExpectation(expect)};
}

/**
 * Mixed and partial verdicts need two kinds of outcome in one random sample, so a miss can be
 * bad luck (10 requests over 2+2 backends all land in one cluster about 0.2 % of the time):
 * such a failure is probed once more before it counts.
 */
export function needsSecondSample(expect: ReplyExpectation): boolean {
	return expect.kind === 'mixed' || expect.kind === 'partial';
}
