import {Buffer} from 'node:buffer';
import {quote} from 'shell-quote';
import {clusterOfDisplayName, type ClusterName} from '../core/lab.js';
import type {ProbeQuery} from '../backends/observations.js';

/**
 * The request probe runs N curls concurrently inside one exec into x-wing, so an all-timeout
 * verdict takes about one timeout rather than N. Each request prints one tagged line:
 *
 *     CMTPROBE <index> <curl exit code> <http status> <base64 stderr> <base64 body>
 *
 * Base64 keeps multi-line bodies (nginx error pages) and odd characters on one line; an
 * empty field is written as `-` so the fields never collapse.
 * Both backends produce this format; `parseProbeOutput` is the only reader.
 */
export const PROBE_TAG = 'CMTPROBE';

export type ReplyOutcome = 'reply' | 'timeout' | 'error';

export interface ProbeReply {
	readonly outcome: ReplyOutcome;
	/** The cluster named by the body's `Cluster` field, when the body is a rebel-base reply. */
	readonly cluster: ClusterName | null;
	/** The response body, or curl's error message when there is no response. */
	readonly body: string;
	readonly exitCode: number;
	/** HTTP status; null when no response arrived. */
	readonly httpStatus: number | null;
}

/** The URL the probe requests, through the service's cluster DNS name. */
export function probeUrl(query: Pick<ProbeQuery, 'service' | 'namespace' | 'path'>): string {
	const path = query.path.startsWith('/') ? query.path : `/${query.path}`;
	return `http://${query.service}.${query.namespace}.svc.cluster.local${path}`;
}

/** The POSIX sh script run inside the x-wing container (dash in the json-mock image). */
export function buildProbeScript(query: ProbeQuery): string {
	const curl = `curl -sS --max-time ${query.timeoutSeconds} -X ${quote([query.method])} -o "$f" -w '%{http_code}' ${quote([probeUrl(query)])}`;
	return [
		`p() { f=/tmp/cmtprobe.$$.$1; code=$(${curl} 2>"$f.err"); rc=$?;`,
		`e=$(base64 -w0 <"$f.err"); b=$(base64 -w0 <"$f" 2>/dev/null);`,
		`printf '${PROBE_TAG} %s %s %s %s %s\\n' "$1" "$rc" "\${code:-000}" "\${e:--}" "\${b:--}";`,
		`rm -f "$f" "$f.err"; };`,
		`for i in $(seq 1 ${query.count}); do p "$i" & done; wait`,
	].join(' ');
}

/** Renders one reply as a protocol line (used by the simulator and by tests). */
export function formatProbeLine(
	index: number,
	reply: {exitCode: number; httpStatus: number | null; stderr: string; body: string},
): string {
	const b64 = (text: string) => (text ? Buffer.from(text, 'utf8').toString('base64') : '-');
	const status = reply.httpStatus === null ? '000' : String(reply.httpStatus);
	return `${PROBE_TAG} ${index} ${reply.exitCode} ${status} ${b64(reply.stderr)} ${b64(reply.body)}`;
}

/** Reads the `Cluster` field of a rebel-base JSON reply. */
export function clusterOfBody(body: string): ClusterName | null {
	try {
		const parsed: unknown = JSON.parse(body);
		if (parsed && typeof parsed === 'object' && 'Cluster' in parsed) {
			const value = (parsed as {Cluster: unknown}).Cluster;
			if (typeof value === 'string') return clusterOfDisplayName(value) ?? null;
		}
	} catch {
		// Not JSON: an error page or a proxy's "Access denied".
	}
	return null;
}

/** Classifies one request by curl's exit code: 28 is a timeout, 0 a reply, anything else an error. */
export function classifyReply(exitCode: number, httpStatus: number | null, stderr: string, body: string): ProbeReply {
	if (exitCode === 0) {
		return {outcome: 'reply', cluster: clusterOfBody(body), body, exitCode, httpStatus};
	}
	const message = stderr.trim() || `curl exited with code ${exitCode}`;
	return {outcome: exitCode === 28 ? 'timeout' : 'error', cluster: null, body: message, exitCode, httpStatus: null};
}

/**
 * Parses probe output into replies ordered by request index. Lines without the tag are
 * noise (e.g. kubectl warnings) and are ignored.
 */
export function parseProbeOutput(raw: string): ProbeReply[] {
	const decode = (field: string | undefined) =>
		!field || field === '-' ? '' : Buffer.from(field, 'base64').toString('utf8');
	const replies: Array<{index: number; reply: ProbeReply}> = [];
	for (const line of raw.split(/\r?\n/)) {
		const fields = line.trim().split(/\s+/);
		if (fields[0] !== PROBE_TAG || fields.length < 4) continue;
		const index = Number(fields[1]);
		const exitCode = Number(fields[2]);
		const status = Number(fields[3]);
		if (!Number.isInteger(index) || !Number.isInteger(exitCode)) continue;
		const httpStatus = Number.isInteger(status) && status > 0 ? status : null;
		replies.push({index, reply: classifyReply(exitCode, httpStatus, decode(fields[4]), decode(fields[5]))});
	}
	return replies.sort((a, b) => a.index - b.index).map((r) => r.reply);
}

export interface ReplyCounts {
	readonly koornacht: number;
	readonly tion: number;
	readonly timeout: number;
	readonly error: number;
	/** Replies whose body names no lab cluster (e.g. a 403 from the proxy). */
	readonly other: number;
}

export function countReplies(replies: readonly ProbeReply[]): ReplyCounts {
	const counts = {koornacht: 0, tion: 0, timeout: 0, error: 0, other: 0};
	for (const r of replies) {
		if (r.outcome === 'timeout') counts.timeout++;
		else if (r.outcome === 'error') counts.error++;
		else if (r.cluster) counts[r.cluster]++;
		else counts.other++;
	}
	return counts;
}
