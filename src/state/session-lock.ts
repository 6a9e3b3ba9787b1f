import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import {TutorError} from '../core/errors.js';
import type {StatePaths} from './paths.js';

/** Whether the process that wrote the pid file is gone (killed, crashed), so its lock is void. */
async function holderIsGone(pidFile: string): Promise<boolean> {
	const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

/**
 * One interactive session per state folder: two would overwrite each other's progress. The
 * lock is refreshed while the session lives and released on exit; a lock whose holder was
 * killed (kill -9 leaves no chance to release) is taken over at once.
 */
export async function acquireSessionLock(paths: StatePaths): Promise<() => Promise<void>> {
	await mkdir(paths.home, {recursive: true});
	const pidFile = `${paths.lock}.pid`;
	const take = () => lockfile.lock(paths.home, {realpath: false, lockfilePath: paths.lock, stale: 15_000, retries: 0});
	let release: () => Promise<void>;
	try {
		release = await take();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
		if (!(await holderIsGone(pidFile))) {
			throw new TutorError(
				`another clustermesh-tutor session is already using ${paths.home}`,
				1,
				'close it first, or give this one its own folder: CLUSTERMESH_TUTOR_HOME=/some/dir clustermesh-tutor',
			);
		}
		// proper-lockfile only unlocks its own locks; the dead holder's lock folder goes by hand.
		await rm(paths.lock, {recursive: true, force: true});
		release = await take();
	}
	await writeFile(pidFile, String(process.pid));
	return async () => {
		await rm(pidFile, {force: true});
		await release();
	};
}
