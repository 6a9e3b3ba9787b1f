import type {Backend} from '../../backends/backend.js';
import type {Clock} from '../../core/clock.js';
import type {LabStateSpec, Lesson} from '../../lessons/model.js';
import type {Progress} from '../../state/progress.js';
import type {LineStore} from './line-store.js';
import type {ProgressSaver} from './progress-saver.js';
import type {BackendInfo} from './session-state.js';

/** What the store needs from the outside world; tests pass fakes. */
export interface SessionDeps {
	/** The output pane's buffer. */
	readonly lines: LineStore;
	/** Wall time for elapsed-time displays. @default Date.now */
	readonly now?: () => number;
}

/** What the session works on, once loaded (`startTui` opens it; tests pass fakes). */
export interface SessionLab {
	readonly lessons: readonly Lesson[];
	readonly backend: Backend;
	readonly info: BackendInfo;
	readonly progress: Progress;
	/** Drives check retries and their countdown; tests pass a virtual clock so checks never really wait. */
	readonly clock: Clock;
	/** Persists progress; absent in tests that do not care. */
	readonly saver?: ProgressSaver;
	/** Simulator: empty the lab (fresh start for catch-up and reset). */
	readonly wipe?: () => Promise<void>;
	/** Reads the live lab's state for a reset (lessons/lab-state `observeLabState`). */
	readonly observe?: (backend: Backend) => Promise<LabStateSpec>;
}

