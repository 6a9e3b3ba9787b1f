/** How the output pane lays out long lines: wrapped (the default), or cut and scrolled sideways. */
export interface OutputViewState {
	readonly wrap: boolean;
	/** First column shown when not wrapping. */
	readonly column: number;
}

/**
 * The output pane's view options, a store of its own: how to draw lines is no part of the
 * session (the engine never reads it), and keeping it apart leaves the session store alone.
 */
export class OutputViewStore {
	private state: OutputViewState = {wrap: true, column: 0};
	private readonly listeners = new Set<() => void>();

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	getState = (): OutputViewState => this.state;

	/** Wrap on, or off (sideways scrolling back at the first column). */
	toggleWrap(): void {
		this.set({wrap: !this.state.wrap, column: 0});
	}

	/** Scrolls sideways by `delta` columns, within 0…`max`; only while not wrapping. */
	scrollColumns(delta: number, max: number): void {
		if (this.state.wrap) return;
		const column = Math.min(Math.max(0, max), Math.max(0, this.state.column + delta));
		if (column !== this.state.column) this.set({...this.state, column});
	}

	private set(state: OutputViewState): void {
		this.state = state;
		for (const listener of this.listeners) listener();
	}
}
