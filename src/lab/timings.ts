import type {TaskProgress} from './progress.js';

/** How long `up` took, task by task; kept in the state folder for instructors and CI. */
export interface UpTimings {
	readonly schema: 1;
	readonly startedAt: string;
	readonly ok: boolean;
	/** The prepared image archive `up` loaded, if any. */
	readonly imageArchive: string | null;
	readonly totalMs: number;
	readonly tasks: readonly {readonly id: string; readonly title: string; readonly state: TaskProgress['state']; readonly ms: number | null}[];
}

/** Pure: the timing record of a run from its final task list. */
export function upTimings(progress: readonly TaskProgress[], run: {startedAt: number; endedAt: number; ok: boolean; imageArchive?: string}): UpTimings {
	return {
		schema: 1,
		startedAt: new Date(run.startedAt).toISOString(),
		ok: run.ok,
		imageArchive: run.imageArchive ?? null,
		totalMs: run.endedAt - run.startedAt,
		tasks: progress.map((t) => ({
			id: t.id,
			title: t.title,
			state: t.state,
			ms: t.startedAt !== undefined && t.endedAt !== undefined ? t.endedAt - t.startedAt : null,
		})),
	};
}

export function formatDuration(ms: number): string {
	const s = ms / 1000;
	if (s < 60) return `${s.toFixed(1)}s`;
	const whole = Math.round(s);
	return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Pure: one line per task that ran, then the total. */
export function formatTimings(timings: UpTimings): string {
	const ran = timings.tasks.filter((t) => t.ms !== null);
	const width = Math.max(0, ...ran.map((t) => t.id.length));
	const lines = ran.map((t) => `  ${t.id.padEnd(width)}  ${formatDuration(t.ms ?? 0).padStart(7)}${t.state === 'failed' ? '  (failed)' : ''}`);
	return `durations:\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}  ${'total'.padEnd(width)}  ${formatDuration(timings.totalMs).padStart(7)}\n`;
}
