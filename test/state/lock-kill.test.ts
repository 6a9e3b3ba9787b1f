import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fileSimStore} from '../../src/backends/sim/store.js';
import {statePaths} from '../../src/state/paths.js';
import {acquireSessionLock} from '../../src/state/session-lock.js';
import {testCli} from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `body` (ESM, with the repository's TypeScript importable) in a child process that kills itself with SIGKILL. */
function killedHolder(body: string): void {
	const script = path.join(mkdtempSync(path.join(tmpdir(), 'cmt-holder-')), 'holder.mts');
	writeFileSync(script, body);
	const child = spawnSync(process.execPath, ['--import', 'tsx', script], {cwd: ROOT, encoding: 'utf8'});
	expect(child.signal, child.stderr).toBe('SIGKILL');
}

describe('locks whose holder was killed (kill -9)', () => {
	it('the simulated lab: the next command takes the lock over at once instead of waiting out 15 s', async () => {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'cmt-lab-')), 'sim', 'lab.json');
		killedHolder(`
			import {fileSimStore} from ${JSON.stringify(path.join(ROOT, 'src/backends/sim/store.ts'))};
			await fileSimStore(${JSON.stringify(file)}).transact(() => process.kill(process.pid, 'SIGKILL'));
		`);
		expect(existsSync(`${file}.lock`)).toBe(true);
		const started = performance.now();
		await fileSimStore(file).transact((state) => ({state, result: null}));
		expect(performance.now() - started).toBeLessThan(1_000);
		expect(existsSync(`${file}.lock`)).toBe(false);
	});

	it('the session: a new session starts at once', async () => {
		const paths = statePaths(path.join(mkdtempSync(path.join(tmpdir(), 'cmt-lock-')), 'home'));
		killedHolder(`
			import {acquireSessionLock} from ${JSON.stringify(path.join(ROOT, 'src/state/session-lock.ts'))};
			import {statePaths} from ${JSON.stringify(path.join(ROOT, 'src/state/paths.ts'))};
			await acquireSessionLock(statePaths(${JSON.stringify(paths.home)}));
			process.kill(process.pid, 'SIGKILL');
		`);
		expect(existsSync(paths.lock)).toBe(true);
		const started = performance.now();
		const release = await acquireSessionLock(paths);
		expect(performance.now() - started).toBeLessThan(1_000);
		await release();
	});
});

describe('reset against a running session', () => {
	it('refuses, names the session and the folder, and clears nothing; works once the session ends', async () => {
		const cli = testCli();
		expect((await cli.run('up', '--backend', 'sim', '--until', 'clusters')).exitCode).toBe(0);
		const paths = statePaths(cli.home);
		const release = await acquireSessionLock(paths);
		const refused = await cli.run('reset');
		expect(refused.exitCode).toBe(1);
		expect(refused.stderr).toContain(`cannot reset: a clustermesh-tutor session (pid ${process.pid}) is using ${cli.home}`);
		expect(refused.stderr).toContain('quit that session first');
		expect(existsSync(paths.simState)).toBe(true);
		await release();
		expect((await cli.run('reset')).exitCode).toBe(0);
		expect(existsSync(paths.simState)).toBe(false);
	});
});
