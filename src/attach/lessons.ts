import type {Lesson} from '../lessons/model.js';

export interface AttachedCurriculum {
	/** Lessons that run on attached clusters, in order. */
	readonly runs: readonly Lesson[];
	/** Lessons that need the tutorial's own lab, each with the reason shown to the learner. */
	readonly skipped: readonly {readonly lesson: Lesson; readonly reason: string}[];
}

/** Which lessons run on attached clusters: every one that does not declare `ownLab`. Pure. */
export function attachedCurriculum(lessons: readonly Lesson[]): AttachedCurriculum {
	return {
		runs: lessons.filter((l) => l.ownLab === undefined),
		skipped: lessons.flatMap((lesson) => (lesson.ownLab === undefined ? [] : [{lesson, reason: `needs the tutorial's own lab: ${lesson.ownLab}`}])),
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
