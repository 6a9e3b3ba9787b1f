import type {ReactElement} from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';

/**
 * Renders with ink-testing-library (debug mode: every commit is one synchronous write, no
 * throttling) at a chosen terminal size. Its fake stdout is fixed at 100 columns with no
 * rows, and the TUI sizes every frame from both, so the size is set on the instance and
 * announced with `resize`, as a real terminal would.
 */
/** Keys as a terminal sends them. */
export const KEY = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
} as const;

/** React 19's scheduler and Ink's input parsing need a macrotask between keys. */
export const tick = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 0)));

type Stdout = ReturnType<typeof render>['stdout'];

export interface RenderedTui {
	readonly stdout: Stdout;
	/** The last frame, colour stripped. */
	frame(): string;
	/** Sends keys one at a time, yielding after each so handlers see the updated state. */
	press(...keys: string[]): Promise<void>;
	/** Types text character by character. */
	type(text: string): Promise<void>;
	/** Polls until the last frame satisfies the predicate (or contains the text); returns the frame. Throws with the last frame after `timeoutMs` (default 30 s: a bound for a hang on a loaded machine). */
	waitForFrame(predicate: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	/** Changes the terminal size and emits `resize`; resolves once the app has redrawn for it. */
	resize(columns: number, rows: number): Promise<void>;
	unmount(): void;
}

/**
 * The TUI debounces resize events (60 ms); wait a little longer than that. Not a race on a
 * loaded machine: Node runs expired timers in expiry order, so the app's debounce timer (set
 * first, due first) always fires before this one, and its re-render is synchronous (Ink's
 * legacy root).
 */
const RESIZE_SETTLE_MS = 120;

/** Renders at `columns`×`rows` (default 100×30) and resolves once the app has drawn at that size. */
export async function renderTui(tree: ReactElement, options: {columns?: number; rows?: number} = {}): Promise<RenderedTui> {
	const result = render(tree);
	const {stdout, stdin} = result;
	const frame = () => stripAnsi(result.lastFrame() ?? '');
	const resize = async (columns: number, rows: number) => {
		Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
		stdout.emit('resize');
		await new Promise((resolve) => setTimeout(resolve, RESIZE_SETTLE_MS));
	};
	await resize(options.columns ?? 100, options.rows ?? 30);
	return {
		stdout,
		frame,
		async press(...keys) {
			for (const key of keys) {
				stdin.write(key);
				await tick();
			}
		},
		async type(text) {
			for (const ch of text) {
				stdin.write(ch);
				await tick();
			}
		},
		async waitForFrame(predicate, timeoutMs = 30_000) {
			const test = typeof predicate === 'string' ? (f: string) => f.includes(predicate) : predicate;
			const end = Date.now() + timeoutMs;
			while (!test(frame())) {
				if (Date.now() > end) throw new Error(`no matching frame within ${timeoutMs} ms; last frame:\n${frame()}`);
				await tick();
			}
			return frame();
		},
		resize,
		unmount: () => result.unmount(),
	};
}

/** Frame height in rows (the TUI promises at most `rows - 1`). */
export function frameHeight(frame: string): number {
	return frame.replace(/\n$/, '').split('\n').length;
}
