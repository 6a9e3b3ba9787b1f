import type {BackendKind} from '../core/backend-kind.js';

/** One lesson's results. */
export interface LessonProgress {
	/** Step ids whose check passed. */
	readonly passed: readonly string[];
	/** Step ids the learner explicitly skipped. */
	readonly skipped: readonly string[];
	/** Hints revealed per step id. */
	readonly hints: Readonly<Record<string, number>>;
	/** Step ids whose solution was shown. */
	readonly solutions: readonly string[];
	readonly completedAt?: string;
}

/** A place in the curriculum: a lesson id and a step index. */
export interface ProgressPosition {
	readonly lesson: string;
	readonly step: number;
}

/** The learner's progress on one backend (versioned; stored by progress-file.ts). */
export interface Progress {
	readonly schema: 1;
	readonly backend: BackendKind;
	/** Where the learner is. */
	readonly current?: ProgressPosition;
	/**
	 * Where the lab is: just before this step (passing a check, catch-up and reset move it).
	 * Kept apart from `current` because the learner may page back while the lab stays ahead.
	 */
	readonly lab?: ProgressPosition;
	readonly lessons: Readonly<Record<string, LessonProgress>>;
	readonly updatedAt: string;
}

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
