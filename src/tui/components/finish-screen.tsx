import {Box} from 'ink';
import {courseSummary, describeDuration, type UnfinishedLesson} from '../../engine/course-summary.js';
import {plural} from '../../core/text.js';
import type {SessionState} from '../store/session-state.js';
import {fitAll} from '../text/wrap.js';
import {Line} from './line.js';
import {MARKS, theme} from './theme.js';

export interface FinishScreenProps {
	readonly state: SessionState;
	readonly width: number;
	readonly height: number;
}

/** Unfinished lessons named on the screen; the rest are counted (the lesson list shows them all). */
const NAMED_UNFINISHED = 4;

/**
 * Pure: the end-of-course screen's lines (the counts come from the engine's `courseSummary`).
 * "Course complete" only when every check passed or is one this lab cannot run; otherwise the
 * learner reached the end, and the lessons with open checks are named with the way back.
 */
export function finishLines(state: SessionState, width: number): string[] {
	const summary = courseSummary(state.lessons, state.progress);
	const lines = summary.complete
		? [theme.pass(`${MARKS.pass} Course complete`), '', 'You built two clusters, meshed them, and made services global, shared, affine and policed across them.']
		: [theme.warn(`${MARKS.started} You reached the end of the course`), '', ...unfinishedLines(summary.unfinished)];
	const left = [
		summary.skipped > 0 ? `${summary.skipped} skipped by you` : '',
		summary.notOnThisLab > 0 ? `${summary.notOnThisLab} ${summary.notOnThisLab === 1 ? 'needs' : 'need'} live clusters, not run on the simulator` : '',
	].filter(Boolean);
	const shown = [summary.hintsShown > 0 ? "a failed check shows a step's first hint" : '', summary.solutionsShown > 0 ? `${plural(summary.solutionsShown, 'solution')} shown` : ''].filter(Boolean);
	lines.push(
		'',
		`  ${theme.dim('checks passed'.padEnd(15))}${summary.checksPassed} of ${summary.checks}${left.length > 0 ? theme.dim(` (${left.join(', ')})`) : ''}`,
		`  ${theme.dim('hints shown'.padEnd(15))}${summary.hintsShown}${shown.length > 0 ? theme.dim(` (${shown.join('; ')})`) : ''}`,
	);
	if (summary.elapsedMs !== undefined) lines.push(`  ${theme.dim('time'.padEnd(15))}${describeDuration(summary.elapsedMs)} ${theme.dim('from your first step to the end')}`);
	if (summary.advanced.length > 0) {
		lines.push('', theme.title(`Advanced lessons (${summary.advanced.length}, optional)`), theme.dim('They need live kind clusters (not the simulator) and are not part of the course: open them from the lesson list.'));
		summary.advanced.forEach((lesson, i) => lines.push(`  Advanced ${i + 1} of ${summary.advanced.length} · ${lesson.title} ${theme.warn('· live clusters only')}`));
	}
	lines.push('', theme.dim('l lesson list · q quit'));
	return fitAll(lines, width);
}

/** The lessons with open checks, and how to go back to them. */
function unfinishedLines(unfinished: readonly UnfinishedLesson[]): string[] {
	const lines = [
		`${plural(unfinished.length, 'lesson')} still ${unfinished.length === 1 ? 'has' : 'have'} checks that have not passed. Press l for the lesson list, open ${unfinished.length === 1 ? 'it' : 'one'} and finish it:`,
		...unfinished.slice(0, NAMED_UNFINISHED).map(({lesson, open, skipped}) => {
			const note = skipped === open ? ' (skipped)' : skipped > 0 ? ` (${skipped} skipped)` : '';
			return `  Lesson ${lesson.order} · ${lesson.title} ${theme.dim(`· ${plural(open, 'check')} open${note}`)}`;
		}),
	];
	if (unfinished.length > NAMED_UNFINISHED) lines.push(theme.dim(`  and ${unfinished.length - NAMED_UNFINISHED} more: the lesson list shows them all`));
	return lines;
}

/** After the last core lesson: what the learner achieved (or what is left), and the advanced lessons apart. */
export function FinishScreen({state, width, height}: FinishScreenProps) {
	const lines = finishLines(state, Math.max(20, width - 4)).slice(0, height);
	return (
		<Box flexDirection="column" width={width} height={height} paddingX={2}>
			{lines.map((line, i) => (
				<Line key={i} text={line} />
			))}
		</Box>
	);
}
