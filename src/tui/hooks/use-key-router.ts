import {useCallback, useEffect, useRef} from 'react';
import {useInput, useStdin, type Key} from 'ink';
import {handleKey, handlePaste, type ScrollLimits} from '../keys/handle-key.js';
import type {OutputViewStore} from '../store/output-view.js';
import type {SessionStore} from '../store/session-store.js';

/** How Ink passes on the bracketed-paste marks (it strips their ESC). */
const PASTE_START = '[200~';
const PASTE_END = '[201~';

/** Keys typed while the lesson shows but the backend still opens: kept, not lost. */
const waitsForBackend = (store: SessionStore, input: string, key: Key) => {
	const state = store.getState();
	return state.screen === 'boot' && !state.fatal && !(key.ctrl && input === 'c') && input !== 'q';
};

/**
 * Installs the app's only `useInput`. The handler is stable (Ink 6 re-subscribes whenever
 * the handler changes, ink-engineering §1.4) and asks for the latest scroll limits per key.
 * The first lesson is drawn before the backend has opened: keys typed then (Enter, right
 * away) are replayed, in order, once it has. A bracketed paste (the terminal wraps it in
 * ESC[200~ … ESC[201~, which Ink passes on as `[200~` and `[201~`) is collected and handed
 * over whole, never as keys. Gated on raw-mode support: without it `useInput` would throw.
 */
export function useKeyRouter(store: SessionStore, limits: () => ScrollLimits, view?: OutputViewStore): void {
	const {isRawModeSupported} = useStdin();
	const typedAhead = useRef<[string, Key][]>([]);
	const pasted = useRef<string | undefined>(undefined);
	const onInput = useCallback(
		(input: string, key: Key) => {
			if (input === PASTE_START) {
				pasted.current = '';
				return;
			}
			if (pasted.current !== undefined) {
				if (input !== PASTE_END) {
					// Ink reports a lone Enter or Tab in the paste as a key with no text.
					pasted.current += key.return ? '\r' : key.tab ? '\t' : input;
					return;
				}
				const text = pasted.current;
				pasted.current = undefined;
				return handlePaste(store, text);
			}
			if (waitsForBackend(store, input, key)) typedAhead.current.push([input, key]);
			else handleKey(store, input, key, limits(), view);
		},
		[store, limits, view],
	);
	useEffect(
		() =>
			store.subscribe(() => {
				if (store.getState().screen === 'boot' || typedAhead.current.length === 0) return;
				for (const [input, key] of typedAhead.current.splice(0)) handleKey(store, input, key, limits(), view);
			}),
		[store, limits, view],
	);
	useInput(onInput, {isActive: isRawModeSupported});
}
