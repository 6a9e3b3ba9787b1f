import {useSyncExternalStore} from 'react';
import type {LineSnapshot, LineStore} from '../store/line-store.js';
import type {OutputViewState, OutputViewStore} from '../store/output-view.js';
import type {SessionState} from '../store/session-state.js';
import type {SessionStore} from '../store/session-store.js';

/** The session state; re-renders on every store change. */
export function useSession(store: SessionStore): SessionState {
	return useSyncExternalStore(store.subscribe, store.getState);
}

const unsubscribed = () => () => undefined;

/**
 * The output lines; re-renders at most once per line-store batch. While `paced` (the
 * screen already redraws on a clock tick, as while a command runs) the batches do not
 * trigger renders of their own: each tick draws the newest lines, so a fast stream costs
 * one frame per tick instead of two (every frame re-lays out and re-diffs the screen).
 */
export function useLines(lines: LineStore, paced = false): LineSnapshot {
	return useSyncExternalStore(paced ? unsubscribed : lines.subscribe, lines.getSnapshot);
}

/** The output pane's wrap mode and sideways position. */
export function useOutputView(view: OutputViewStore): OutputViewState {
	return useSyncExternalStore(view.subscribe, view.getState);
}
