import {notRunnable, runnableLessons} from '../engine/curriculum.js';
import type {Lesson} from '../lessons/model.js';

export interface AttachedCurriculum {
	/** Lessons that run on attached clusters, in order. */
	readonly runs: readonly Lesson[];
	/** Lessons that need the tutorial's own lab, each with the reason shown to the learner. */
	readonly skipped: readonly {readonly lesson: Lesson; readonly reason: string}[];
}

const ATTACHED = {attached: true} as const;

/** Which lessons run on attached clusters: every one that does not declare `ownLab`. Pure. */
export function attachedCurriculum(lessons: readonly Lesson[]): AttachedCurriculum {
	return {
		runs: runnableLessons(lessons, ATTACHED),
		skipped: lessons.flatMap((lesson) => {
			const reason = notRunnable(lesson, ATTACHED);
			return reason === undefined ? [] : [{lesson, reason}];
		}),
	};
}

/**
 * The lessons `verify` runs on attached clusters: the ones asked for (every core lesson when none
 * is), less those that need the tutorial's own lab, which are reported as skipped. Pure.
 */
export function attachedSelection(lessons: readonly Lesson[], requested: readonly string[]): {readonly ids: readonly string[]; readonly skipped: AttachedCurriculum['skipped']} {
	const wanted = requested.length === 0 ? lessons.filter((l) => !l.optional) : lessons.filter((l) => requested.includes(l.id));
	const {runs, skipped} = attachedCurriculum(wanted);
	return {ids: runs.map((l) => l.id), skipped};
}
