import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {BackendChoice} from '../backends/choices.js';
import {LAB_KINDS, type LabKind} from '../core/backend-kind.js';
import {cachedLesson, LESSON_CACHE_PATH, readLessonCache} from '../lessons/lesson-cache.js';
import type {Lesson} from '../lessons/model.js';
import {emptyProgress, PROGRESS_SCHEMA, type CurrentPosition, type Progress} from '../state/progress.js';

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

/**
 * Which lab's progress the first frame follows, before the backend is chosen (`auto` probes
 * Docker and kind, which can take seconds): the lab the choice names, else the one the learner
 * used last (newest progress file), else the simulator's. The frame after the choice corrects it.
 */
export function likelyLab(choice: BackendChoice, modified: Readonly<Partial<Record<LabKind, number>>>): LabKind {
	if (choice === 'sim') return 'sim';
	// Any other choice uses attached clusters while they are attached.
	const candidates: readonly LabKind[] = choice === 'kind' ? ['kind', 'attached'] : LAB_KINDS;
	const newest = candidates.filter((lab) => modified[lab] !== undefined).sort((a, b) => modified[b]! - modified[a]!)[0];
	return newest ?? (choice === 'kind' ? 'kind' : 'sim');
}

/**
 * Where a progress file says the learner is, read without its validator (zod loads after the
 * first frame): only a well-formed `current` of the current schema, else the start. The full,
 * validated progress replaces it a moment later.
 */
export function previewPosition(text: string): CurrentPosition | undefined {
	try {
		const data = JSON.parse(text) as {schema?: unknown; current?: Partial<Record<keyof CurrentPosition, unknown>>} | null;
		const current = data?.schema === PROGRESS_SCHEMA ? data.current : undefined;
		if (typeof current?.lesson !== 'string' || (current.screen !== 'intro' && current.screen !== 'step')) return undefined;
		if (current.step !== undefined && typeof current.step !== 'string') return undefined;
		return {lesson: current.lesson, screen: current.screen, ...(current.step === undefined ? {} : {step: current.step})};
	} catch {
		return undefined;
	}
}

/** The progress the first frame shows for a lab: its saved position only (results follow with the validated file). */
export async function previewProgress(file: string, lab: LabKind): Promise<Progress> {
	const text = await readFile(file, 'utf8').catch(() => '');
	const current = previewPosition(text);
	return {...emptyProgress(lab), ...(current ? {current} : {})};
}

/** When each lab's progress file was last written (labs without one are left out). */
export async function progressTimes(progressFile: (lab: LabKind) => string): Promise<Partial<Record<LabKind, number>>> {
	const times = await Promise.all(LAB_KINDS.map((lab) => stat(progressFile(lab)).then((s) => s.mtimeMs, () => undefined)));
	return Object.fromEntries(LAB_KINDS.flatMap((lab, i) => (times[i] === undefined ? [] : [[lab, times[i]]])));
}
