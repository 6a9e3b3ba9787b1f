import type {Quiz} from '../lessons/model.js';

export interface QuizVerdict {
	readonly pass: boolean;
	readonly expected: string;
	readonly observed: string;
}

/** A choice as the learner sees it numbered, in the TUI and in `verify --json`: 1 for the first. */
export const choiceNumber = (index: number): string => String(index + 1);

/** The indexes of the correct choices, e.g. [1] (shown as choice 2). */
export function correctChoices(quiz: Quiz): number[] {
	return quiz.choices.flatMap((c, i) => (c.correct ? [i] : []));
}

/** A quiz passes when exactly the correct choices were picked. */
export function judgeQuiz(quiz: Quiz, chosen: readonly number[]): QuizVerdict {
	const correct = correctChoices(quiz);
	const picked = [...new Set(chosen)].sort((a, b) => a - b);
	const pass = picked.length === correct.length && picked.every((c, i) => c === correct[i]);
	const names = (list: readonly number[]) => (list.length > 0 ? list.map(choiceNumber).join(', ') : 'nothing');
	return {
		pass,
		expected: correct.length === 1 ? 'the one correct answer' : `all ${correct.length} correct answers`,
		observed: `picked ${names(picked)}`,
	};
}
