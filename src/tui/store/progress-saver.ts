import type {Progress} from '../../state/progress.js';

/** The validated writer (and zod with it) loads on the first save, after the first frame. */
async function saveLazily(file: string, progress: Progress): Promise<void> {
	const {saveProgress} = await import('../../state/progress-file.js');
	await saveProgress(file, progress);
}

/**
 * Writes progress atomically, one write at a time, always the newest value: a burst of
 * changes (pass, lab move, next step) costs at most one write in flight plus one queued,
 * and a crash mid-write leaves the previous file intact (temp file + rename).
 */
export class ProgressSaver {
	private latest: Progress | undefined;
	private writing: Promise<void> | undefined;

	constructor(
		private readonly file: string,
		/** Told about a failed write; progress is never dropped silently. */
		private readonly onError: (error: unknown) => void,
		private readonly write: (file: string, progress: Progress) => Promise<void> = saveLazily,
	) {}

	/** Queues `progress` to be written. */
	save(progress: Progress): void {
		this.latest = progress;
		this.writing ??= this.drain();
	}

	/** Resolves once everything queued is on disk (before the process exits). */
	async flush(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.latest) {
				const next = this.latest;
				this.latest = undefined;
				try {
					await this.write(this.file, next);
				} catch (error) {
					this.onError(error);
				}
			}
		} finally {
			this.writing = undefined;
		}
	}
}
