import {useLayoutEffect} from 'react';
import type {ReportLimits} from '../keys/handle-key.js';
import type {LineSnapshot} from '../store/line-store.js';
import type {RunPhase, TaskPhase} from '../store/session-state.js';
import {PANEL_CHROME_ROWS} from '../view/layout.js';
import {Panel, type PanelLine} from './panel.js';
import {formatElapsed, inkColors, MARKS, spinnerFrame, theme} from './theme.js';

export interface OutputPaneProps {
	/** The line store's current batch (the lesson screen subscribes, and sizes the pane from it). */
	readonly snapshot: LineSnapshot;
	readonly width: number;
	readonly height: number;
	/** Lines up from the newest; 0 follows new output. */
	readonly scroll: number;
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
		case 'finished':
			if (run.cancelled) return theme.warn('cancelled');
			return run.exitCode === 0
				? `${theme.pass(MARKS.pass)} exit 0 · ${formatElapsed(run.elapsedMs)}`
				: `${theme.fail(`${MARKS.fail} exit ${run.exitCode}`)} · ${formatElapsed(run.elapsedMs)}`;
	}
}

/**
 * The command output: the newest lines of the ring buffer (or older ones when scrolled),
 * one `<Text>` per line keyed by its absolute line number so unchanged lines are reused
 * and Ink's text caches stay small (ink-engineering §2.3). New lines arrive in batches, at
 * most every 50 ms however fast a command writes.
 */
export function OutputPane({snapshot, width, height, scroll, focused, run, task, now, onLimits}: OutputPaneProps) {
	const inner = Math.max(0, height - PANEL_CHROME_ROWS);
	const all = snapshot.partial ? [...snapshot.lines, snapshot.partial] : snapshot.lines;
	const max = Math.max(0, all.length - inner);
	const offset = Math.min(scroll, max);
	useLayoutEffect(() => onLimits({output: max, outputPage: inner}), [onLimits, max, inner]);
	const end = all.length - offset;
	const start = Math.max(0, end - inner);
	const first = snapshot.total - snapshot.lines.length;
	const placeholder = task ? '' : "Output appears here: Enter runs the step's command, t lets you type it.";
	const shown: PanelLine[] =
		all.length === 0 ? [{key: 'empty', text: theme.dim(placeholder)}] : all.slice(start, end).map((text, i) => ({key: first + start + i, text}));
	const parts = ['Output', status(run, task, now)];
	if (offset > 0) parts.push(theme.warn(`↑ ${offset} back, End follows`));
	if (first > 0 && offset === max && max > 0) parts.push(theme.dim(`${first} older dropped`));
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
