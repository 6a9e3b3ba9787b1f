import {rm} from 'node:fs/promises';
import {z} from 'zod';
import type {BackendKind} from '../backends/backend.js';
import {readJsonFile, writeJsonAtomic} from './json-file.js';

const LessonProgressSchema = z.object({
	/** Step ids whose check passed. */
	passed: z.array(z.string()),
	/** Step ids the learner explicitly skipped. */
	skipped: z.array(z.string()),
	/** Hints revealed per step id. */
	hints: z.record(z.string(), z.number().int().min(0)),
	/** Step ids whose solution was shown. */
	solutions: z.array(z.string()),
	completedAt: z.string().optional(),
});

export const ProgressSchema = z.object({
	schema: z.literal(1),
	backend: z.enum(['sim', 'kind']),
	/** Where the learner is: lesson id and step index. */
	current: z.object({lesson: z.string(), step: z.number().int().min(0)}).optional(),
	/**
	 * Where the lab is: just before this step (passing a check, catch-up and reset move it).
	 * Kept apart from `current` because the learner may page back while the lab stays ahead.
	 */
	lab: z.object({lesson: z.string(), step: z.number().int().min(0)}).optional(),
	lessons: z.record(z.string(), LessonProgressSchema),
	updatedAt: z.string(),
});

export type Progress = z.infer<typeof ProgressSchema>;
export type LessonProgress = z.infer<typeof LessonProgressSchema>;

export function emptyProgress(backend: BackendKind, now = new Date()): Progress {
	return {schema: 1, backend, lessons: {}, updatedAt: now.toISOString()};
}

export function lessonProgress(progress: Progress, lessonId: string): LessonProgress {
	return progress.lessons[lessonId] ?? {passed: [], skipped: [], hints: {}, solutions: []};
}

function updateLesson(
	progress: Progress,
	lessonId: string,
	change: (lesson: LessonProgress) => LessonProgress,
	now: Date,
): Progress {
	return {
		...progress,
		lessons: {...progress.lessons, [lessonId]: change(lessonProgress(progress, lessonId))},
		updatedAt: now.toISOString(),
	};
}

const addOnce = (list: readonly string[], id: string) => (list.includes(id) ? [...list] : [...list, id]);

export function moveTo(progress: Progress, lesson: string, step: number, now = new Date()): Progress {
	return {...progress, current: {lesson, step}, updatedAt: now.toISOString()};
}

/** Records where the lab now is (see `lab` in the schema). */
export function moveLab(progress: Progress, lesson: string, step: number, now = new Date()): Progress {
	return {...progress, lab: {lesson, step}, updatedAt: now.toISOString()};
}

export function markPassed(progress: Progress, lessonId: string, stepId: string, now = new Date()): Progress {
	return updateLesson(
		progress,
		lessonId,
		(l) => ({...l, passed: addOnce(l.passed, stepId), skipped: l.skipped.filter((s) => s !== stepId)}),
		now,
	);
}

export function markSkipped(progress: Progress, lessonId: string, stepId: string, now = new Date()): Progress {
	return updateLesson(progress, lessonId, (l) => ({...l, skipped: addOnce(l.skipped, stepId)}), now);
}

export function recordHint(progress: Progress, lessonId: string, stepId: string, shown: number, now = new Date()): Progress {
	return updateLesson(
		progress,
		lessonId,
		(l) => ({...l, hints: {...l.hints, [stepId]: Math.max(l.hints[stepId] ?? 0, shown)}}),
		now,
	);
}

export function recordSolution(progress: Progress, lessonId: string, stepId: string, now = new Date()): Progress {
	return updateLesson(progress, lessonId, (l) => ({...l, solutions: addOnce(l.solutions, stepId)}), now);
}

export function markCompleted(progress: Progress, lessonId: string, now = new Date()): Progress {
	return updateLesson(progress, lessonId, (l) => ({...l, completedAt: l.completedAt ?? now.toISOString()}), now);
}

/** Forgets one lesson's step results (after `r` resets its lab state). */
export function clearLesson(progress: Progress, lessonId: string, now = new Date()): Progress {
	const lessons = {...progress.lessons};
	delete lessons[lessonId];
	return {...progress, lessons, updatedAt: now.toISOString()};
}

/** A step counts as done when it passed or was explicitly skipped. */
export function isStepDone(progress: Progress, lessonId: string, stepId: string): boolean {
	const l = lessonProgress(progress, lessonId);
	return l.passed.includes(stepId) || l.skipped.includes(stepId);
}

export async function loadProgress(file: string, backend: BackendKind): Promise<Progress> {
	const stored = await readJsonFile(file, ProgressSchema);
	return stored ?? emptyProgress(backend);
}

export async function saveProgress(file: string, progress: Progress): Promise<void> {
	await writeJsonAtomic(file, progress);
}

export async function deleteProgress(file: string): Promise<void> {
	await rm(file, {force: true});
}
