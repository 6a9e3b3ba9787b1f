import type {Lesson} from '../../lessons/model.js';
import type {ProgressPosition} from '../../state/progress.js';

/** A place in the curriculum: a lesson id and a step index within it (as progress stores it). */
export type Position = ProgressPosition;

function orderOf(lessons: readonly Lesson[], id: string): number {
	return lessons.find((l) => l.id === id)?.order ?? -Infinity;
}

/** Curriculum order of two positions: negative when `a` comes first. */
export function comparePositions(lessons: readonly Lesson[], a: Position, b: Position): number {
	return orderOf(lessons, a.lesson) - orderOf(lessons, b.lesson) || a.step - b.step;
}

/** The step after `at` in the same lesson, or undefined on its last step. */
export function nextStep(lessons: readonly Lesson[], at: Position): Position | undefined {
	const lesson = lessons.find((l) => l.id === at.lesson);
	return lesson && at.step + 1 < lesson.steps.length ? {lesson: at.lesson, step: at.step + 1} : undefined;
}

/** The lesson after `id` in curriculum order (optional ones included). */
export function nextLesson(lessons: readonly Lesson[], id: string): Lesson | undefined {
	const i = lessons.findIndex((l) => l.id === id);
	return i >= 0 ? lessons[i + 1] : undefined;
}

export function previousLesson(lessons: readonly Lesson[], id: string): Lesson | undefined {
	const i = lessons.findIndex((l) => l.id === id);
	return i > 0 ? lessons[i - 1] : undefined;
}

/** Where the lab is assumed to be when progress never recorded it: before the first core lesson. */
export function startOfCurriculum(lessons: readonly Lesson[]): Position | undefined {
	const first = lessons.find((l) => !l.optional) ?? lessons[0];
	return first ? {lesson: first.id, step: 0} : undefined;
}
