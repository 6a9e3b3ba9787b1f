import {useLayoutEffect, type RefObject} from 'react';
import {Box, Text} from 'ink';
import type {Lesson} from '../../lessons/model.js';
import type {ScrollLimits} from '../keys/handle-key.js';
import type {MarkdownRenderer} from '../markdown/render-markdown.js';
import type {LineStore} from '../store/line-store.js';
import {hintsShown, solutionShown, stepMark, type SessionState} from '../store/session-state.js';
import {feedback, type FeedbackTone} from '../view/feedback-lines.js';
import {contentTextWidth, lessonLayout, panelTextWidth} from '../view/layout.js';
import {introLines, stepLines} from '../view/lesson-lines.js';
import {BottomBox, bottomBoxRows} from './bottom-box.js';
import {OutputPane} from './output-pane.js';
import {Panel} from './panel.js';
import {inkColors, MARKS, theme} from './theme.js';

export interface LessonScreenProps {
	readonly state: SessionState;
	readonly lesson: Lesson;
	readonly width: number;
	/** Rows of the body (the whole frame minus header, notice and footer). */
	readonly height: number;
	readonly markdown: MarkdownRenderer;
	readonly lines: LineStore;
	/** Wall-clock now (ticks while something runs). */
	readonly now: number;
	/** Now on the checks' clock (the retry countdown). */
	readonly clockNow: number;
	readonly limits: RefObject<ScrollLimits>;
}

const TONE_COLOR: Readonly<Record<FeedbackTone, string>> = {
	pass: inkColors.pass,
	fail: inkColors.fail,
	warn: inkColors.warn,
	info: inkColors.focus,
	neutral: inkColors.border,
};

/**
 * A lesson's intro, or one of its steps: a title row, the text (scrollable), the output
 * pane, the check panel and the bottom box, sized by `lessonLayout` so the body is
 * exactly `height` rows at any terminal size.
 */
export function LessonScreen({state, lesson, width, height, markdown, lines, now, clockNow, limits}: LessonScreenProps) {
	const isStep = state.screen === 'step';
	const step = isStep ? lesson.steps[state.position.step] : undefined;
	const textWidth = contentTextWidth(width);
	const modalRows = bottomBoxRows(state.modal, state.task);
	const panel =
		step &&
		feedback({
			step,
			check: state.check,
			mark: stepMark(state.progress, lesson.id, step.id),
			hintsShown: hintsShown(state),
			width: panelTextWidth(width),
			clockNow,
			now,
			markdown,
		});
	const outputActive = state.run.status !== 'idle' || state.task !== undefined;
	const layout = lessonLayout({
		body: height,
		feedbackLines: panel ? panel.lines.length : 0,
		modalRows,
		outputActive,
		showOutput: isStep || state.task !== undefined,
	});
	const text = step
		? stepLines({
				step,
				width: textWidth,
				height: layout.content,
				markdown,
				activeCommand: state.run.status === 'running' && !state.run.typed ? state.run.index : undefined,
				solutionShown: solutionShown(state),
				quizPicks: state.quizPicks,
				quizAnswered: state.check.status === 'done' && state.check.verdict.source === 'quiz',
				skipReason: step.liveOnly && state.backend?.kind === 'sim' ? step.liveOnly : undefined,
			})
		: introLines({lesson, progress: state.progress, width: textWidth, markdown});
	const maxScroll = Math.max(0, text.length - layout.content);
	const scroll = Math.min(state.scroll.content, maxScroll);
	useLayoutEffect(() => {
		limits.current = {...limits.current, content: maxScroll, contentPage: layout.content};
	});
	const visible = text.slice(scroll, scroll + layout.content);
	if (maxScroll > 0 && layout.content > 1) {
		const below = text.length - scroll - layout.content;
		visible[visible.length - 1] = theme.dim(
			below > 0 ? `  ↓ ${below} more line${below === 1 ? '' : 's'} (${state.pane === 'content' ? '↑/↓' : 'Tab, then ↑/↓'})` : '  ↑ top: ↑/↓ scroll',
		);
	}
	const mark = step ? stepMark(state.progress, lesson.id, step.id) : undefined;
	const status = mark === 'passed' ? theme.pass(`  ${MARKS.pass} passed`) : mark === 'skipped' ? theme.warn(`  ${MARKS.skip} skipped`) : '';
	const title = step
		? `${theme.dim(`Step ${state.position.step + 1} of ${lesson.steps.length} ·`)} ${theme.title(step.title)}${status}`
		: `${theme.dim(`Lesson ${lesson.order} ·`)} ${theme.title(lesson.title)}${lesson.optional ? theme.warn('  advanced, optional') : ''}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			{layout.title > 0 && (
				<Text wrap="truncate-end">
					{' '}
					{title}
				</Text>
			)}
			<Box flexDirection="column" height={layout.content} paddingX={1} flexShrink={0}>
				{visible.map((line, i) => (
					<Text key={scroll + i} wrap="truncate-end">
						{line}
					</Text>
				))}
			</Box>
			{layout.output > 0 && (
				<OutputPane
					lines={lines}
					width={width}
					height={layout.output}
					scroll={state.scroll.output}
					focused={state.pane === 'output'}
					run={state.run}
					task={state.task}
					now={now}
					limits={limits}
				/>
			)}
			{panel && layout.feedback > 0 && (
				<Panel title={panel.title} width={width} height={layout.feedback} lines={panel.lines} borderColor={TONE_COLOR[panel.tone]} />
			)}
			<BottomBox width={width} height={layout.modal} modal={state.modal} task={state.task} lessons={state.lessons} now={now} />
		</Box>
	);
}
