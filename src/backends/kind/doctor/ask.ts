import type {ToolAnswer} from './facts.js';

/**
 * Runs one probe command (`docker info`, `kind version`, …) with exactly `env`, bounded by
 * a timeout; never throws: a binary that is not installed is `found: false`.
 */
export async function askTool(
	file: string,
	args: readonly string[],
	options: {readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number},
): Promise<ToolAnswer> {
	try {
		// Loaded on first use: choosing the simulator outright (and so the TUI's first lesson) never needs it.
		const {execa} = await import('execa');
		const r = await execa(file, args, {timeout: options.timeoutMs, reject: false, stdin: 'ignore', env: options.env, extendEnv: false});
		const stdout = typeof r.stdout === 'string' ? r.stdout : '';
		const stderr = typeof r.stderr === 'string' ? r.stderr : '';
		// With reject: false a binary that is not installed comes back as a result, not a throw.
		if ((r as {code?: string}).code === 'ENOENT') return {found: false, exitCode: 127, stdout, stderr};
		return {found: true, exitCode: r.exitCode ?? (r.timedOut ? 124 : 1), stdout, stderr};
	} catch (error) {
		return {found: (error as NodeJS.ErrnoException).code !== 'ENOENT', exitCode: 127, stdout: '', stderr: (error as Error).message};
	}
}
