import {mkdirSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {statePaths} from '../../src/state/paths.js';
import {acquireSessionLock} from '../../src/state/session-lock.js';

describe('session lock', () => {
	it('lets one session in per state folder, names the folder when refusing, and frees it on release', async () => {
		const paths = statePaths(path.join(mkdtempSync(path.join(tmpdir(), 'cmt-lock-')), 'home'));
		const release = await acquireSessionLock(paths);
		await expect(acquireSessionLock(paths)).rejects.toThrow(`another clustermesh-tutor session (pid ${process.pid}) is already using ${paths.home}`);
		await release();
		const again = await acquireSessionLock(paths);
		await again();
	});
});

describe('session lock after a crash', () => {
	it('takes over a lock whose holder no longer exists', async () => {
		const {spawnSync} = await import('node:child_process');
		const paths = statePaths(path.join(mkdtempSync(path.join(tmpdir(), 'cmt-lock-')), 'home'));
		mkdirSync(paths.home, {recursive: true});
		// A holder in another process that was killed: its lock folder stays, its pid is gone.
		const holder = spawnSync(process.execPath, [
			'--input-type=module',
			'-e',
			`import lockfile from 'proper-lockfile'; import {writeFileSync} from 'node:fs';
			await lockfile.lock(${JSON.stringify(paths.home)}, {realpath: false, lockfilePath: ${JSON.stringify(paths.lock)}});
			writeFileSync(${JSON.stringify(`${paths.lock}.pid`)}, String(process.pid));
			process.kill(process.pid, 'SIGKILL');`,
		], {cwd: path.resolve(import.meta.dirname, '../..')});
		expect(holder.signal, String(holder.stderr)).toBe('SIGKILL');
		const taken = await acquireSessionLock(paths);
		await taken();
	});
});
