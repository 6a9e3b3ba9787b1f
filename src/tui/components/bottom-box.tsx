import {Box} from 'ink';
import type {Target} from '../../core/lab.js';
import {describePlan} from '../../engine/curriculum.js';
import type {Lesson} from '../../lessons/model.js';
import {visibleLine} from '../store/line-editor.js';
import {answerKey, confirmAnswers} from '../keys/confirm-keys.js';
import {type Confirm, type Modal, type TaskPhase} from '../store/session-state.js';
import {fitAll, fitRows, wrapWords} from '../text/wrap.js';
import {PANEL_CHROME_ROWS, panelTextWidth} from '../view/layout.js';
import {Panel} from './panel.js';
import {inkColors, spinnerFrame, theme} from './theme.js';

/** What a confirm asks, in the learner's words (its answers: `confirmAnswers`). */
interface ConfirmText {
	readonly title: string;
	readonly body: string[];
}

/** The answers line: every key the dialog accepts (as the key bar lists them), Enter's answer in bold. */
export function answerKeys(confirm: Confirm): string {
	return confirmAnswers(confirm)
		.map((answer) => `${theme.key(answerKey(answer))} ${answer.enter ? theme.bold(answer.label) : answer.label}`)
		.join(' · ');
}

function confirmText(confirm: Confirm, lessons: readonly Lesson[]): ConfirmText {
	switch (confirm.type) {
		case 'solution':
			// A question has an answer to mark, not commands to run; either way the mark is still earned.
			return confirm.question
				? {
						title: 'Show the answer?',
						body: ['The right choice is marked ✔ (its explanation comes with your answer). The question passes once you pick it and press Enter; that you saw the answer is noted in your progress.'],
					}
				: {
						title: 'Show the solution?',
						body: ['Try the hints first (h). The step still passes only when its check does; that you saw the solution is noted in your progress.'],
					};
		case 'reset':
			if (confirm.scope === 'step') {
				return {
					title: 'Rewind this step?',
					body: ["The lab goes back to how it was before this step (the earlier steps' solutions replay), and this step's result is cleared. R resets the whole lesson instead."],
				};
			}
			return confirm.labless
				? {
						title: 'Reset this lesson?',
						body: ["Its answers and step results are cleared. It builds nothing, so the lab is not touched."],
					}
				: {
						title: "Reset this lesson's lab?",
						body: ["The lab goes back to how this lesson starts, and the lesson's step results are cleared."],
					};
		case 'quit':
			return confirm.ended
				? {title: 'Quit?', body: ['What was running has ended. Your progress is saved.']}
				: {title: 'Quit while something runs?', body: ['It is cancelled first. Your progress is saved.']};
		case 'skip':
			if (confirm.question) {
				return {
					title: 'Skip this question without answering?',
					body: ['Nothing in the lab changes; p brings you back to it later.'],
				};
			}
			if (confirm.rewound) {
				return {
					title: 'This step passed before the lab was rebuilt.',
					body: ["Going on with y catches the lab up past it (the solutions replay), so the next steps find the lab as they expect. Your earlier pass is kept."],
				};
			}
			return {
				title: "Skip this step? Its check hasn't passed.",
				body: ["Skipping replays the step's solution so the next steps find the lab as they expect."],
			};
		case 'catch-up': {
			const lesson = lessons.find((l) => l.id === confirm.target.lesson);
			const where = lesson ? `lesson ${lesson.order}${confirm.target.step > 0 ? `, step ${confirm.target.step + 1}` : ''}` : 'there';
			// Rewinding throws the lab's later state away (it may empty the lab): only y does it, Enter keeps the lab.
			return confirm.rewind
				? {
						title: `The lab is further along than ${where}.`,
						body: [`y rewinds it: on the simulator ${describePlan(confirm.plan)}, in a few seconds.`, `Enter opens ${where} and keeps the lab as it is.`],
					}
				: {
						title: `Catch up to ${where}?`,
						body: [`To reach the state ${where} needs, ${describePlan(confirm.plan)}.`],
					};
		}
	}
}

/** Outer height of the bottom box for this modal or task at this width (0: none). */
export function bottomBoxRows(modal: Modal | undefined, task: TaskPhase | undefined, lessons: readonly Lesson[], width: number): number {
	if (modal?.kind === 'confirm') return confirmLines(modal.confirm, lessons, width).length + PANEL_CHROME_ROWS;
	if (modal?.kind === 'prompt') return 1 + PANEL_CHROME_ROWS;
	if (task) return taskLines(task, width).length + PANEL_CHROME_ROWS;
	return 0;
}

/** A lab task's progress bar and what it runs now (or how it ended), wrapped to the box. */
function taskLines(task: TaskPhase, width: number): string[] {
	const detail = task.status === 'running' ? theme.dim(task.current ? `$ ${task.current}` : 'starting…') : (task.message ?? 'Done.');
	// A plan with no commands to count (only the base stage to build) shows an empty bar and no "0/0".
	return [`${progressBar(task.done, task.total, width - 20)}${task.total > 0 ? ` ${task.done}/${task.total}` : ''}`, ...fitRows(detail, panelTextWidth(width), {indent: task.status === 'running' && task.current ? 2 : 0})];
}

/** A confirm's explanation, wrapped to the box, then its keys. */
function confirmLines(confirm: Confirm, lessons: readonly Lesson[], width: number): string[] {
	const text = confirmText(confirm, lessons);
	return fitAll([...text.body.flatMap((line) => wrapWords(line, panelTextWidth(width))), answerKeys(confirm)], panelTextWidth(width), {indent: 0});
}

export interface BottomBoxProps {
	readonly width: number;
	readonly height: number;
	readonly modal?: Modal;
	readonly task?: TaskPhase;
	readonly lessons: readonly Lesson[];
	readonly now: number;
}

function progressBar(done: number, total: number, width: number): string {
	const cells = Math.max(5, Math.min(30, width));
	const full = total > 0 ? Math.round((done / total) * cells) : 0;
	return theme.pass('█'.repeat(full)) + theme.dim('░'.repeat(cells - full));
}

/** The typed-command box's title, longest first: the key bar names Enter and Esc when the rest does not fit. */
function promptTitles(target: Target): string[] {
	const title = `Type the command · runs in ${target.toUpperCase()}`;
	return [`${title} (Tab changes) · Enter runs · Esc cancels`, `${title} (Tab changes)`, title];
}

/** The box above the footer: a confirm question, the typed-command line, or a lab task's progress. */
export function BottomBox({width, height, modal, task, lessons, now}: BottomBoxProps) {
	if (height <= 0) return null;
	if (modal?.kind === 'confirm') {
		const title = confirmText(modal.confirm, lessons).title;
		return <Panel title={theme.warn(title)} width={width} height={height} lines={confirmLines(modal.confirm, lessons, width)} borderColor={inkColors.warn} />;
	}
	if (modal?.kind === 'prompt') {
		// The cursor stays in view on a line wider than the box; a dim ‹ or › marks a cut side.
		const shown = visibleLine(modal.editor, panelTextWidth(width) - 2);
		const line = `${theme.dim('$')} ${shown.cutLeft ? theme.dim('‹') : ''}${shown.before}\x1b[7m${shown.at}\x1b[27m${shown.after}${shown.cutRight ? theme.dim('›') : ''}`;
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Panel title={promptTitles(modal.target)} width={width} height={height} borderColor={inkColors.focus} lines={[line]} />
			</Box>
		);
	}
	if (task) {
		const glyph = task.status === 'running' ? theme.info(spinnerFrame(now)) : task.status === 'done' ? theme.pass('✔') : theme.fail('✘');
		const lines = taskLines(task, width);
		return <Panel title={`${glyph} ${task.title}`} width={width} height={height} lines={lines} borderColor={task.status === 'failed' ? inkColors.fail : inkColors.border} />;
	}
	return null;
}
