import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import {EnvironmentError} from '../core/errors.js';

/** The few file operations a verified write needs; tests inject a filesystem that runs out of space. */
export interface WriteFs {
	open: typeof nodeFs.open;
	rename: typeof nodeFs.rename;
	unlink: typeof nodeFs.unlink;
	readdir: typeof nodeFs.readdir;
}

export interface VerifiedWriteOptions {
	/** fsync the temp file before the rename (default true). */
	readonly durable?: boolean;
	readonly mode?: number;
	readonly fs?: WriteFs;
}

const TEMP_MARK = '.tmp-';
/** Temp files are `<name>.tmp-<pid>-<random>`: the pid tells whether their writer still lives. */
const tempName = (file: string) => `${file}${TEMP_MARK}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

/** Out of space or over quota: the write cannot succeed until the learner frees some. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
/** The folder cannot be written at all. */
const DENIED_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Replaces `file` with `data` so that the old content survives any failure: the temp file is
 * written completely (every short write continued), fsynced, its size checked against what was
 * meant, and only then renamed over the old one (rename(2) is atomic within a filesystem).
 * A full disk or a read-only folder ends as an EnvironmentError (exit 4) naming the file.
 */
export async function writeFileVerified(file: string, data: string | Uint8Array, options: VerifiedWriteOptions = {}): Promise<void> {
	const fs = options.fs ?? nodeFs;
	const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
	const temp = tempName(file);
	await removeDeadWritersTemps(file, fs);
	try {
		const handle = await fs.open(temp, 'wx', options.mode ?? 0o644);
		try {
			let written = 0;
			while (written < bytes.length) {
				const {bytesWritten} = await handle.write(bytes, written, bytes.length - written, written);
				// A write that makes no progress would loop forever; the kernel reports ENOSPC on the next try, but be sure.
				if (bytesWritten <= 0) throw Object.assign(new Error(`no space left writing ${temp}`), {code: 'ENOSPC'});
				written += bytesWritten;
			}
			if (options.durable !== false) await handle.sync();
			const {size} = await handle.stat();
			if (size !== bytes.length) {
				throw Object.assign(new Error(`${temp} holds ${size} bytes, expected ${bytes.length}`), {code: 'ENOSPC'});
			}
		} finally {
			await handle.close();
		}
		await fs.rename(temp, file);
	} catch (error) {
		await fs.unlink(temp).catch(() => undefined);
		throw writeError(file, error);
	}
}

/** The learner-facing error for a failed write (other errors are bugs and pass unchanged). */
export function writeError(file: string, error: unknown): unknown {
	const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
	if (FULL_CODES.has(code)) {
		return new EnvironmentError(
			`could not save ${file}: the disk is full (${code}); the previous version is unchanged`,
			`free some space on the filesystem that holds ${path.dirname(file)}, then run the command again`,
		);
	}
	if (DENIED_CODES.has(code)) return unwritableFolder(path.dirname(file), code);
	return error;
}

/** The state folder (or one inside it) cannot be created or written. */
export function unwritableFolder(folder: string, code: string): EnvironmentError {
	return new EnvironmentError(
		`cannot write to ${folder} (${code})`,
		'make it writable (check its owner and permissions), or point the tool elsewhere: CLUSTERMESH_TUTOR_HOME=/some/dir',
	);
}

/** Whether a process with this pid is running (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Removes temp files left by writers of `file` that were killed before they could rename or clean up. */
async function removeDeadWritersTemps(file: string, fs: WriteFs): Promise<void> {
	const dir = path.dirname(file);
	const prefix = `${path.basename(file)}${TEMP_MARK}`;
	const names = await fs.readdir(dir).catch(() => [] as string[]);
	for (const name of names) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number(name.slice(prefix.length).split('-')[0]);
		if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) {
			await fs.unlink(path.join(dir, name)).catch(() => undefined);
		}
	}
}
