import type {LabKind} from '../core/backend-kind.js';

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

/**
 * A place in the curriculum as progress stores it: a lesson id and the id of the step it is
 * just before. Step ids, not indexes, so a lesson that gains a step keeps every saved place
 * (curriculum.ts converts to and from the engine's index positions).
 */
export interface ProgressPosition {
	readonly lesson: string;
	/** The step's id; absent: after the lesson's last step. */
	readonly step?: string;
}

/** Where the learner is: a place and whether the lesson's intro or the step is on screen. */
export interface CurrentPosition extends ProgressPosition {
	readonly screen: 'intro' | 'step';
}

/** The progress file's version: 2 stores step ids in positions (1 stored indexes, see progress-v1-steps.ts). */
export const PROGRESS_SCHEMA = 2;

/** The learner's progress on one backend (versioned; stored by progress-file.ts). */
export interface Progress {
	readonly schema: typeof PROGRESS_SCHEMA;
	readonly backend: LabKind;
	/** Where the learner is. */
	readonly current?: CurrentPosition;
	/**
	 * Where the lab is: just before this step (passing a check, catch-up and reset move it).
	 * Kept apart from `current` because the learner may page back while the lab stays ahead.
	 */
	readonly lab?: ProgressPosition;
	readonly lessons: Readonly<Record<string, LessonProgress>>;
	/** When the learner first opened a step (for the time the course-complete screen reports). */
	readonly startedAt?: string;
	readonly updatedAt: string;
}

export function emptyProgress(backend: LabKind, now = new Date()): Progress {
	return {schema: PROGRESS_SCHEMA, backend, lessons: {}, updatedAt: now.toISOString()};
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

export function moveTo(progress: Progress, at: CurrentPosition, now = new Date()): Progress {
	const startedAt = progress.startedAt ?? (at.screen === 'step' ? now.toISOString() : undefined);
	return {...progress, current: at, ...(startedAt ? {startedAt} : {}), updatedAt: now.toISOString()};
}

/** Records where the lab now is (see `lab` in the schema). */
export function moveLab(progress: Progress, at: ProgressPosition, now = new Date()): Progress {
	return {...progress, lab: at, updatedAt: now.toISOString()};
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

/** Forgets one step's results (after `r` rewinds the lab to just before it). */
export function clearStep(progress: Progress, lessonId: string, stepId: string, now = new Date()): Progress {
	const without = (list: readonly string[]) => list.filter((id) => id !== stepId);
	return updateLesson(
		progress,
		lessonId,
		(l) => {
			const hints = {...l.hints};
			delete hints[stepId];
			return {passed: without(l.passed), skipped: without(l.skipped), hints, solutions: without(l.solutions)};
		},
		now,
	);
}
