import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {cachedLesson, LESSON_CACHE_PATH, readLessonCache} from '../lessons/lesson-cache.js';
import type {Lesson} from '../lessons/model.js';

/** Lesson authors can preview another folder of lessons in the TUI. */
const LESSONS_ENV = 'CLUSTERMESH_TUTOR_LESSONS';

/** The lessons folder the TUI shows, and the build's pre-parsed cache when it applies to it. */
export function lessonLocations(ctx: {readonly env: NodeJS.ProcessEnv; readonly cwd: string; readonly root: string}): {lessonsDir: string; cacheFile?: string} {
	const override = ctx.env[LESSONS_ENV];
	// The cache describes the package's own lessons only.
	if (override) return {lessonsDir: path.resolve(ctx.cwd, override)};
	return {lessonsDir: path.join(ctx.root, 'lessons'), cacheFile: path.join(ctx.root, LESSON_CACHE_PATH)};
}

/**
 * The lesson the learner is on (or the first one), alone: lesson files are named
 * `NN-<id>.md` (lessons/README.md). Taken from the build's pre-parsed cache when the file is
 * unchanged since the build, so the parser (zod, yaml, marked's lexer) loads after the first
 * lesson is drawn; parsed otherwise. Undefined when that file cannot tell, or has problems:
 * the whole catalog, loaded next, reports them.
 */
export async function firstLesson(lessonsDir: string, id: string | undefined, cacheFile: string | undefined): Promise<Lesson | undefined> {
	const [names, cache] = await Promise.all([readdir(lessonsDir), cacheFile ? readLessonCache(cacheFile) : undefined]);
	const sorted = names.filter((n) => /^\d+-[a-z0-9-]+\.md$/.test(n)).sort();
	const name = id ? sorted.find((n) => n.replace(/^\d+-/, '') === `${id}.md`) : sorted[0];
	if (!name) return undefined;
	const text = await readFile(path.join(lessonsDir, name), 'utf8');
	let lesson = cachedLesson(cache, name, text);
	if (!lesson) {
		const {parseLesson} = await import('../lessons/parse-lesson.js');
		const result = parseLesson(text, `${path.basename(lessonsDir)}/${name}`);
		if (result.problems.length > 0) return undefined;
		lesson = result.lesson;
	}
	return lesson?.optional ? undefined : lesson;
}
