import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {CliContext} from '../../src/cli/context.js';
import {main} from '../../src/cli/main.js';
import {statePaths} from '../../src/state/paths.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

/** How a test CLI runs besides its state home. */
export interface TestCliOptions {
	/** The environment @default {CLUSTERMESH_TUTOR_HOME: home} */
	readonly env?: NodeJS.ProcessEnv;
	/** The learner's folder. @default the repository */
	readonly cwd?: string;
	/** Run as at a terminal, answering its questions in turn (the questions are kept). */
	readonly terminal?: {readonly answers: string[]; readonly questions: string[]};
}

/** A CLI bound to a private state home; each call runs `main()` in-process like one invocation. */
export function testCli(home = mkdtempSync(path.join(tmpdir(), 'cmt-cli-')), options: TestCliOptions = {}) {
	const {terminal} = options;
	return {
		home,
		async run(...argv: string[]): Promise<CliRun> {
			let stdout = '';
			let stderr = '';
			let exitCode = 0;
			const ctx: CliContext = {
				root: ROOT,
				cwd: options.cwd ?? ROOT,
				env: options.env ?? {CLUSTERMESH_TUTOR_HOME: home},
				paths: statePaths(home),
				stdout: (t) => {
					stdout += t;
				},
				stderr: (t) => {
					stderr += t;
				},
				isTTY: terminal !== undefined,
				...(terminal && {
					ask: async (question: string) => {
						terminal.questions.push(question);
						return terminal.answers.shift() ?? '';
					},
				}),
				setExitCode: (code) => {
					exitCode = code;
				},
				signal: new AbortController().signal,
			};
			await main(argv, ctx);
			return {stdout, stderr, exitCode};
		},
	};
}
