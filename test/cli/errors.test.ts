import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import type {CliContext} from '../../src/cli/context.js';
import {main} from '../../src/cli/main.js';
import {EnvironmentError} from '../../src/core/errors.js';
import {EXIT} from '../../src/core/exit-codes.js';
import {stateHome, statePaths} from '../../src/state/paths.js';
import {ROOT, testCli} from '../helpers/cli.js';

const STACK = /\n\s+at /;
const BIN = path.join(ROOT, 'bin', 'clustermesh-tutor.js');

/** The one error policy: expected problems are one message with a fix and exit 4 (or 2, 3); bugs say so, with a stack only on request. */
describe('environment problems', () => {
	it('a state folder that cannot be created: exit 4 naming it, no stack trace', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-env-'));
		writeFileSync(path.join(dir, 'file'), '');
		const cli = testCli(path.join(dir, 'file', 'state'));
		const ran = await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'kubectl get pods');
		expect(ran.exitCode).toBe(EXIT.environment);
		expect(ran.stderr).toMatch(/cannot write to .*file.* \(ENOTDIR\)/);
		expect(ran.stderr).toContain('CLUSTERMESH_TUTOR_HOME=/some/dir');
		expect(ran.stderr).not.toMatch(STACK);
	});

	it('no usable HOME: exit 4 with the fix, from the installed binary', async () => {
		expect(() => stateHome({}, () => '')).toThrow(EnvironmentError);
		const ran = await execa('node', [BIN, 'reset'], {env: {PATH: process.env.PATH, HOME: ''}, extendEnv: false, reject: false});
		expect(ran.exitCode).toBe(EXIT.environment);
		expect(ran.stderr).toContain('no home folder to keep progress in');
		expect(ran.stderr).toContain('set HOME');
		expect(ran.stderr).not.toMatch(STACK);
	});

	it('a lab file with a valid envelope but broken contents: exit 4 naming the file and the field', async () => {
		const cli = testCli();
		const lab = statePaths(cli.home).simState;
		mkdirSync(path.dirname(lab), {recursive: true});
		writeFileSync(lab, JSON.stringify({schema: 2, random: null, clusters: {koornacht: {name: 'koornacht', objects: [], flows: 5}}}));
		const ran = await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'kubectl get pods');
		expect(ran.exitCode).toBe(EXIT.environment);
		expect(ran.stderr).toContain(`${lab}: unexpected content at clusters.koornacht`);
		expect(ran.stderr).toContain('clustermesh-tutor reset');
		expect(ran.stderr).not.toMatch(STACK);
	});
});

describe('unexpected errors (bugs)', () => {
	const crashing = (env: NodeJS.ProcessEnv) => {
		let stderr = '';
		let exitCode = 0;
		const ctx: CliContext = {
			root: ROOT,
			cwd: ROOT,
			env,
			paths: statePaths(mkdtempSync(path.join(tmpdir(), 'cmt-bug-'))),
			stdout: () => {
				throw new TypeError('c.flows is not iterable');
			},
			stderr: (t) => {
				stderr += t;
			},
			isTTY: false,
			setExitCode: (code) => {
				exitCode = code;
			},
			signal: new AbortController().signal,
		};
		return {ctx, result: () => ({stderr, exitCode})};
	};

	it('say it is a bug in one line and how to get the stack trace', async () => {
		const {ctx, result} = crashing({});
		await main(['lessons', 'list'], ctx);
		expect(result().exitCode).toBe(EXIT.failed);
		expect(result().stderr).toContain('unexpected error (a bug in clustermesh-tutor): c.flows is not iterable');
		expect(result().stderr).toContain('--debug');
		expect(result().stderr).not.toMatch(STACK);
	});

	it('print the stack trace with --debug or DEBUG=clustermesh-tutor', async () => {
		for (const [argv, env] of [[['--debug', 'lessons', 'list'], {}], [['lessons', 'list'], {DEBUG: 'other,clustermesh-tutor'}]] as const) {
			const {ctx, result} = crashing(env);
			await main([...argv], ctx);
			expect(result().stderr).toMatch(STACK);
		}
	});
});
