import {useCallback} from 'react';
import {useInput, useStdin, type Key} from 'ink';
import {handleKey, type ScrollLimits} from '../keys/handle-key.js';
import type {OutputViewStore} from '../store/output-view.js';
import type {SessionStore} from '../store/session-store.js';

/**
 * Installs the app's only `useInput`. The handler is stable (Ink 6 re-subscribes whenever
 * the handler changes, ink-engineering §1.4) and asks for the latest scroll limits per key.
 * Gated on raw-mode support: without it `useInput` would throw.
 */
export function useKeyRouter(store: SessionStore, limits: () => ScrollLimits, view?: OutputViewStore): void {
	const {isRawModeSupported} = useStdin();
	const onInput = useCallback((input: string, key: Key) => handleKey(store, input, key, limits(), view), [store, limits, view]);
	useInput(onInput, {isActive: isRawModeSupported});
}
