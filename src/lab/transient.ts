/**
 * Failures that go away on their own on a cold first run: a node still pulling an image, a
 * registry or API server slow to answer TLS, an API server that is still starting. Pure.
 */
export interface TransientCause {
	readonly id: 'image-pull-backoff' | 'tls-handshake-timeout' | 'api-server-starting' | 'timeout-waiting';
	readonly title: string;
}

const RULES: readonly {readonly test: RegExp; readonly cause: TransientCause}[] = [
	{
		test: /ImagePullBackOff|ErrImagePull|Back-off pulling image/i,
		cause: {id: 'image-pull-backoff', title: 'a node is still pulling an image (image pull back-off)'},
	},
	{
		test: /TLS handshake timeout/i,
		cause: {id: 'tls-handshake-timeout', title: 'a TLS handshake timed out (slow registry or API server)'},
	},
	{
		test: /connection refused|The connection to the server \S+ was refused|connect: connection reset by peer|the server is currently unable to handle the request|etcdserver: request timed out/i,
		cause: {id: 'api-server-starting', title: 'the API server refused the connection (still starting)'},
	},
	{
		test: /timeout while waiting for status to become successful|context deadline exceeded/i,
		cause: {id: 'timeout-waiting', title: 'the components did not become ready in time (slow image pulls)'},
	},
];

/** The transient cause the output shows, if any. Rate limits and missing images are not transient. */
export function transientCause(output: string): TransientCause | undefined {
	if (/toomanyrequests|rate limit|manifest unknown|not found: manifest|pull access denied/i.test(output)) return undefined;
	return RULES.find((r) => r.test.test(output))?.cause;
}

/** How many times a retryable command is tried in all, and the pause before each retry. */
export const RETRY_POLICY = {attempts: 3, delaysMs: [10_000, 30_000]} as const;

/** Pure: whether to try again after `attempt` (1-based) failed with this output, and after how long. */
export function retryDecision(
	output: string,
	attempt: number,
	policy: {readonly attempts: number; readonly delaysMs: readonly number[]} = RETRY_POLICY,
): {readonly retry: true; readonly cause: TransientCause; readonly delayMs: number} | {readonly retry: false; readonly cause?: TransientCause} {
	const cause = transientCause(output);
	if (!cause || attempt >= policy.attempts) return cause ? {retry: false, cause} : {retry: false};
	return {retry: true, cause, delayMs: policy.delaysMs[Math.min(attempt - 1, policy.delaysMs.length - 1)] ?? 0};
}
