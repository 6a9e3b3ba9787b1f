import {describe, expect, it} from 'vitest';
import {judgeQuiz} from '../../src/checks/quiz.js';
import type {Quiz} from '../../src/lessons/model.js';

const quiz = (...correct: boolean[]): Quiz => ({question: 'Why?', choices: correct.map((c, i) => ({text: `choice ${i + 1}`, correct: c}))});

describe('judgeQuiz', () => {
	it('says what was expected and what the pick was, numbered as the screen numbers choices, without giving the answer away', () => {
		const single = quiz(false, true, false, false);
		expect(judgeQuiz(single, [1])).toEqual({pass: true, expected: 'the one right choice of 4', observed: 'picked 2'});
		expect(judgeQuiz(single, [2])).toEqual({pass: false, expected: 'the one right choice of 4', observed: 'picked 3: not the right one'});
		expect(judgeQuiz(single, [])).toMatchObject({pass: false, observed: 'picked nothing'});
	});

	it('a multi-answer question: how many of the picks were right, and that no other may be picked', () => {
		const multi = quiz(true, true, false, false);
		expect(judgeQuiz(multi, [1, 0])).toEqual({pass: true, expected: 'the 2 right choices of 4, and no other', observed: 'picked 1, 2'});
		expect(judgeQuiz(multi, [0])).toMatchObject({pass: false, observed: 'picked 1: 1 right'});
		expect(judgeQuiz(multi, [0, 2, 3])).toMatchObject({pass: false, observed: 'picked 1, 3, 4: 1 right, 2 not'});
	});
});
