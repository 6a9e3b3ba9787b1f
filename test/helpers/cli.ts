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

/**
 * A CLI bound to a private state home; each call runs `main()` in-process like one invocation.
 * Given `answers`, it runs as at a terminal and answers its questions in turn (the questions are kept).
 */
export function testCli(home = mkdtempSync(path.join(tmpdir(), 'cmt-cli-')), terminal?: {readonly answers: string[]; readonly questions: string[]}) {
	return {
		home,
		async run(...argv: string[]): Promise<CliRun> {
			let stdout = '';
			let stderr = '';
			let exitCode = 0;
			const ctx: CliContext = {
				root: ROOT,
				cwd: ROOT,
				env: {CLUSTERMESH_TUTOR_HOME: home},
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
