/**
 * Waiting in tests on the condition itself, never on a fixed delay: a loaded CI machine (two
 * cores, several test processes) can be ten times slower than a laptop, so budgets are
 * generous upper bounds that only a real hang reaches, and a timeout says what it saw.
 */

/** The default upper bound for a condition that should hold within moments on an idle machine. */
export const PATIENCE_MS = 30_000;

/**
 * Polls `condition` (every `intervalMs`, yielding to the event loop in between) until it returns
 * something other than `undefined`/`false`, and returns that. After `timeoutMs` it throws,
 * naming `what` it waited for and, from `seen`, what it observed last.
 */
export async function until<T>(
	condition: () => T | undefined | false | Promise<T | undefined | false>,
	options: {readonly timeoutMs?: number; readonly intervalMs?: number; readonly what?: string; readonly seen?: () => string} = {},
): Promise<T> {
	const timeoutMs = options.timeoutMs ?? PATIENCE_MS;
	const started = Date.now();
	for (;;) {
		const value = await condition();
		if (value !== undefined && value !== false) return value;
		if (Date.now() - started > timeoutMs) {
			const seen = options.seen ? `\nlast seen:\n${options.seen()}` : '';
			throw new Error(`timed out after ${Date.now() - started} ms waiting for ${options.what ?? String(condition)}${seen}`);
		}
		await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
	}
}

/**
 * CPU time (user + system) this process spends in `work`, in ms. A bound on it says "no
 * runaway work" (a backtracking regex, a quadratic copy) without depending on how many other
 * processes share the cores, as a wall-clock bound would. Anything else this process runs
 * meanwhile (garbage collection included) counts too, so bounds keep a wide margin.
 */
export function cpuMs(work: () => void): number {
	const before = process.cpuUsage();
	work();
	return sinceMs(before);
}

/** `cpuMs` for asynchronous work (the test's own work only: run nothing else concurrently). */
export async function cpuMsAsync(work: () => Promise<unknown>): Promise<number> {
	const before = process.cpuUsage();
	await work();
	return sinceMs(before);
}

function sinceMs(before: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000;
}
