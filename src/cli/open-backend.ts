import type {Backend} from '../backends/backend.js';
import type {BackendChoice} from '../backends/choices.js';
import type {SimStore} from '../backends/sim/index.js';
import {openLab} from '../app/open-lab.js';
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
	return (await openLab(ctx, choice, {simStore, announce: true})).backend;
}
