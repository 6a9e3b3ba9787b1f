import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import type {z} from 'zod';
import {EnvironmentError} from '../core/errors.js';
import {stableJson} from '../core/stable-json.js';
import {unwritableFolder, writeFileVerified, type WriteFs} from './verified-write.js';

const DAMAGED_FIX = 'move it aside or run `clustermesh-tutor reset`';

export interface WriteJsonOptions {
	/**
	 * fsync before the rename (default true). The rename alone keeps the file whole; skipping
	 * fsync trades durability across a power loss for speed, fine for state that can be rebuilt.
	 */
	readonly durable?: boolean;
	/** Indented for people to read (default true). */
	readonly pretty?: boolean;
	/** The filesystem to write through (tests inject a full disk). */
	readonly fs?: WriteFs;
}

/**
 * Writes JSON with sorted keys through a verified atomic write, creating the folder; a crash or
 * a full disk never leaves half a file. Returns the text written.
 */
export async function writeJsonAtomic(file: string, value: unknown, options: WriteJsonOptions = {}): Promise<string> {
	await ensureFolder(path.dirname(file));
	const text = `${stableJson(value, options.pretty === false ? undefined : '\t')}\n`;
	await writeFileVerified(file, text, {durable: options.durable, fs: options.fs});
	return text;
}

/** mkdir -p, with an unwritable parent reported as an environment problem naming the folder. */
export async function ensureFolder(folder: string): Promise<void> {
	try {
		await mkdir(folder, {recursive: true});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code)) throw unwritableFolder(folder, code);
		throw error;
	}
}

/**
 * Reads and validates a JSON state file. A missing file is `undefined`; a corrupt or
 * incompatible one is an environment error (exit 4) naming the file, so nothing is silently overwritten.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>, options: {keepOrder?: boolean} = {}): Promise<T | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (code === 'ENOENT') return undefined;
		if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
			throw new EnvironmentError(`cannot read ${file} (${code})`, 'make it readable, or move it aside and run the command again');
		}
		throw error;
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new EnvironmentError(`${file}: not valid JSON (${(error as Error).message})`, DAMAGED_FIX);
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
		throw new EnvironmentError(`${file}: unexpected content${where}: ${issue?.message ?? 'invalid'}`, DAMAGED_FIX);
	}
	// zod rebuilds objects with its own key order; `keepOrder` returns the file's own data once it is known to be valid.
	return options.keepOrder ? (data as T) : parsed.data;
}
