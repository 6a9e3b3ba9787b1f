import {TutorError} from '../core/errors.js';
import type {SourceRef} from './model.js';

/** Something wrong in a lesson file, located by file and 1-based line. */
export interface LessonProblem extends SourceRef {
	readonly message: string;
	/** Other places the problem involves (e.g. the previous lesson of a broken chain). */
	readonly related?: readonly SourceRef[];
}

export function formatProblem(problem: LessonProblem): string {
	return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** Orders problems by file, then line, so reports read top to bottom. */
export function sortProblems(problems: readonly LessonProblem[]): LessonProblem[] {
	return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Thrown when lessons cannot be loaded; lists every problem, not just the first. */
export class LessonCatalogError extends TutorError {
	constructor(readonly problems: readonly LessonProblem[]) {
		const lines = sortProblems(problems).map((p) => `  ${formatProblem(p)}`);
		super(
			`${problems.length} problem(s) in the lessons:\n${lines.join('\n')}`,
			undefined,
			'run `clustermesh-tutor lessons lint` for the full report',
		);
		this.name = 'LessonCatalogError';
	}
}
