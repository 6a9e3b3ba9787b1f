import {readFile, rm, writeFile} from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import {ensureFolder} from './json-file.js';
import {processAlive, unwritableFolder, writeError} from './verified-write.js';

/** proper-lockfile's staleness window: a live holder refreshes its lock well within it. */
const STALE_MS = 15_000;

export interface HeldLock {
	release(): Promise<void>;
}

export interface LockOptions {
	/** The folder that must exist for the lock (created if missing). */
	readonly folder: string;
	/** How long to wait for a live holder before giving up (0: do not wait). */
	readonly waitMs: number;
	/** The error to throw when a live holder keeps the lock; gets the holder's pid when known. */
	readonly busy: (pid: number | undefined) => Error;
}

/** The pid the holder of `lockPath` recorded, if any. */
export async function lockHolder(lockPath: string): Promise<number | undefined> {
	const pid = Number(await readFile(`${lockPath}.pid`, 'utf8').catch(() => ''));
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * A cross-process lock (proper-lockfile's lock folder plus a pid file beside it). A holder that
 * was killed (kill -9 leaves no chance to release) is recognised by its pid and its lock taken
 * over at once, instead of waiting for the staleness window to pass.
 */
export async function takeLock(target: string, lockPath: string, options: LockOptions): Promise<HeldLock> {
	await ensureFolder(options.folder);
	const pidFile = `${lockPath}.pid`;
	const deadline = Date.now() + options.waitMs;
	let pause = 5;
	for (;;) {
		try {
			const release = await lockfile.lock(target, {realpath: false, lockfilePath: lockPath, stale: STALE_MS, retries: 0});
			try {
				await writeFile(pidFile, String(process.pid));
			} catch (error) {
				await release();
				throw writeError(pidFile, error);
			}
			return {
				release: async () => {
					await rm(pidFile, {force: true});
					await release();
				},
			};
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code ?? '';
			if (['EACCES', 'EPERM', 'EROFS'].includes(code)) throw unwritableFolder(options.folder, code);
			if (code === 'ENOSPC' || code === 'EDQUOT') throw writeError(lockPath, error);
			if (code !== 'ELOCKED') throw error;
		}
		const holder = await lockHolder(lockPath);
		if (holder !== undefined && holder !== process.pid && !processAlive(holder)) {
			// proper-lockfile only unlocks its own locks; the dead holder's lock folder goes by hand.
			await rm(lockPath, {recursive: true, force: true});
			await rm(pidFile, {force: true});
			continue;
		}
		if (Date.now() >= deadline) throw options.busy(holder);
		await new Promise((resolve) => setTimeout(resolve, pause));
		pause = Math.min(pause * 1.5, 100);
	}
}
