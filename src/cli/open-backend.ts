import type {Backend} from '../backends/backend.js';
import type {BackendChoice} from '../backends/choices.js';
import type {SimStore} from '../backends/sim/index.js';
import {openLab, type OpenedLab} from '../app/open-lab.js';
import type {CliContext} from './context.js';

/**
 * Opens the backend a command asked for through the composition root (`app/open-lab.ts`);
 * `auto` says on stderr which backend it picked and why.
 */
export async function openBackend(
	choice: BackendChoice,
	ctx: CliContext,
	/** The simulated lab to use instead of the learner's own (e.g. a fresh, throwaway one). */
	simStore?: SimStore,
): Promise<Backend> {
	return (await openCliLab(choice, ctx, simStore)).backend;
}

/** As `openBackend`, with which lab it is (`kind`: `sim`, `kind` or `attached`), for reports that name it. */
export async function openCliLab(choice: BackendChoice, ctx: CliContext, simStore?: SimStore): Promise<OpenedLab> {
	return openLab(ctx, choice, {simStore, announce: true});
}
