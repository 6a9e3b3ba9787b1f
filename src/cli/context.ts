import {packageRoot} from '../core/assets.js';
import {statePaths, type StatePaths} from '../state/paths.js';

/** Everything a command needs from the outside world, injectable for tests. */
export interface CliContext {
	/** Where the tool is installed (holds lessons/, manifests/, kind-configs/). */
	readonly root: string;
	readonly cwd: string;
	readonly env: NodeJS.ProcessEnv;
	readonly paths: StatePaths;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	/** Writes a command's output bytes exactly as it produced them (absent in tests that collect text). */
	readonly writeBytes?: (stream: 'stdout' | 'stderr', bytes: Uint8Array) => void;
	readonly isTTY: boolean;
	/** Asks the person at the terminal a question and resolves their answer ('' when they cancel with Ctrl-C). */
	readonly ask?: (question: string) => Promise<string>;
	setExitCode(code: number): void;
	/** Aborted on Ctrl-C (SIGINT); long commands pass it down so children are killed. */
	readonly signal: AbortSignal;
}

export function processContext(signal: AbortSignal): CliContext {
	let paths: StatePaths | undefined;
	return {
		root: packageRoot(),
		cwd: process.cwd(),
		env: process.env,
		// Resolved on first use, so a missing HOME is reported by the command that needs it, with its fix.
		get paths() {
			return (paths ??= statePaths());
		},
		stdout: (text) => process.stdout.write(text),
		stderr: (text) => process.stderr.write(text),
		writeBytes: (stream, bytes) => process[stream].write(bytes),
		isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
		ask: async (question) => {
			const {createInterface} = await import('node:readline/promises');
			const rl = createInterface({input: process.stdin, output: process.stderr});
			// Ctrl-C at the question is a no (readline catches it in raw mode, so no SIGINT arrives).
			const cancelled = new Promise<string>((resolve) => rl.once('SIGINT', () => resolve('')));
			try {
				return await Promise.race([rl.question(question), cancelled]);
			} finally {
				rl.close();
				process.stderr.write('\n');
			}
		},
		setExitCode: (code) => {
			process.exitCode = code;
		},
		signal,
	};
}
