import {existsSync} from 'node:fs';
import {open, readdir} from 'node:fs/promises';
import path from 'node:path';
import {LESSON_LIMITS} from './limits.js';
import {lintLessons} from './lint.js';
import type {Lesson} from './model.js';
import {parseLesson, type ParseResult} from './parse-lesson.js';
import {LessonCatalogError} from './problems.js';

export {parseLesson, type ParseResult} from './parse-lesson.js';

/** Every lesson, in curriculum order. */
export interface Catalog {
	readonly lessons: readonly Lesson[];
}

/** The folder's lesson files (`*.md` except README.md), named relative to the package root. */
export async function readLessonSources(lessonsDir: string): Promise<{file: string; text: string}[]> {
	const names = (await readdir(lessonsDir)).filter((n) => n.endsWith('.md') && n !== 'README.md').sort();
	const folder = path.basename(lessonsDir);
	return Promise.all(
		names.map(async (name) => ({file: `${folder}/${name}`, text: await readLessonText(path.join(lessonsDir, name))})),
	);
}

/** A lesson file's text, read no further than one byte past the size limit (parseLesson reports the excess). */
export async function readLessonText(file: string): Promise<string> {
	const handle = await open(file, 'r');
	try {
		const buffer = Buffer.alloc(LESSON_LIMITS.fileBytes + 1);
		let length = 0;
		for (;;) {
			const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length);
			if (bytesRead === 0) break;
			length += bytesRead;
			if (length === buffer.length) break;
		}
		return buffer.subarray(0, length).toString('utf8');
	} finally {
		await handle.close();
	}
}

/** Whether a package-relative path exists next to the lessons folder (the package root). */
export function packageExists(lessonsDir: string): (assetPath: string) => boolean {
	const root = path.dirname(path.resolve(lessonsDir));
	return (assetPath) => existsSync(path.join(root, assetPath));
}

/**
 * Loads and lints every lesson of a folder. A catalog that loads is one that lints clean:
 * any problem throws a LessonCatalogError listing all of them.
 */
export async function loadCatalog(lessonsDir: string): Promise<Catalog> {
	const results: ParseResult[] = (await readLessonSources(lessonsDir)).map((s) => parseLesson(s.text, s.file));
	const problems = lintLessons(results, packageExists(lessonsDir));
	if (problems.length > 0) throw new LessonCatalogError(problems);
	const lessons = results.flatMap((r) => (r.lesson ? [r.lesson] : [])).sort((a, b) => a.order - b.order);
	return {lessons};
}

/** The core lessons (not optional), in order: the catch-up chain. */
export function coreLessons(catalog: Catalog): Lesson[] {
	return catalog.lessons.filter((l) => !l.optional);
}

/** A lesson by id or number (`04`, `4`). */
export function findLesson(catalog: Catalog, idOrNumber: string): Lesson | undefined {
	const wanted = idOrNumber.trim();
	if (/^\d+$/.test(wanted)) return catalog.lessons.find((l) => l.order === Number(wanted));
	return catalog.lessons.find((l) => l.id === wanted);
}
