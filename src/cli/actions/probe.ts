import type {BackendChoice} from '../../backends/choices.js';
import {countReplies, parseProbeOutput, type ProbeReply} from '../../checks/probe-protocol.js';
import {DEFAULT_PROBE, type ReplyExpectation} from '../../checks/spec.js';
import {describeCounts, judgeReplies} from '../../checks/verdicts.js';
import {UsageError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {CLUSTER_SPECS, isClusterName, type ClusterName} from '../../core/lab.js';
import type {CliContext} from '../context.js';
import {openBackend} from '../open-backend.js';

/** Parses `--expect`: mixed, timeout, dns-failure, only:<cluster>, partial:<cluster>, status:<code>. */
export function parseExpectation(text: string): ReplyExpectation {
	const [kind, arg = ''] = text.split(':');
	if (kind === 'mixed' || kind === 'timeout' || kind === 'dns-failure') return {kind};
	if ((kind === 'only' || kind === 'partial') && isClusterName(arg)) return {kind, cluster: arg};
	if (kind === 'status' && /^\d{3}$/.test(arg)) return {kind, code: Number(arg)};
	throw new UsageError(
		`--expect "${text}" is not an expectation`,
		'use mixed, timeout, dns-failure, only:koornacht, only:tion, partial:koornacht, partial:tion or status:200',
	);
}

export function formatReply(index: number, reply: ProbeReply): string {
	const who =
		reply.outcome === 'reply'
			? (reply.cluster ? CLUSTER_SPECS[reply.cluster].displayName : `HTTP ${reply.httpStatus ?? '?'}`)
			: reply.outcome;
	return `${String(index + 1).padStart(3)}  ${who.padEnd(10)} ${reply.body.trim().split('\n')[0] ?? ''}`;
}

export interface ProbeOptions {
	readonly backend: BackendChoice;
	readonly from: ClusterName;
	readonly count: number;
	readonly timeout: number;
	readonly json?: boolean;
	readonly expect?: string;
}

export async function probeAction(ctx: CliContext, options: ProbeOptions): Promise<void> {
	const expectation = options.expect === undefined ? undefined : parseExpectation(options.expect);
	const backend = await openBackend(options.backend, ctx);
	const observation = await backend.observer.probe(
		{...DEFAULT_PROBE, from: options.from, count: options.count, timeoutSeconds: options.timeout},
		ctx.signal,
	);
	const replies = parseProbeOutput(observation.raw);
	const counts = countReplies(replies);
	const verdict = expectation ? judgeReplies(replies, expectation) : undefined;
	if (options.json) {
		ctx.stdout(
			`${JSON.stringify({
				schema: 1,
				backend: backend.kind,
				from: options.from,
				replies: replies.map((r) => ({outcome: r.outcome, cluster: r.cluster, body: r.body})),
				counts: {koornacht: counts.koornacht, tion: counts.tion, timeout: counts.timeout, error: counts.error},
				...(verdict ? {verdict: {pass: verdict.pass, expected: verdict.expected}} : {}),
			})}\n`,
		);
	} else {
		replies.forEach((r, i) => ctx.stdout(`${formatReply(i, r)}\n`));
		ctx.stdout(`${describeCounts(counts, replies)}\n`);
		if (verdict) ctx.stdout(`${verdict.pass ? 'as expected' : 'NOT as expected'}: ${verdict.expected}\n`);
	}
	if (replies.length === 0) ctx.setExitCode(EXIT.failed);
	else if (verdict && !verdict.pass) ctx.setExitCode(EXIT.failed);
}
