import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import type {Lesson} from './model.js';

/**
 * Lessons parsed at build time, so the TUI can draw the learner's first lesson without
 * loading the parser (zod, yaml, marked's lexer). Each entry carries the SHA-256 of the
 * file it came from: a lesson edited since the build no longer matches and is parsed as
 * usual, so authors always see their edit. Kept free of parser imports on purpose.
 */
export interface LessonCache {
	readonly schema: typeof LESSON_CACHE_SCHEMA;
	/** By file name in the lessons folder (`03-global-services.md`); only files that parsed without problems. */
	readonly lessons: Readonly<Record<string, {readonly sha256: string; readonly lesson: Lesson}>>;
}

export const LESSON_CACHE_SCHEMA = 1;

/** Where the build writes the cache, relative to the package root. */
export const LESSON_CACHE_PATH = 'dist/lessons.json';

export function lessonHash(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The cache's lesson for a file, only if the file's text is exactly what was parsed. */
export function cachedLesson(cache: LessonCache | undefined, name: string, text: string): Lesson | undefined {
	const entry = cache?.lessons[name];
	return entry && entry.sha256 === lessonHash(text) ? entry.lesson : undefined;
}

/** The cache, or undefined when it is missing, unreadable or from another format (the parser then runs). */
export async function readLessonCache(file: string): Promise<LessonCache | undefined> {
	try {
		const cache = JSON.parse(await readFile(file, 'utf8')) as Partial<LessonCache> | null;
		return cache?.schema === LESSON_CACHE_SCHEMA && typeof cache.lessons === 'object' && cache.lessons !== null ? (cache as LessonCache) : undefined;
	} catch {
		return undefined;
	}
}
