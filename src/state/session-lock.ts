import {TutorError} from '../core/errors.js';
import {takeLock} from './file-lock.js';
import type {StatePaths} from './paths.js';

/** Another live session holds the state folder. */
export class SessionLockedError extends TutorError {
	constructor(
		readonly home: string,
		readonly pid: number | undefined,
	) {
		super(
			`another clustermesh-tutor session${pid ? ` (pid ${pid})` : ''} is already using ${home}`,
			1,
			'close it first, or give this one its own folder: CLUSTERMESH_TUTOR_HOME=/some/dir clustermesh-tutor',
		);
		this.name = 'SessionLockedError';
	}
}

/**
 * One interactive session per state folder: two would overwrite each other's progress. The
 * lock is refreshed while the session lives and released on exit; a lock whose holder was
 * killed (kill -9 leaves no chance to release) is taken over at once. `reset` takes it too, so
 * it never clears progress under a running session.
 */
export async function acquireSessionLock(paths: StatePaths): Promise<() => Promise<void>> {
	const lock = await takeLock(paths.home, paths.lock, {
		folder: paths.home,
		waitMs: 0,
		busy: (pid) => new SessionLockedError(paths.home, pid),
	});
	return () => lock.release();
}
