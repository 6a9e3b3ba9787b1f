import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {readLessonSources} from './catalog.js';
import {LESSON_CACHE_SCHEMA, lessonHash, type LessonCache} from './lesson-cache.js';
import {parseLesson} from './parse-lesson.js';

/** Parses every lesson of a folder into a cache; files with problems are left out (they are parsed, and reported, at run time). */
export async function buildLessonCache(lessonsDir: string): Promise<LessonCache> {
	const lessons: Record<string, LessonCache['lessons'][string]> = {};
	for (const {file, text} of await readLessonSources(lessonsDir)) {
		const result = parseLesson(text, file);
		if (result.lesson && result.problems.length === 0) lessons[path.basename(file)] = {sha256: lessonHash(text), lesson: result.lesson};
	}
	return {schema: LESSON_CACHE_SCHEMA, lessons};
}

/** Build step (scripts/build.mjs): writes the cache of the package's own lessons. */
export async function writeLessonCache(lessonsDir: string, file: string): Promise<number> {
	const cache = await buildLessonCache(lessonsDir);
	await writeFile(file, JSON.stringify(cache));
	return Object.keys(cache.lessons).length;
}
