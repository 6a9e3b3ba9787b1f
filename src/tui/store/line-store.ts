import {normalizeLine} from '../text/normalize.js';

const MAX_PENDING = 8192;

/** What the output pane reads: the kept lines and how many were ever written. */
export interface LineSnapshot {
	/** The newest lines, oldest first (at most the store's capacity). */
	readonly lines: readonly string[];
	/** Lines ever written since the last clear; `total - lines.length` were dropped. */
	readonly total: number;
	/** The line being written (no newline yet), shown under the complete lines. */
	readonly partial: string;
}

export interface LineStoreOptions {
	/** Lines kept; older ones are dropped, so memory stays bounded however long the output. @default 2000 */
	readonly capacity?: number;
	/** Listeners hear about new lines at most this often. @default 50 */
	readonly intervalMs?: number;
}

/**
 * The output pane's buffer: a ring buffer of normalised lines with a batched notify.
 * Streaming a command calls `push` per chunk, maybe thousands of times a second; each
 * notify re-renders and re-lays out the whole Ink tree, so listeners hear about changes
 * at most every `intervalMs` (ink-engineering §2.3).
 */
export class LineStore {
	private readonly capacity: number;
	private readonly intervalMs: number;
	private readonly ring: string[];
	/** Index in `ring` of the oldest kept line. */
	private start = 0;
	private size = 0;
	private total = 0;
	private pending = '';
	private snapshot: LineSnapshot = {lines: [], total: 0, partial: ''};
	private dirty = false;
	private timer: NodeJS.Timeout | undefined;
	private readonly listeners = new Set<() => void>();

	constructor(options: LineStoreOptions = {}) {
		this.capacity = Math.max(1, options.capacity ?? 2000);
		this.intervalMs = options.intervalMs ?? 50;
		this.ring = new Array<string>(this.capacity);
	}

	/** Appends raw output; complete lines are normalised and kept, the rest waits for its newline. */
	push(chunk: string): void {
		if (chunk === '') return;
		const text = this.pending + chunk;
		const parts = (text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text).split('\n');
		this.pending = parts.pop() ?? '';
		for (const part of parts) this.append(normalizeLine(part));
		// A progress bar redraws one line with \r and may never print a newline; only what
		// follows the last \r is visible, and an endless line is cut into pieces, so the
		// pending text stays bounded too.
		if (this.pending.length > MAX_PENDING) {
			this.pending = this.pending.slice(this.pending.lastIndexOf('\r') + 1);
			if (this.pending.length > MAX_PENDING) this.flushPending();
		}
		this.schedule();
	}

	/** Appends whole lines (already free of newlines), e.g. the `$ command` header. */
	pushLines(...lines: string[]): void {
		this.flushPending();
		for (const line of lines) this.append(normalizeLine(line));
		this.schedule();
	}

	/** Ends the current partial line, so the next output starts on a fresh line. */
	endLine(): void {
		this.flushPending();
		this.schedule();
	}

	/** Forgets every line and tells listeners at once. */
	clear(): void {
		this.start = 0;
		this.size = 0;
		this.total = 0;
		this.pending = '';
		this.ring.fill('');
		this.publish();
	}

	/** Publishes pending changes now (e.g. when a command ends, so its last lines show at once). */
	flush(): void {
		if (this.dirty) this.publish();
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	getSnapshot = (): LineSnapshot => this.snapshot;

	/** Stops the pending timer (the app is closing). */
	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.listeners.clear();
	}

	private flushPending(): void {
		if (this.pending === '') return;
		this.append(normalizeLine(this.pending));
		this.pending = '';
	}

	private append(line: string): void {
		const end = (this.start + this.size) % this.capacity;
		this.ring[end] = line;
		if (this.size < this.capacity) this.size++;
		else this.start = (this.start + 1) % this.capacity;
		this.total++;
	}

	private schedule(): void {
		this.dirty = true;
		this.timer ??= setTimeout(() => this.publish(), this.intervalMs);
	}

	private publish(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.dirty = false;
		const lines = new Array<string>(this.size);
		for (let i = 0; i < this.size; i++) lines[i] = this.ring[(this.start + i) % this.capacity] ?? '';
		this.snapshot = {lines, total: this.total, partial: normalizeLine(this.pending)};
		for (const listener of this.listeners) listener();
	}
}
