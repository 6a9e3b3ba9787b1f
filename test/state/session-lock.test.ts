import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {statePaths} from '../../src/state/paths.js';
import {acquireSessionLock} from '../../src/state/session-lock.js';

describe('session lock', () => {
	it('lets one session in per state folder, names the folder when refusing, and frees it on release', async () => {
		const paths = statePaths(path.join(mkdtempSync(path.join(tmpdir(), 'cmt-lock-')), 'home'));
		const release = await acquireSessionLock(paths);
		await expect(acquireSessionLock(paths)).rejects.toThrow(`another clustermesh-tutor session is already using ${paths.home}`);
		await release();
		const again = await acquireSessionLock(paths);
		await again();
	});
});

describe('session lock after a crash', () => {
	it('takes over a lock whose holder no longer exists', async () => {
		const {spawnSync} = await import('node:child_process');
		const {writeFileSync} = await import('node:fs');
		const paths = statePaths(path.join(mkdtempSync(path.join(tmpdir(), 'cmt-lock-')), 'home'));
		const held = await acquireSessionLock(paths);
		// Pretend the holder was killed: its pid is one of a process that has exited.
		const gone = spawnSync(process.execPath, ['-e', '0']).pid;
		writeFileSync(`${paths.lock}.pid`, String(gone));
		const taken = await acquireSessionLock(paths);
		await taken();
		await held().catch(() => undefined);
	});
});
