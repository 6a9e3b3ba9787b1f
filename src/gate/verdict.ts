import type {ClusterName} from '../core/lab.js';

/** What the gate knows about where a command runs; pure data the caller supplies. */
export interface GateContext {
	readonly target: ClusterName | 'lab';
	/** Lab clusters this tool created (the only ones it may touch). */
	readonly owned: readonly ClusterName[];
	/** The tool's own kubeconfig for the target: the only file `--kubeconfig` may name. */
	readonly kubeconfig: string;
	/**
	 * Where prepared image archives may be read and written (the live runner's images folder) and
	 * the archives `up --images` was given (read only). Without it, no archive is loaded or saved.
	 */
	readonly images?: {
		readonly folder: string;
		readonly archives?: readonly string[];
		/** `prepare` is building the archive: it may also pull, tag and inspect the pinned images. */
		readonly prepare?: boolean;
	};
	/** Each cluster's context name, when it is not kind's `kind-<cluster>` (attached clusters). */
	readonly contexts?: Readonly<Record<ClusterName, string>>;
}

export type GateVerdict = {readonly ok: true} | {readonly ok: false; readonly reason: string; readonly fix: string};

export const ALLOWED: GateVerdict = {ok: true};

/** The advice for anything the tutorial will not run: it is the learner's call, in their own terminal. */
export const OWN_SHELL = 'run it in your own terminal, outside the tutorial, if you mean it';

/** Thrown inside the gate's walk; the first refusal ends it. */
export class Refusal extends Error {
	constructor(
		readonly reason: string,
		readonly fix: string = OWN_SHELL,
	) {
		super(reason);
		this.name = 'Refusal';
	}
}

/**
 * The one message both backends print for a refused command (nothing ran), in the learner's
 * words: what was not run and why, what to do instead, and the rule behind it.
 */
export function formatRefusal(verdict: Extract<GateVerdict, {ok: false}>): string {
	return `clustermesh-tutor did not run this command: ${verdict.reason}\n  instead: ${verdict.fix}\n  (the tutorial runs only commands it can check stay inside its own lab)\n`;
}
