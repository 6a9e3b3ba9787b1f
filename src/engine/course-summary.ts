import type {Lesson} from '../lessons/model.js';
import {lessonProgress, type Progress} from '../state/progress.js';
import {inOrder} from './curriculum.js';

/** What the course-complete screen reports, counted from progress over the core lessons. */
export interface CourseSummary {
	/** Steps with a check or a question that passed, of all such steps. */
	readonly checksPassed: number;
	readonly checks: number;
	readonly skipped: number;
	readonly hintsUsed: number;
	readonly solutionsShown: number;
	/** From the first step opened to the latest core lesson completed (wall time, breaks included); undefined when unknown. */
	readonly elapsedMs?: number;
	/** Advanced lessons, offered apart: they need live clusters. */
	readonly advanced: readonly Lesson[];
}

/** Pure: see `CourseSummary`. */
export function courseSummary(lessons: readonly Lesson[], progress: Progress): CourseSummary {
	const core = inOrder(lessons).filter((l) => !l.optional);
	let checks = 0;
	let checksPassed = 0;
	let skipped = 0;
	let hintsUsed = 0;
	let solutionsShown = 0;
	let finished = Number.NaN;
	for (const lesson of core) {
		const done = lessonProgress(progress, lesson.id);
		for (const step of lesson.steps) {
			if (step.check.length === 0 && !step.quiz) continue;
			checks++;
			if (done.passed.includes(step.id)) checksPassed++;
			else if (done.skipped.includes(step.id)) skipped++;
		}
		hintsUsed += Object.values(done.hints).reduce((sum, n) => sum + n, 0);
		solutionsShown += done.solutions.length;
		if (done.completedAt) finished = Math.max(Number.isFinite(finished) ? finished : -Infinity, Date.parse(done.completedAt));
	}
	const started = progress.startedAt ? Date.parse(progress.startedAt) : Number.NaN;
	const elapsedMs = Number.isFinite(started) && Number.isFinite(finished) ? Math.max(0, finished - started) : undefined;
	return {checksPassed, checks, skipped, hintsUsed, solutionsShown, elapsedMs, advanced: inOrder(lessons).filter((l) => l.optional)};
}

/** "2 h 05 min", "12 min", "less than a minute". */
export function describeDuration(ms: number): string {
	const minutes = Math.floor(ms / 60_000);
	if (minutes < 1) return 'less than a minute';
	if (minutes < 60) return `${minutes} min`;
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const rest = String(minutes % 60).padStart(2, '0');
	return days > 0 ? `${days} d ${hours} h` : `${hours} h ${rest} min`;
}
