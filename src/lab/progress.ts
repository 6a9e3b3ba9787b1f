import {spinnerAt} from '../core/spinner.js';
import type {PlanEvent} from './execute.js';
import type {PlanTask} from './plan.js';

export type TaskState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface TaskProgress {
	readonly id: string;
	readonly title: string;
	readonly state: TaskState;
	readonly startedAt?: number;
	readonly endedAt?: number;
	/** The last line of output, shown beside a running task. */
	readonly lastLine?: string;
}

export function initialProgress(tasks: readonly PlanTask[]): TaskProgress[] {
	return tasks.map((t) => ({id: t.id, title: t.title, state: 'pending'}));
}

/** Pure: the task list after one plan event. */
export function applyPlanEvent(progress: readonly TaskProgress[], event: PlanEvent, now: number): TaskProgress[] {
	const update = (id: string, change: (t: TaskProgress) => TaskProgress) => progress.map((t) => (t.id === id ? change(t) : t));
	switch (event.type) {
		case 'task-start':
			return update(event.task.id, (t) => ({...t, state: 'running', startedAt: now}));
		case 'task-skip':
			return update(event.task.id, (t) => ({...t, state: 'skipped'}));
		case 'task-done':
			return update(event.task.id, (t) => ({...t, state: 'done', endedAt: now, lastLine: undefined}));
		case 'task-failed':
			return update(event.task.id, (t) => ({...t, state: 'failed', endedAt: now}));
		case 'command':
			return update(event.task.id, (t) => ({...t, lastLine: `$ ${event.command.command}`}));
		case 'output': {
			const line = event.chunk.text.split(/\r?\n|\r/).filter((l) => l.trim()).pop();
			return line ? update(event.task.id, (t) => ({...t, lastLine: line.trim()})) : [...progress];
		}
		case 'retry':
			return update(event.task.id, (t) => ({...t, lastLine: `↻ ${event.cause.title}; retrying (attempt ${event.attempt})`}));
		case 'group':
			return [...progress];
	}
}

const MARK: Record<Exclude<TaskState, 'running'>, string> = {pending: '·', done: '✔', skipped: '✔', failed: '✘'};

function elapsed(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Pure: one line per task (spinner and elapsed time while running), truncated to the width. */
export function renderProgress(progress: readonly TaskProgress[], now: number, frame: number, width = 100): string[] {
	return progress.map((t) => {
		const mark = t.state === 'running' ? spinnerAt(frame) : MARK[t.state];
		let line = `${mark} ${t.title}`;
		if (t.state === 'skipped') line += ' (already done)';
		if (t.startedAt !== undefined && t.state !== 'skipped') line += ` ${elapsed((t.endedAt ?? now) - t.startedAt)}`;
		if (t.state === 'running' && t.lastLine) line += `  ${t.lastLine}`;
		return line.length > width ? `${line.slice(0, width - 1)}…` : line;
	});
}

/**
 * Redraws the task list in place on a terminal (ANSI cursor-up and clear-line) on each event
 * and on a timer for the spinner. `stop()` draws the final state once more.
 */
export function ttyProgress(tasks: readonly PlanTask[], write: (text: string) => void, width: number) {
	let progress = initialProgress(tasks);
	let frame = 0;
	let drawn = 0;
	const draw = () => {
		const lines = renderProgress(progress, Date.now(), frame++, width);
		write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
		drawn = lines.length;
	};
	const timer = setInterval(draw, 120);
	timer.unref();
	draw();
	return {
		onEvent(event: PlanEvent) {
			progress = applyPlanEvent(progress, event, Date.now());
			if (event.type !== 'output') draw();
		},
		stop() {
			clearInterval(timer);
			draw();
		},
	};
}
