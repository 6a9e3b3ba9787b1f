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

/**
 * A quiz passes when exactly the correct choices were picked. The verdict names the picks
 * without giving the answer away: for a multi-answer question, how many of them were right.
 */
export function judgeQuiz(quiz: Quiz, chosen: readonly number[]): QuizVerdict {
	const correct = correctChoices(quiz);
	const picked = [...new Set(chosen)].sort((a, b) => a - b);
	const pass = picked.length === correct.length && picked.every((c, i) => c === correct[i]);
	const of = `of ${quiz.choices.length}`;
	const expected = correct.length === 1 ? `the one right choice ${of}` : `the ${correct.length} right choices ${of}, and no other`;
	if (picked.length === 0) return {pass, expected, observed: 'picked nothing'};
	const names = `picked ${picked.map(choiceNumber).join(', ')}`;
	if (pass) return {pass, expected, observed: names};
	if (correct.length === 1) return {pass, expected, observed: `${names}: not ${picked.length === 1 ? 'the right one' : 'one only'}`};
	const right = picked.filter((c) => correct.includes(c)).length;
	const wrong = picked.length - right;
	return {pass, expected, observed: `${names}: ${right} right${wrong > 0 ? `, ${wrong} not` : ''}`};
}

/** A question with more than one right answer: its choices are checkboxes ("choose all that apply"). */
export function isMultiAnswer(quiz: Quiz): boolean {
	return correctChoices(quiz).length > 1;
}

/**
 * Pure: the picks after the learner presses a choice's number. A single-answer question acts
 * as radio buttons (the new pick replaces the old one); a multi-answer one toggles the choice.
 */
export function pickChoice(quiz: Quiz, picks: readonly number[], index: number): readonly number[] {
	if (index < 0 || index >= quiz.choices.length) return picks;
	if (!isMultiAnswer(quiz)) return [index];
	return picks.includes(index) ? picks.filter((i) => i !== index) : [...picks, index].sort((a, b) => a - b);
}

/** Wrong answers after which the right one is shown anyway (before that only `s` shows it). */
export const WRONG_TRIES_BEFORE_REVEAL = 3;

/** Pure: whether the right answer (and the explanation) may be shown. */
export function revealsAnswer(state: {readonly passed: boolean; readonly wrongTries: number; readonly solutionShown: boolean}): boolean {
	return state.passed || state.solutionShown || state.wrongTries >= WRONG_TRIES_BEFORE_REVEAL;
}
