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

/** The advice for anything the gate will not run: it is the learner's call, in their own shell. */
export const OWN_SHELL = 'run it in your own shell if you mean it';

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

/** The one message both backends print for a refused command (nothing ran). */
export function formatRefusal(verdict: Extract<GateVerdict, {ok: false}>): string {
	const fix = verdict.fix === OWN_SHELL ? '' : `  fix: ${verdict.fix}\n`;
	return `clustermesh-tutor refused to run this command: ${verdict.reason}\n${fix}  The tool only runs what it can prove stays inside the lab; ${OWN_SHELL}.\n`;
}
