import {normalizeLine} from '../text/normalize.js';

/** The longest unfinished line kept waiting for its newline (a progress bar may never print one). */
const MAX_PENDING = 8192;
/** Raw text held between publishes (in characters) before the oldest is dropped: bounds memory. */
const MAX_RAW = 1 << 20;

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
	/** Raw characters held between publishes before the oldest are dropped (only counted). @default 1 MiB */
	readonly maxRaw?: number;
}

/**
 * The output pane's buffer: a ring buffer of normalised lines with a batched notify.
 * Streaming a command calls `push` per chunk, maybe thousands of times a second; each
 * notify re-renders and re-lays out the whole Ink tree, so listeners hear about changes
 * at most every `intervalMs` (ink-engineering §2.3). Chunks are kept raw until then and
 * split once: of a fast stream only the newest `capacity` lines are ever cut out and
 * normalised, the rest is only counted.
 */
export class LineStore {
	private readonly capacity: number;
	private readonly intervalMs: number;
	private readonly maxRaw: number;
	private readonly ring: string[];
	/** Index in `ring` of the oldest kept line. */
	private start = 0;
	private size = 0;
	private total = 0;
	/** Output not yet split into lines, as it arrived: whole lines, then the unfinished one. */
	private chunks: string[] = [];
	/** Newlines in each of `chunks`, counted once on arrival. */
	private newlines: number[] = [];
	private rawLength = 0;
	private snapshot: LineSnapshot = {lines: [], total: 0, partial: ''};
	private dirty = false;
	private timer: NodeJS.Timeout | undefined;
	private readonly listeners = new Set<() => void>();

	constructor(options: LineStoreOptions = {}) {
		this.capacity = Math.max(1, options.capacity ?? 2000);
		this.intervalMs = options.intervalMs ?? 50;
		this.maxRaw = options.maxRaw ?? MAX_RAW;
		this.ring = new Array<string>(this.capacity);
	}

	/** Appends raw output; complete lines are normalised and kept, the rest waits for its newline. */
	push(chunk: string): void {
		if (chunk === '') return;
		let count = 0;
		for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) count++;
		this.chunks.push(chunk);
		this.newlines.push(count);
		this.rawLength += chunk.length;
		if (this.rawLength > this.maxRaw) this.compact();
		this.schedule();
	}

	/** Appends whole lines (already free of newlines), e.g. the `$ command` header. */
	pushLines(...lines: string[]): void {
		this.endPending();
		for (const line of lines) this.append(normalizeLine(line));
		this.schedule();
	}

	/** Ends the current partial line, so the next output starts on a fresh line. */
	endLine(): void {
		this.endPending();
		this.schedule();
	}

	/** Forgets every line and tells listeners at once. */
	clear(): void {
		this.start = 0;
		this.size = 0;
		this.total = 0;
		this.takeRaw();
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

	/** Empties the raw chunks: the text of the newest ones that hold the last `lines` lines (all of them when fewer), and the newlines in all. */
	private takeRaw(lines = Infinity): {text: string; newlines: number} {
		let newlines = 0;
		let from = this.chunks.length;
		let needed = 0;
		for (const count of this.newlines) newlines += count;
		// From the end: the chunks that hold one newline more than the lines wanted (the line before them ends there).
		while (from > 0 && needed <= lines) needed += this.newlines[--from] ?? 0;
		const text = this.chunks.slice(from).join('');
		this.chunks = [];
		this.newlines = [];
		this.rawLength = 0;
		return {text, newlines};
	}

	/**
	 * Bounds the raw text of a fast stream between publishes: chunks older than the newest
	 * `capacity` lines need are dropped, their newlines kept as a count (in an empty chunk, so
	 * `split` counts them as lines pushed out). Nothing is cut into lines or normalised here.
	 * When the newest lines alone are that long, they are split into the ring as they come.
	 */
	private compact(): void {
		let from = this.chunks.length;
		let needed = 0;
		while (from > 0 && needed <= this.capacity) needed += this.newlines[--from] ?? 0;
		let dropped = 0;
		for (let i = 0; i < from; i++) {
			dropped += this.newlines[i] ?? 0;
			this.rawLength -= this.chunks[i]?.length ?? 0;
		}
		if (from > 0) {
			this.chunks.splice(0, from, '');
			this.newlines.splice(0, from, dropped);
		}
		if (this.rawLength > this.maxRaw / 2) this.split();
	}

	/**
	 * Moves the whole lines of the raw chunks into the ring. Lines that would be pushed out
	 * again at once (all but the newest `capacity`) are counted, never cut out. A progress bar
	 * redraws one line with \r and may never print a newline; only what follows its last \r
	 * is visible, and an endless line is cut into pieces, so the unfinished text stays bounded.
	 */
	private split(): void {
		const {text, newlines} = this.takeRaw(this.capacity);
		let rest = text;
		const end = text.lastIndexOf('\n');
		if (end >= 0) {
			// Only the newest `capacity` lines are kept: they start after the newline `capacity` lines back from the end.
			let from = 0;
			if (newlines > this.capacity) {
				let at = end;
				for (let kept = 0; kept < this.capacity; kept++) at = text.lastIndexOf('\n', at - 1);
				from = at + 1;
				// Every line held so far is older than these: the ring starts over.
				this.start = 0;
				this.size = 0;
				this.total += newlines - this.capacity;
			}
			const block = text.slice(from, end + 1);
			const lines = (block.includes('\r\n') ? block.replace(/\r\n/g, '\n') : block).split('\n');
			lines.pop();
			for (const line of lines) this.append(normalizeLine(line));
			rest = text.slice(end + 1);
		}
		if (rest.length > MAX_PENDING) {
			rest = rest.slice(rest.lastIndexOf('\r') + 1);
			if (rest.length > MAX_PENDING) {
				this.append(normalizeLine(rest));
				rest = '';
			}
		}
		if (rest !== '') {
			this.chunks.push(rest);
			this.newlines.push(0);
			this.rawLength = rest.length;
		}
	}

	/** The unfinished line (split() leaves at most that in the raw chunks). */
	private pendingText(): string {
		return this.chunks.join('');
	}

	private endPending(): void {
		this.split();
		const rest = this.takeRaw().text;
		if (rest !== '') this.append(normalizeLine(rest));
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
		this.split();
		const lines = new Array<string>(this.size);
		for (let i = 0; i < this.size; i++) lines[i] = this.ring[(this.start + i) % this.capacity] ?? '';
		this.snapshot = {lines, total: this.total, partial: normalizeLine(this.pendingText())};
		for (const listener of this.listeners) listener();
	}
}
