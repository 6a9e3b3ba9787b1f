import type {Backend} from '../backends/backend.js';
import type {BackendChoice} from '../backends/choices.js';
import type {LabKind} from '../core/backend-kind.js';
import type {KindHost} from '../backends/kind/open.js';
import {chooseBackend, probeLiveEnvironment, type BackendDecision, type LiveEnvironment} from '../backends/select.js';
import type {SimStore} from '../backends/sim/index.js';
import {errorText} from '../core/text.js';

/**
 * The composition root: the one place that knows every backend. The CLI and the TUI open a
 * lab here; backends never reach back into `cli/` or `engine/`, and the engine only sees the
 * `Backend` contract. The live backend (and the Kubernetes client with it) loads only when used.
 */

/** What opening a lab needs from its host (the CLI's context satisfies it). */
export type LabHost = KindHost;

/** An open lab: the backend, why it was picked, and its lifecycle. */
export interface OpenedLab {
	readonly backend: Backend;
	/** Which lab this is: progress is kept, and reports name it, by this (`attached`: the learner's own clusters). */
	readonly kind: LabKind;
	/** Why this backend, one sentence for a notice line ("Running on the simulator: …"). */
	readonly reason: string;
	/** Simulator only: empty the lab (a fresh start for catch-up and reset). */
	readonly wipe?: () => Promise<void>;
	/** Deletes the lab: the simulated state, or the live clusters the tool created (and only those). */
	down(): Promise<void>;
}

export interface OpenLabOptions {
	/** The simulated lab to use instead of the learner's own (e.g. a fresh, throwaway one for `verify`). */
	readonly simStore?: SimStore;
	/** Say on stderr which backend `auto` picked and why. @default false */
	readonly announce?: boolean;
	/** The choice `decideLab` already made (the TUI decides first, draws, then opens). */
	readonly decided?: LabDecision;
}

/** Which backend a choice opens, and what the Docker/kind probe saw (`auto` only). */
export interface LabDecision {
	readonly decision: BackendDecision;
	readonly environment?: LiveEnvironment;
}

/** Decides which backend to open: `auto` probes Docker and kind. Loads no backend. */
export async function decideLab(host: LabHost, choice: BackendChoice): Promise<LabDecision> {
	const environment = choice === 'auto' ? await probeLiveEnvironment(undefined, host.env) : undefined;
	return {decision: chooseBackend(choice, environment), environment};
}

/**
 * Opens the backend asked for. `auto` probes Docker and kind and picks; when the live
 * backend then fails to open, it falls back to the simulator and says why. An explicit
 * `kind` fails with the live backend's error (exit 4, with the fix).
 */
export async function openLab(host: LabHost, choice: BackendChoice, options: OpenLabOptions = {}): Promise<OpenedLab> {
	// Attached clusters were an explicit opt-in (`attach`): every backend but the simulator uses them until `detach`.
	if (choice !== 'sim') {
		const {attachPaths, readAttachment, describeAttachment} = await import('../attach/attachment.js');
		const attachment = await readAttachment(attachPaths(host.paths.home));
		if (attachment) {
			const {openAttachedBackend, refuseDown} = await import('../backends/attached/open.js');
			const reason = `Running on your ${describeAttachment(attachment)}.`;
			const backend = await openAttachedBackend(host, attachment);
			if (options.announce) host.stderr(`backend: ${reason}\n`);
			return {backend, kind: 'attached', reason, down: async () => refuseDown()};
		}
	}
	const {decision, environment} = options.decided ?? (await decideLab(host, choice));
	// Each backend loads only when it is used.
	const simulator = async (reason: string): Promise<OpenedLab> => {
		const {createSimBackend, fileSimStore} = await import('../backends/sim/index.js');
		if (options.announce && choice === 'auto') host.stderr(`backend: ${reason}\n`);
		const store = options.simStore ?? fileSimStore(host.paths.simState);
		return {
			backend: createSimBackend({store, root: host.root, cwd: host.cwd}),
			kind: 'sim',
			reason: `Running on the ${reason}.`,
			wipe: () => store.reset(),
			down: async () => {
				await store.reset();
				host.stdout('deleted the simulated lab\n');
			},
		};
	};
	if (decision.kind === 'sim') return simulator(decision.reason);
	const {openKindBackend, downLiveLab} = await import('../backends/kind/open.js');
	try {
		const backend = await openKindBackend(host, environment);
		if (options.announce && choice === 'auto') host.stderr(`backend: ${decision.reason}\n`);
		return {backend, kind: 'kind', reason: `Running on the ${decision.reason}.`, down: () => downLiveLab(host)};
	} catch (error) {
		if (choice !== 'auto') throw error;
		return simulator(`simulator: the live backend could not start (${errorText(error)})`);
	}
}
