import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {cachedLesson, LESSON_CACHE_PATH, readLessonCache} from '../../src/lessons/lesson-cache.js';
import {buildLessonCache, writeLessonCache} from '../../src/lessons/write-lesson-cache.js';
import {firstLesson, lessonLocations} from '../../src/tui/first-lesson.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LESSONS = path.join(ROOT, 'lessons');
const temps: string[] = [];
const tempDir = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cmt-lesson-cache-'));
	temps.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** A copy of the package's lessons with its cache, as a build leaves them. */
async function builtCopy(): Promise<{lessonsDir: string; cacheFile: string}> {
	const root = tempDir();
	const lessonsDir = path.join(root, 'lessons');
	cpSync(LESSONS, lessonsDir, {recursive: true});
	const cacheFile = path.join(root, 'lessons.json');
	await writeLessonCache(lessonsDir, cacheFile);
	return {lessonsDir, cacheFile};
}

describe('the pre-parsed lesson cache', () => {
	it('holds every lesson exactly as the parser reads it, through JSON', async () => {
		const {lessonsDir, cacheFile} = await builtCopy();
		const cache = await readLessonCache(cacheFile);
		const names = readdirSync(lessonsDir).filter((n) => n.endsWith('.md') && n !== 'README.md');
		expect(Object.keys(cache?.lessons ?? {}).sort()).toEqual(names.sort());
		for (const name of names) {
			const text = readFileSync(path.join(lessonsDir, name), 'utf8');
			expect(cachedLesson(cache, name, text)).toEqual(parseLesson(text, `lessons/${name}`).lesson);
		}
	});

	it('is stale for a lesson edited since the build: the edit is parsed and shown', async () => {
		const {lessonsDir, cacheFile} = await builtCopy();
		const cache = await readLessonCache(cacheFile);
		const name = readdirSync(lessonsDir).filter((n) => /^\d+-.*\.md$/.test(n)).sort()[0]!;
		const file = path.join(lessonsDir, name);
		const edited = readFileSync(file, 'utf8').replace(/^(# .*\n)/m, '$1\nA sentence an author just added.\n');
		writeFileSync(file, edited);
		expect(cachedLesson(cache, name, edited)).toBeUndefined();
		expect(edited).toContain('A sentence an author just added.');
		expect((await firstLesson(lessonsDir, undefined, cacheFile))?.intro).toContain('A sentence an author just added.');
	});

	it('serves an unchanged lesson without parsing it', async () => {
		const {lessonsDir, cacheFile} = await builtCopy();
		// A marker only the cache has: the parser would have read the file's own title.
		const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
		const name = Object.keys(cache.lessons).sort()[1]!;
		cache.lessons[name].lesson.title = 'from the cache';
		writeFileSync(cacheFile, JSON.stringify(cache));
		const id = cache.lessons[name].lesson.id;
		expect((await firstLesson(lessonsDir, id, cacheFile))?.title).toBe('from the cache');
		expect((await firstLesson(lessonsDir, id, undefined))?.title).not.toBe('from the cache');
	});

	it('is ignored when missing, damaged or of another format', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'lessons.json');
		expect(await readLessonCache(file)).toBeUndefined();
		for (const content of ['{"schema":1,"lessons":', 'null', '{"schema":2,"lessons":{}}', '{"schema":1}']) {
			writeFileSync(file, content);
			expect(await readLessonCache(file)).toBeUndefined();
		}
		const {lessonsDir} = await builtCopy();
		writeFileSync(file, '{"schema":1,"lessons":');
		expect((await firstLesson(lessonsDir, undefined, file))?.id).toBe('welcome');
	});

	it('leaves out a lesson with problems, which the catalog then reports', async () => {
		const dir = tempDir();
		cpSync(path.join(LESSONS, readdirSync(LESSONS).filter((n) => /^00-/.test(n))[0]!), path.join(dir, '00-welcome.md'));
		writeFileSync(path.join(dir, '01-broken.md'), '---\ntitle: no id\n---\n');
		const cache = await buildLessonCache(dir);
		expect(Object.keys(cache.lessons)).toEqual(['00-welcome.md']);
	});

	it('applies to the package lessons only, never to a CLUSTERMESH_TUTOR_LESSONS folder', () => {
		const own = lessonLocations({env: {}, cwd: '/work', root: '/pkg'});
		expect(own).toEqual({lessonsDir: path.join('/pkg', 'lessons'), cacheFile: path.join('/pkg', LESSON_CACHE_PATH)});
		const preview = lessonLocations({env: {CLUSTERMESH_TUTOR_LESSONS: 'drafts'}, cwd: '/work', root: '/pkg'});
		expect(preview).toEqual({lessonsDir: path.join('/work', 'drafts')});
	});

	it('is written by the build for every package lesson', async () => {
		const built = path.join(ROOT, LESSON_CACHE_PATH);
		expect(existsSync(built), 'npm test builds dist/ first').toBe(true);
		const cache = await readLessonCache(built);
		for (const name of readdirSync(LESSONS).filter((n) => n.endsWith('.md') && n !== 'README.md')) {
			expect(cachedLesson(cache, name, readFileSync(path.join(LESSONS, name), 'utf8')), name).toBeDefined();
		}
	});
});
