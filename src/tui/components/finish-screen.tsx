import {Box} from 'ink';
import {courseSummary, describeDuration} from '../../engine/course-summary.js';
import type {SessionState} from '../store/session-state.js';
import {fitAll} from '../text/wrap.js';
import {Line} from './line.js';
import {MARKS, theme} from './theme.js';

export interface FinishScreenProps {
	readonly state: SessionState;
	readonly width: number;
	readonly height: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Pure: the course-complete screen's lines (the counts come from the engine's `courseSummary`). */
export function finishLines(state: SessionState, width: number): string[] {
	const summary = courseSummary(state.lessons, state.progress);
	const lines = [
		theme.pass(`${MARKS.pass} Course complete`),
		'',
		'You built two clusters, meshed them, and made services global, shared, affine and policed across them.',
		'',
		`  ${theme.dim('checks passed'.padEnd(15))}${summary.checksPassed} of ${summary.checks}${summary.skipped > 0 ? theme.dim(` (${summary.skipped} skipped)`) : ''}`,
		`  ${theme.dim('hints used'.padEnd(15))}${summary.hintsUsed}${summary.solutionsShown > 0 ? theme.dim(` (${plural(summary.solutionsShown, 'solution')} shown)`) : ''}`,
	];
	if (summary.elapsedMs !== undefined) lines.push(`  ${theme.dim('time'.padEnd(15))}${describeDuration(summary.elapsedMs)} ${theme.dim('from your first step to the end')}`);
	if (summary.advanced.length > 0) {
		lines.push('', theme.title(`Advanced lessons (${summary.advanced.length}, optional)`), theme.dim('They need live kind clusters (not the simulator) and are not part of the course: open them from the lesson list.'));
		summary.advanced.forEach((lesson, i) => lines.push(`  Advanced ${i + 1} of ${summary.advanced.length} · ${lesson.title} ${theme.warn('· live clusters only')}`));
	}
	lines.push('', theme.dim('l lesson list · q quit'));
	return fitAll(lines, width);
}

/** After the last core lesson: what the learner achieved, and the advanced lessons apart. */
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
