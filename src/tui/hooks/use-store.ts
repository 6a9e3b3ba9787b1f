import {useSyncExternalStore} from 'react';
import type {LineSnapshot, LineStore} from '../store/line-store.js';
import type {OutputViewState, OutputViewStore} from '../store/output-view.js';
import type {SessionState} from '../store/session-state.js';
import type {SessionStore} from '../store/session-store.js';

/** The session state; re-renders on every store change. */
export function useSession(store: SessionStore): SessionState {
	return useSyncExternalStore(store.subscribe, store.getState);
}

/** The output lines; re-renders at most once per line-store batch. */
export function useLines(lines: LineStore): LineSnapshot {
	return useSyncExternalStore(lines.subscribe, lines.getSnapshot);
}

/** The output pane's wrap mode and sideways position. */
export function useOutputView(view: OutputViewStore): OutputViewState {
	return useSyncExternalStore(view.subscribe, view.getState);
}
