import {useLayoutEffect} from 'react';
import type {ReportLimits} from '../keys/handle-key.js';
import type {LineSnapshot} from '../store/line-store.js';
import type {OutputViewState} from '../store/output-view.js';
import type {RunPhase, TaskPhase} from '../store/session-state.js';
import {PANEL_CHROME_ROWS, panelTextWidth} from '../view/layout.js';
import {outputRows} from '../view/output-rows.js';
import {fitRows} from '../text/wrap.js';
import {plural} from '../../core/text.js';
import {Panel, type PanelLine} from './panel.js';
import {formatElapsed, inkColors, MARKS, spinnerFrame, theme} from './theme.js';

export interface OutputPaneProps {
	/** The line store's current batch (the lesson screen subscribes, and sizes the pane from it). */
	readonly snapshot: LineSnapshot;
	readonly width: number;
	readonly height: number;
	/** Up from the newest (rows when wrapping, lines when not); 0 follows new output. */
	readonly scroll: number;
	/** Wrapped, or cut and scrolled sideways. */
	readonly view: OutputViewState;
	readonly focused: boolean;
	readonly run: RunPhase;
	readonly task?: TaskPhase;
	/** Wall-clock now, ticking while something runs. */
	readonly now: number;
	/** Told how far this pane can scroll (the key router clamps to it). */
	readonly onLimits: ReportLimits;
}

function status(run: RunPhase, task: TaskPhase | undefined, now: number): string {
	if (task?.status === 'running') return `${theme.info(spinnerFrame(now))} ${task.kind === 'reset' ? 'resetting' : 'catching up'}`;
	switch (run.status) {
		case 'idle':
			return '';
		case 'running': {
			const which = run.total > 1 ? ` · command ${run.index + 1}/${run.total}` : '';
			return `${theme.info(spinnerFrame(now))} running ${formatElapsed(now - run.startedAt)}${which} · Ctrl-C cancels`;
		}
		case 'finished': {
			if (run.cancelled) return theme.warn('cancelled');
			// The simulator does not wait out a timeout: it says how long the command would have taken.
			const took = `${formatElapsed(run.elapsedMs)}${run.simulated ? ' simulated' : ''}`;
			return run.exitCode === 0 ? `${theme.pass(MARKS.pass)} exit 0 · ${took}` : `${theme.fail(`${MARKS.fail} exit ${run.exitCode}`)} · ${took}`;
		}
	}
}

/**
 * The command output: the newest lines of the ring buffer (or older ones when scrolled),
 * long lines wrapped with a continuation mark unless wrapping is off (`w`), one `<Text>`
 * per row keyed by its line number so unchanged rows are reused and Ink's text caches stay
 * small (ink-engineering §2.3). New lines arrive in batches, at most every 50 ms however
 * fast a command writes.
 */
export function OutputPane({snapshot, width, height, scroll, view, focused, run, task, now, onLimits}: OutputPaneProps) {
	const inner = Math.max(0, height - PANEL_CHROME_ROWS);
	const textWidth = panelTextWidth(width);
	const all = snapshot.partial ? [...snapshot.lines, snapshot.partial] : snapshot.lines;
	const first = snapshot.total - snapshot.lines.length;
	const drawn = outputRows({lines: all, first, width: textWidth, rows: inner, scroll, wrap: view.wrap, column: view.column});
	useLayoutEffect(
		() => onLimits({output: drawn.maxScroll, outputPage: inner, outputColumns: drawn.maxColumn}),
		[onLimits, drawn.maxScroll, inner, drawn.maxColumn],
	);
	const placeholder = task ? '' : "Output appears here: Enter runs the step's command, t lets you type it.";
	const shown: readonly PanelLine[] =
		all.length === 0 ? fitRows(theme.dim(placeholder), textWidth).map((text, i) => ({key: `empty${i}`, text})) : drawn.rows;
	const parts = ['Output', status(run, task, now)];
	if (drawn.offset > 0) parts.push(theme.warn(`↑ ${drawn.offset} back, End follows`));
	// Following the newest output, say that more is above (a refusal's reason, an error's first line).
	else if (drawn.above > 0) parts.push(theme.dim(`↑ ${plural(drawn.above, 'earlier line')}`));
	if (!view.wrap) parts.push(theme.dim(view.column > 0 ? `not wrapping · column ${view.column + 1}` : 'not wrapping'));
	if (first > 0 && drawn.offset === drawn.maxScroll && drawn.maxScroll > 0) parts.push(theme.dim(`${first} older dropped`));
	return (
		<Panel
			title={parts.filter(Boolean).join(theme.dim(' · '))}
			width={width}
			height={height}
			lines={shown}
			borderColor={focused ? inkColors.focus : inkColors.border}
		/>
	);
}
