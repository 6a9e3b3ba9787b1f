import {useLayoutEffect, useMemo} from 'react';
import {Box} from 'ink';
import {describeLabMovedOn, describeRewound, skippedBehind} from '../../engine/curriculum.js';
import type {Lesson} from '../../lessons/model.js';
import type {ReportLimits} from '../keys/handle-key.js';
import type {MarkdownRenderer} from '../markdown/render-markdown.js';
import {useLines} from '../hooks/use-store.js';
import type {LineStore} from '../store/line-store.js';
import type {OutputViewState} from '../store/output-view.js';
import {hintsShown, labMovedOnStep, quizRevealed, solutionShown, stepMark, type Pane, type SessionState} from '../store/session-state.js';
import {feedback, type FeedbackTone} from '../view/feedback-lines.js';
import {contentTextWidth, lessonLayout, PANEL_CHROME_ROWS, panelTextWidth} from '../view/layout.js';
import {introLines, paneLines, paneParts, runsCommands, stepStatus, stepText, type StepText} from '../view/lesson-lines.js';
import {wrappedRowCount} from '../view/output-rows.js';
import {scrollWindow} from '../view/scroll-window.js';
import {inlineMarkdown} from '../text/inline-markdown.js';
import {fitAll, fitRows} from '../text/wrap.js';
import {BottomBox, bottomBoxRows} from './bottom-box.js';
import {OutputPane} from './output-pane.js';
import {Panel} from './panel.js';
import {inkColors, theme} from './theme.js';
import {Line} from './line.js';

export interface LessonScreenProps {
	readonly state: SessionState;
	readonly lesson: Lesson;
	readonly width: number;
	/** Rows of the body (the whole frame minus header, notice and footer). */
	readonly height: number;
	readonly markdown: MarkdownRenderer;
	readonly lines: LineStore;
	/** The output pane's wrap mode and sideways position. */
	readonly view: OutputViewState;
	/** Wall-clock now (ticks while something runs). */
	readonly now: number;
	/** Now on the checks' clock (the retry countdown). */
	readonly clockNow: number;
	/** Told how far the panes can scroll (the key router clamps to it). */
	readonly onLimits: ReportLimits;
}

const TONE_COLOR: Readonly<Record<FeedbackTone, string>> = {
	pass: inkColors.pass,
	fail: inkColors.fail,
	warn: inkColors.warn,
	info: inkColors.focus,
	neutral: inkColors.border,
};

/** The panes Tab moves through, in order: the step text, the output when shown, a verdict that overflows. */
function panesOnScreen(output: boolean, check: boolean): Pane[] {
	return ['content', ...(output ? (['output'] as const) : []), ...(check ? (['check'] as const) : [])];
}

/**
 * How a "more" marker tells the learner to scroll the `target` pane: the arrows when it has
 * the focus, otherwise Tab as many times as it takes to get there.
 */
function scrollHow(panes: readonly Pane[], focus: Pane, target: Pane): string {
	const from = panes.indexOf(focus);
	const tabs = (panes.indexOf(target) - from + panes.length) % panes.length || (from < 0 ? panes.length : 0);
	return tabs === 0 ? '↑/↓' : `Tab${tabs === 1 ? '' : tabs === 2 ? ' twice' : ` ${tabs} times`}, then ↑/↓`;
}

/**
 * A lesson's intro, or one of its steps: a title row, the text (scrollable), the output
 * pane, the check panel and the bottom box, sized by `lessonLayout` so the body is
 * exactly `height` rows at any terminal size.
 */
export function LessonScreen({state, lesson, width, height, markdown, lines, view, now, clockNow, onLimits}: LessonScreenProps) {
	const isStep = state.screen === 'step';
	const step = isStep ? lesson.steps[state.position.step] : undefined;
	const textWidth = contentTextWidth(width);
	const modalRows = bottomBoxRows(state.modal, state.task, state.lessons, width);
	// Only a failing check speaks of a skipped step or a lab that moved on: both walk the curriculum, so not on every frame.
	const checkFailed = state.check.status === 'retrying' || (state.check.status === 'done' && !state.check.verdict.pass);
	const movedOn = step && checkFailed ? labMovedOnStep(state) : undefined;
	const mark = step ? stepMark(state, state.position) : 'todo';
	// It walks the curriculum: once per change of progress or position, not on every frame.
	const rewound = useMemo(
		() => (mark === 'rewound' ? describeRewound(state.lessons, state.progress, state.position) : undefined),
		[mark, state.lessons, state.progress, state.position],
	);
	const panel =
		step &&
		feedback({
			step,
			check: state.check,
			mark,
			rewound,
			hintsShown: hintsShown(state),
			quizRevealed: quizRevealed(state),
			skippedBehind: checkFailed ? skippedBehind(state.lessons, state.progress, state.position) : undefined,
			labMovedOn: movedOn ? describeLabMovedOn(state.runnable, movedOn) : undefined,
			width: panelTextWidth(width),
			clockNow,
			now,
			markdown,
		});
	// While something runs the clock ticks and redraws; the output rides along with it.
	const output = useLines(lines, state.run.status === 'running' || state.task?.status === 'running');
	const text: StepText = step
		? stepText({
				step,
				width: textWidth,
				markdown,
				activeCommand: state.run.status === 'running' && !state.run.typed ? state.run.index : undefined,
				solutionShown: solutionShown(state),
				quizPicks: state.quizPicks,
				quizRevealed: quizRevealed(state),
				skipReason: step.liveOnly && state.backend?.kind === 'sim' ? step.liveOnly : undefined,
			})
		: {prose: introLines({lesson, lessons: state.lessons, progress: state.progress, width: textWidth, markdown}), notices: [], actions: [theme.dim('Press Enter to start.')]};
	// Once the learner ran something, its output is what they read next (and the commands scroll on with the prose).
	const favour = state.run.status === 'running' || state.task?.status === 'running' ? 'streaming' : !step ? 'text' : state.run.status === 'finished' ? 'output' : 'balanced';
	const parts = paneParts(text, favour !== 'output');
	const feedbackRows = panel ? fitAll(panel.lines, panelTextWidth(width)) : [];
	const outputText = output.partial ? [...output.lines, output.partial] : output.lines;
	const status = step ? stepStatus(mark) : '';
	const title = step
		? `${theme.dim(`Step ${state.position.step + 1} of ${lesson.steps.length} ·`)} ${theme.title(inlineMarkdown(step.title))}${status}`
		: `${theme.dim(`Lesson ${lesson.order} ·`)} ${theme.title(inlineMarkdown(lesson.title))}${lesson.optional ? theme.warn('  advanced, optional') : ''}`;
	const titleRows = fitRows(` ${title}`, width, {indent: 1});
	const layout = lessonLayout({
		body: height,
		titleRows: titleRows.length,
		proseLines: parts.prose.length,
		actionLines: parts.actions.length,
		feedbackLines: feedbackRows.length,
		modalRows,
		outputLines: view.wrap ? wrappedRowCount(outputText, panelTextWidth(width), height) : outputText.length,
		favour,
		// A lab task streams output on any screen.
		showOutput: (step !== undefined && runsCommands(step)) || state.task !== undefined,
	});
	const panelRows = Math.max(0, layout.feedback - PANEL_CHROME_ROWS);
	const checkOverflows = feedbackRows.length > panelRows && panelRows > 0;
	// Tab moves through the panes on screen; each "more" marker says how far away its pane is.
	const hasOutput = layout.output > 0;
	const panes = panesOnScreen(hasOutput, checkOverflows);
	const how = (target: Pane) => scrollHow(panes, state.pane, target);
	const pane = paneLines(parts, layout.content, state.scroll.content, how('content'));
	const verdict = scrollWindow(feedbackRows, panelRows, state.scroll.check, how('check'));
	const hintRow = panel?.newestHint !== undefined ? fitAll(panel.lines.slice(0, panel.newestHint), panelTextWidth(width)).length : -1;
	useLayoutEffect(
		() =>
			onLimits({
				content: pane.maxScroll,
				contentPage: pane.page,
				check: verdict.maxScroll,
				checkPage: verdict.page,
				panes: panesOnScreen(hasOutput, checkOverflows),
				hintRow,
			}),
		[onLimits, pane.maxScroll, pane.page, verdict.maxScroll, verdict.page, hasOutput, checkOverflows, hintRow],
	);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{titleRows.slice(0, layout.title).map((row, i) => (
				<Line key={`title${i}`} text={row} />
			))}
			<Box flexDirection="column" height={layout.content} paddingX={1} flexShrink={0}>
				{pane.lines.map((line, i) => (
					<Line key={i} text={line} />
				))}
			</Box>
			{layout.output > 0 && (
				<OutputPane
					snapshot={output}
					width={width}
					height={layout.output}
					scroll={state.scroll.output}
					view={view}
					focused={state.pane === 'output'}
					run={state.run}
					task={state.task}
					now={now}
					onLimits={onLimits}
				/>
			)}
			{panel && layout.feedback > 0 && (
				<Panel
					title={panel.title}
					width={width}
					height={layout.feedback}
					lines={verdict.lines}
					borderColor={checkOverflows && state.pane === 'check' ? inkColors.focus : TONE_COLOR[panel.tone]}
				/>
			)}
			<BottomBox width={width} height={layout.modal} modal={state.modal} task={state.task} lessons={state.lessons} now={now} />
		</Box>
	);
}
