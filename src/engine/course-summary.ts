import type {Lesson, Step} from '../lessons/model.js';
import {lessonProgress, type Progress} from '../state/progress.js';
import {inOrder, notRunnable} from './curriculum.js';

/** A core lesson with checks that neither passed nor were left out by the lab (see `CourseSummary.unfinished`). */
export interface UnfinishedLesson {
	readonly lesson: Lesson;
	/** Its checks (and questions) still open, of which `skipped` the learner skipped. */
	readonly open: number;
	readonly skipped: number;
}

/** What the end-of-course screen reports, counted from progress over the core lessons this lab runs. */
export interface CourseSummary {
	/** Steps with a check or a question that passed (ever: a later rebuild of the lab does not undo a pass), of all such steps. */
	readonly checksPassed: number;
	readonly checks: number;
	/** Checks the learner skipped. */
	readonly skipped: number;
	/** Checks this lab cannot run (live-only steps on the simulator): left out for the lab's reason, not the learner's. */
	readonly notOnThisLab: number;
	/** Lessons with open checks, in course order: the course is complete only when there are none. */
	readonly unfinished: readonly UnfinishedLesson[];
	readonly complete: boolean;
	/** Hint rungs shown, those that come with a failed check included (progress does not tell them apart). */
	readonly hintsShown: number;
	readonly solutionsShown: number;
	/** From the first step opened to the latest core lesson completed (wall time, breaks included); undefined when unknown. */
	readonly elapsedMs?: number;
	/** Advanced lessons, offered apart: they need live clusters. */
	readonly advanced: readonly Lesson[];
}

/** A step with a check or a question: what "checks passed" counts. */
const isChecked = (step: Step) => step.check.length > 0 || step.quiz !== undefined;

/** Pure: see `CourseSummary`. */
export function courseSummary(lessons: readonly Lesson[], progress: Progress): CourseSummary {
	// Lessons this lab does not run (on attached clusters, those needing the tutorial's own lab) are not part of its course.
	const scope = {attached: progress.backend === 'attached'};
	const core = inOrder(lessons).filter((l) => !l.optional && notRunnable(l, scope) === undefined);
	let checks = 0;
	let checksPassed = 0;
	let skipped = 0;
	let notOnThisLab = 0;
	let hintsShown = 0;
	let solutionsShown = 0;
	let finished = Number.NaN;
	const unfinished: UnfinishedLesson[] = [];
	for (const lesson of core) {
		const done = lessonProgress(progress, lesson.id);
		let open = 0;
		let skippedHere = 0;
		for (const step of lesson.steps.filter(isChecked)) {
			checks++;
			if (done.passed.includes(step.id)) checksPassed++;
			// The simulator skips a live-only step by itself (engine `skipReason`): it cannot pass there.
			else if (step.liveOnly && progress.backend === 'sim') notOnThisLab++;
			else {
				open++;
				if (done.skipped.includes(step.id)) skippedHere++;
			}
		}
		skipped += skippedHere;
		if (open > 0) unfinished.push({lesson, open, skipped: skippedHere});
		hintsShown += Object.values(done.hints).reduce((sum, n) => sum + n, 0);
		solutionsShown += done.solutions.length;
		if (done.completedAt) finished = Math.max(Number.isFinite(finished) ? finished : -Infinity, Date.parse(done.completedAt));
	}
	const started = progress.startedAt ? Date.parse(progress.startedAt) : Number.NaN;
	const elapsedMs = Number.isFinite(started) && Number.isFinite(finished) ? Math.max(0, finished - started) : undefined;
	return {
		checksPassed,
		checks,
		skipped,
		notOnThisLab,
		unfinished,
		complete: unfinished.length === 0,
		hintsShown,
		solutionsShown,
		elapsedMs,
		advanced: inOrder(lessons).filter((l) => l.optional),
	};
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
