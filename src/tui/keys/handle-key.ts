import type {Key} from 'ink';
import type {OutputViewStore} from '../store/output-view.js';
import {confirmDefault, isBusy, type Confirm, type Pane} from '../store/session-state.js';
import type {SessionStore} from '../store/session-store.js';

/** How far each pane can scroll right now, and a page's height (from the last drawn layout). */
export interface ScrollLimits {
	readonly content: number;
	readonly contentPage: number;
	readonly output: number;
	readonly outputPage: number;
	/** How far the output scrolls sideways (only when not wrapping). */
	readonly outputColumns: number;
	readonly check: number;
	readonly checkPage: number;
	/** The panes Tab moves through, in screen order (the check panel only while it has more than it shows). */
	readonly panes: readonly Pane[];
	/** The check panel's row where the next hint will appear (the newest one's), -1 without one. */
	readonly hintRow: number;
}

export const NO_LIMITS: ScrollLimits = {content: 0, contentPage: 1, output: 0, outputPage: 1, outputColumns: 0, check: 0, checkPage: 1, panes: ['content', 'output'], hintRow: -1};

/** Columns ←/→ move the output sideways. */
const SIDEWAYS_STEP = 8;

/** Panes report their limits after each layout; the key router reads the latest. */
export type ReportLimits = (limits: Partial<ScrollLimits>) => void;

/** Async actions report failures on the notice line instead of crashing the app. */
function fire(store: SessionStore, work: Promise<void>): void {
	work.catch((error: unknown) => store.report(error));
}

/**
 * The one key router: every key of the app arrives here (one `useInput`, so no two
 * handlers compete and Ink's raw-mode reference count stays simple) and becomes a store
 * action. Ctrl-C comes first: it must work in every state. In the command line it drops the
 * typed line, as in a shell; elsewhere it cancels what runs, or ends the session when idle.
 */
export function handleKey(store: SessionStore, input: string, key: Key, limits: ScrollLimits, view?: OutputViewStore): void {
	const state = store.getState();
	if (key.ctrl && input === 'c') {
		if (state.modal?.kind === 'prompt') return store.abandonLine();
		store.interrupt();
		return;
	}
	if (state.exiting) return;
	const modal = state.modal;
	if (modal?.kind === 'prompt') return promptKey(store, input, key);
	// Keys sent faster than the terminal is read arrive as one chunk ("2\r"); outside the
	// command line each character is its own key.
	if (input.length > 1 && !key.ctrl && !key.meta) {
		for (const ch of input) handleKey(store, ch === '\r' ? '' : ch, {...key, return: ch === '\r'}, limits, view);
		return;
	}
	if (modal?.kind === 'confirm') return confirmKey(store, modal.confirm, input, key);
	if (modal?.kind === 'help') {
		if (input === 'q') store.requestQuit();
		else store.closeModal();
		return;
	}
	if (input === '?') return store.toggleHelp();
	if (input === 'q') return store.requestQuit();
	switch (state.screen) {
		case 'boot':
			return;
		case 'list':
			if (key.upArrow || input === 'k') store.moveListCursor(-1);
			else if (key.downArrow || input === 'j') store.moveListCursor(1);
			else if (key.pageUp) store.moveListCursor(-10);
			else if (key.pageDown) store.moveListCursor(10);
			else if (key.return) fire(store, store.openSelected());
			else if (key.escape || input === 'l') store.closeList();
			return;
		case 'finish':
			if (input === 'l' || key.return) store.showList();
			else if (input === 'p' || key.leftArrow) store.prev();
			return;
		case 'intro':
		case 'step':
			return lessonKey(store, input, key, limits, view);
	}
}

/** Keys that only look around: they work while a command, check or lab task runs. */
function looksAround(input: string, key: Key): boolean {
	return key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.home || key.end || key.tab || key.leftArrow || key.rightArrow || input === 'w';
}

function lessonKey(store: SessionStore, input: string, key: Key, limits: ScrollLimits, view?: OutputViewStore): void {
	const state = store.getState();
	const pane = state.pane;
	// While something runs, keys that would act (or open another screen) wait: say so instead.
	if (isBusy(state) && !looksAround(input, key)) return store.busyNotice();
	if (isBusy(state) && (key.leftArrow || key.rightArrow) && !(view && !view.getState().wrap && pane === 'output')) return store.busyNotice();
	// Not wrapping, ←/→ scroll the focused output sideways; everywhere else they change step.
	if (view && !view.getState().wrap && pane === 'output' && (key.leftArrow || key.rightArrow)) {
		return view.scrollColumns(key.rightArrow ? SIDEWAYS_STEP : -SIDEWAYS_STEP, limits.outputColumns);
	}
	const max = {content: limits.content, output: limits.output, check: limits.check}[pane];
	const page = Math.max(1, {content: limits.contentPage, output: limits.outputPage, check: limits.checkPage}[pane] - 1);
	// The output scrolls from the newest line back, so "up" grows its offset.
	const up = pane === 'output' ? 1 : -1;
	// Wrapped output's limit is a lower bound until every line was wrapped (`outputRows` wraps
	// only what the view needs), and keys in one burst all see the last frame's: back into the
	// output, only the frame clamps (it wraps as far back as asked), so a burst reaches the top.
	const older = pane === 'output' && view?.getState().wrap !== false ? Number.MAX_SAFE_INTEGER : max;
	if (key.return) return fire(store, store.runStep());
	if (key.rightArrow || input === 'n') return store.next();
	if (key.leftArrow || input === 'p') return store.prev();
	if (key.tab) return store.togglePane(limits.panes);
	if (key.upArrow) return store.scroll(pane, up, up > 0 ? older : max);
	if (key.downArrow) return store.scroll(pane, -up, max);
	if (key.pageUp) return store.scroll(pane, up * page, up > 0 ? older : max);
	if (key.pageDown) return store.scroll(pane, -up * page, max);
	if (key.home) return up > 0 ? store.scroll(pane, older, older) : store.scroll(pane, -max, max);
	if (key.end) return store.scroll(pane, -up * max, max);
	if (/^[1-9]$/.test(input)) return store.toggleChoice(Number(input) - 1);
	switch (input) {
		case 't':
			return store.startTyping();
		case 'c':
			return fire(store, store.recheck());
		case 'h':
			return nextHint(store, limits);
		case 's':
			return store.askSolution();
		case 'r':
			return store.askReset('step');
		case 'R':
			return store.askReset('lesson');
		case 'l':
			return store.showList();
		case 'w':
			return view?.toggleWrap();
	}
}

/**
 * `h`: the next hint. It appears where the newest one was (hints list newest first); when
 * the check panel scrolls and that row is out of its view, the panel scrolls to it.
 */
function nextHint(store: SessionStore, limits: ScrollLimits): void {
	const before = store.getState();
	store.nextHint();
	const {hintRow, check, checkPage} = limits;
	const top = before.scroll.check;
	if (store.getState().progress === before.progress || hintRow < 0 || check === 0 || (hintRow >= top && hintRow < top + checkPage - 1)) return;
	// The panel grows by the new hint: allow for the rows it adds (the next frame clamps).
	store.scroll('check', hintRow - top, Number.MAX_SAFE_INTEGER);
}

function promptKey(store: SessionStore, input: string, key: Key): void {
	if (key.return) return fire(store, store.submitTyped());
	if (key.escape) return store.closeModal();
	if (key.tab) return store.cycleTarget();
	// Most terminals send DEL (0x7f) for Backspace, which Ink 6 reports as `delete`.
	if (key.backspace || key.delete) return store.edit({type: 'backspace'});
	if (key.leftArrow) return store.edit({type: 'left'});
	if (key.rightArrow) return store.edit({type: 'right'});
	if (key.home || (key.ctrl && input === 'a')) return store.edit({type: 'home'});
	if (key.end || (key.ctrl && input === 'e')) return store.edit({type: 'end'});
	if (key.ctrl && input === 'u') return store.edit({type: 'clear'});
	if (key.upArrow) return store.edit({type: 'older'});
	if (key.downArrow) return store.edit({type: 'newer'});
	if (key.ctrl || key.meta || key.pageUp || key.pageDown) return;
	// Text and Enter can arrive in one chunk ("pods\r" from fast keys): like a shell, the line
	// runs at the return. Several lines in one chunk are a paste: they wait, joined, to be read.
	const line = /^([^\r\n]*)(?:\r\n?|\n)$/.exec(input);
	if (line) {
		if (line[1]) store.edit({type: 'insert', text: line[1]});
		return fire(store, store.submitTyped());
	}
	if (/[\r\n]/.test(input)) return handlePaste(store, input);
	if (input) store.edit({type: 'insert', text: input});
}

/**
 * A bracketed paste, whole: into the command line, never run (even with a line break at its
 * end: the learner reads it, then presses Enter); anywhere else it is not taken for keys.
 */
export function handlePaste(store: SessionStore, text: string): void {
	if (store.getState().modal?.kind !== 'prompt') return store.pasteOutsideLine();
	const line = text.replace(/[\r\n]+$/, '');
	if (line) store.edit({type: 'insert', text: line});
	if (/[\r\n]/.test(text)) store.pastedLines(/[\r\n]/.test(line));
}

function confirmKey(store: SessionStore, confirm: Confirm, input: string, key: Key): void {
	const answer = (choice: 'yes' | 'no' | 'alt') => fire(store, store.answer(choice));
	// Enter does what the dialog marks as its default (see `confirmDefault`).
	if (key.return) return answer(confirmDefault(confirm));
	if (input === 'y') return answer('yes');
	if (confirm.type === 'skip' && input === 'k') return answer('alt');
	if (key.escape) {
		// Esc backs out entirely; for catch-up that means staying where the learner was.
		if (confirm.type === 'catch-up') return store.closeModal();
		return answer('no');
	}
	if (input === 'n') return answer('no');
}
