import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type {z} from 'zod';
import {TutorError} from '../core/errors.js';

export interface WriteJsonOptions {
	/**
	 * fsync before the rename (default true). The rename alone keeps the file whole; skipping
	 * fsync trades durability across a power loss for speed, fine for state that can be rebuilt.
	 */
	readonly durable?: boolean;
	/** Indented for people to read (default true). */
	readonly pretty?: boolean;
}

/** Writes JSON atomically (temp file + rename), creating the folder; a crash never leaves half a file. */
export async function writeJsonAtomic(file: string, value: unknown, options: WriteJsonOptions = {}): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	const text = options.pretty === false ? JSON.stringify(value) : JSON.stringify(value, null, '\t');
	await writeFileAtomic(file, `${text}\n`, {fsync: options.durable !== false});
}

/**
 * Reads and validates a JSON state file. A missing file is `undefined`; a corrupt or
 * incompatible one is an error naming the file, so nothing is silently overwritten.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new TutorError(
			`${file}: not valid JSON (${(error as Error).message})`,
			1,
			`move it aside or run \`clustermesh-tutor reset\``,
		);
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
		throw new TutorError(
			`${file}: unexpected content${where}: ${issue?.message ?? 'invalid'}`,
			1,
			'move it aside or run `clustermesh-tutor reset`',
		);
	}
	return parsed.data;
}
