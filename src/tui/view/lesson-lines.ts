import {correctChoices, isMultiAnswer} from '../../checks/quiz.js';
import type {Lesson, LessonCommand, Step} from '../../lessons/model.js';
import type {Progress} from '../../state/progress.js';
import {MARKS, theme} from '../components/theme.js';
import type {MarkdownRenderer} from '../markdown/render-markdown.js';
import {stepMark, type StepMark} from '../store/session-state.js';
import {inlineMarkdown} from '../text/inline-markdown.js';
import {fitAll, fitRows} from '../text/wrap.js';
import {commandBlock} from './command-block.js';
import {MIN_PROSE} from './layout.js';
import {scrollWindow, type ScrollWindow} from './scroll-window.js';

export interface StepLinesInput {
	readonly step: Step;
	readonly width: number;
	readonly markdown: MarkdownRenderer;
	/** Index of the running command (▶), if one runs. */
	readonly activeCommand?: number;
	readonly solutionShown: boolean;
	readonly quizPicks: readonly number[];
	/** The right answer may be shown (answered right, revealed with s, or after enough tries): mark the correct choices. */
	readonly quizRevealed: boolean;
	/** Why the step cannot run on this backend. */
	readonly skipReason?: string;
}

/**
 * The step text in three parts, every line already fitted to the width (one line, one row):
 * prose that scrolls, the notices pinned under it, and the actions (see `paneParts`).
 */
export interface StepText {
	readonly prose: readonly string[];
	/** What the learner must see to go on (a live-only step's skip sentence): always in view. */
	readonly notices: readonly string[];
	/** Its commands, a question's choices, the revealed solution: in view while the learner is about to act. */
	readonly actions: readonly string[];
}

/** The step pane as `paneLines` draws it: prose that scrolls, and what stays in view under it. */
export interface PaneParts {
	readonly prose: readonly string[];
	readonly actions: readonly string[];
}

/** Two blocks of lines, a blank line between them when both have some. */
const joined = (a: readonly string[], b: readonly string[]) => (a.length > 0 && b.length > 0 ? [...a, '', ...b] : [...a, ...b]);

/**
 * Pure: what of the step text stays in view. The notices always; the actions while the
 * learner is about to act (`pinActions`). Once a command ran, its output and verdict are
 * what they read next: the actions then scroll on with the prose, so a step with long
 * commands leaves the rows to the output and the check panel instead of pinning its commands.
 */
export function paneParts(text: StepText, pinActions: boolean): PaneParts {
	return pinActions ? {prose: text.prose, actions: joined(text.notices, text.actions)} : {prose: joined(text.prose, text.actions), actions: text.notices};
}

/** The sentence live-only steps end with on the simulator (learners and tests look for it). */
export const SKIP_SENTENCE = 'Press n to skip this step.';

const sameCommands = (a: readonly LessonCommand[], b: readonly LessonCommand[]) =>
	a.length === b.length && a.every((c, i) => c.command === b[i]?.command && c.target === b[i]?.target);

function commandLines(commands: readonly LessonCommand[], width: number, active?: number): string[] {
	return commands.flatMap((command, i) => commandBlock(command, {width, active: i === active}));
}

function quizLines(input: StepLinesInput): string[] {
	const quiz = input.step.quiz;
	if (!quiz) return [];
	const correct = new Set(correctChoices(quiz));
	const reveal = input.quizRevealed;
	const multi = isMultiAnswer(quiz);
	// The question is often the step's own title, already on screen.
	const lines = quiz.question === input.step.title ? [] : fitAll(input.markdown(quiz.question, input.width), input.width);
	// One right answer: radio buttons; several: checkboxes, and the question says so.
	lines.push(...fitRows(theme.dim(multi ? 'Choose all that apply, then Enter.' : 'Choose one, then Enter.'), input.width));
	quiz.choices.forEach((choice, i) => {
		const picked = input.quizPicks.includes(i);
		const box = multi ? (picked ? theme.info('[x]') : '[ ]') : picked ? theme.info('(•)') : '( )';
		// The mark wraps with the text like a word: never cut off at the pane's edge.
		const mark = reveal && correct.has(i) ? ` ${theme.pass(MARKS.pass)}` : '';
		const number = `${theme.key(String(i + 1))}. `;
		lines.push(...fitRows(`  ${box} ${number}${inlineMarkdown(choice.text.replace(/\s*\n\s*/g, ' '))}${mark}`, input.width, {indent: 9}));
	});
	return lines;
}

/** A live-only step's notice on a backend that cannot run it: the learner must see how to go on. */
function noticeLines(input: StepLinesInput): string[] {
	return input.skipReason ? fitRows(theme.warn(`⚠ Live clusters only: ${input.skipReason}. ${SKIP_SENTENCE}`), input.width, {indent: 2}) : [];
}

function actionLines(input: StepLinesInput): string[] {
	const {step, width} = input;
	const lines: string[] = [];
	const gap = () => {
		if (lines.length > 0) lines.push('');
	};
	if (step.commands.length > 0) lines.push(...commandLines(step.commands, width, input.activeCommand));
	if (step.quiz) {
		gap();
		lines.push(...quizLines(input));
	} else if (step.commands.length === 0 && (step.check.length > 0 || step.solution.length > 0)) {
		gap();
		lines.push(...fitRows(theme.dim('No command is given here: type your own with t (h for hints, s for the solution).'), width));
	}
	if (input.solutionShown && !step.quiz) {
		gap();
		if (step.solution.length === 0 || sameCommands(step.solution, step.commands)) {
			lines.push(...fitRows(theme.dim('Solution: the command(s) above, as given. Enter runs them.'), width));
		} else {
			lines.push(theme.bold('Solution') + theme.dim(step.commands.length === 0 ? ' (Enter runs it)' : ''));
			lines.push(...commandLines(step.solution, width));
		}
	}
	return lines;
}

/**
 * The step pane: prose (markdown at the pane's width, long code lines wrapped too), a
 * live-only notice, and what the learner acts on: the runnable commands in full, a
 * question's choices, the revealed solution.
 */
export function stepText(input: StepLinesInput): StepText {
	const {step, width, markdown} = input;
	const prose = step.prose.trim() ? fitAll(markdown(step.prose, width), width) : [];
	return {prose, notices: noticeLines(input), actions: actionLines(input)};
}

/** The step pane's rows, and how far its prose scrolls. */
export type PaneLines = ScrollWindow;

/**
 * Pure: fits the step pane into `rows`. The actions stay in view; the prose scrolls above
 * them and, when it overflows, its last row says how much more there is and how to scroll.
 * Short prose keeps its actions right under it; long prose pins them to the bottom. When
 * the actions leave the prose no room for a line of text and its marker (a marker alone
 * shows nothing to scroll), the whole text scrolls as one, with the same marker: nothing is cut.
 */
export function paneLines(text: PaneParts, rows: number, scroll: number, how: string): PaneLines {
	const {prose, actions} = text;
	if (actions.length + Math.min(prose.length, MIN_PROSE) > rows) return scrollWindow(joined(prose, actions), rows, scroll, how);
	// A blank row between prose and actions, unless the prose is down to a single row.
	const gap = actions.length > 0 && prose.length > 0 && rows - actions.length >= 3 ? 1 : 0;
	const window = scrollWindow(prose, Math.max(0, rows - actions.length - gap), scroll, how);
	return {...window, lines: [...window.lines, ...(gap ? [''] : []), ...actions]};
}

/** Whether a step has an output pane: it runs something (a question or a reading step does not). */
export function runsCommands(step: Step): boolean {
	return !step.quiz && (step.commands.length > 0 || step.solution.length > 0 || step.check.length > 0);
}

/** Each step mark's glyph, in the intro's list of steps. */
const STEP_GLYPH: Readonly<Record<StepMark, string>> = {
	passed: theme.pass(MARKS.pass),
	rewound: theme.warn(MARKS.rewound),
	skipped: theme.warn(MARKS.skip),
	todo: theme.dim(MARKS.todo),
};

/** Pure: what a step's title row says of its mark ("✔ passed"; nothing for a step to do). */
export function stepStatus(mark: StepMark): string {
	switch (mark) {
		case 'passed':
			return theme.pass(`  ${MARKS.pass} passed`);
		case 'rewound':
			return theme.warn(`  ${MARKS.rewound} passed · lab rebuilt since`);
		case 'skipped':
			return theme.warn(`  ${MARKS.skip} skipped`);
		case 'todo':
			return '';
	}
}

export interface IntroLinesInput {
	readonly lesson: Lesson;
	readonly lessons: readonly Lesson[];
	readonly progress: Progress;
	readonly width: number;
	readonly markdown: MarkdownRenderer;
}

/** A lesson's intro: summary, intro prose, and its steps with progress marks. */
export function introLines(input: IntroLinesInput): string[] {
	const {lesson, width} = input;
	const lines = fitRows(theme.dim(lesson.summary), width);
	if (lesson.intro.trim()) lines.push('', ...fitAll(input.markdown(lesson.intro, width), width));
	lines.push('', theme.bold(`Steps (${lesson.steps.length})`));
	lesson.steps.forEach((step, i) => {
		const glyph = STEP_GLYPH[stepMark(input, {lesson: lesson.id, step: i})];
		lines.push(...fitRows(`  ${glyph} ${String(i + 1).padStart(2)}. ${inlineMarkdown(step.title)}${step.quiz ? theme.dim('  (question)') : ''}`, width, {indent: 8}));
	});
	return lines;
}
