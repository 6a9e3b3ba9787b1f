import type {BackendKind} from '../core/backend-kind.js';
import type {ClusterName} from '../core/lab.js';
import type {Observer} from './observations.js';

/** A piece of a command's output as it arrives. */
export interface OutputChunk {
	readonly stream: 'stdout' | 'stderr';
	readonly text: string;
	/**
	 * The bytes exactly as a real process wrote them (live backend), for writers that pass output
	 * through untouched; `text` is their UTF-8 decoding (a character split across chunks arrives
	 * whole in the later one, so `text` may be empty while `raw` is not).
	 */
	readonly raw?: Uint8Array;
}

/** One command, run in one cluster's context or lab-wide (both contexts, named explicitly). */
export interface RunRequest {
	readonly command: string;
	readonly target: ClusterName | 'lab';
	readonly stdin?: string;
	readonly signal?: AbortSignal;
	readonly onOutput: (chunk: OutputChunk) => void;
}

export interface RunResult {
	readonly exitCode: number;
	/** Cancelled by the learner (Ctrl-C); the exit code is then 130. */
	readonly cancelled: boolean;
	/** On the simulator, when the command would have waited: the time it would have taken (its timeouts and sleeps), not waited. */
	readonly simulatedMs?: number;
}

/** How long checks keep retrying while the mesh converges. */
export interface CheckTiming {
	readonly budgetMs: number;
	readonly intervalMs: number;
}

/**
 * The contract both backends keep: run lesson commands and observe the outcome.
 * Lifecycle (up/down/status) lives in lab/ and is built from `run` and `observer`.
 */
export interface Backend {
	readonly kind: BackendKind;
	/** What the learner sees in the header: LIVE, SIMULATION, or ATTACHED with both context names. */
	readonly label: 'LIVE' | 'SIMULATION' | `ATTACHED ${string}`;
	readonly observer: Observer;
	readonly checkTiming: CheckTiming;
	run(request: RunRequest): Promise<RunResult>;
}

/**
 * Saving and restoring the whole lab, and telling whether commands changed it: what the
 * author harness needs besides the backend. Only the simulator offers it (it is in-process).
 */
export interface LabSnapshots<S> {
	snapshot(): Promise<S>;
	restore(snapshot: S): Promise<void>;
	/** Whether the lab differs from the snapshot in anything a check could observe. */
	changedSince(snapshot: S): Promise<boolean>;
}
