import type {Backend} from '../backends/backend.js';
import {chooseBackend, probeLiveEnvironment, type BackendChoice} from '../backends/select.js';
import {createSimBackend, fileSimStore, type SimStore} from '../backends/sim/index.js';
import type {CliContext} from './context.js';

/**
 * Opens the backend a command asked for. `auto` looks at the machine and says on stderr
 * which backend it picked and why; the kind backend is loaded only when used.
 */
export async function openBackend(
	choice: BackendChoice,
	ctx: CliContext,
	/** The simulated lab to use instead of the learner's own (e.g. a fresh, throwaway one). */
	simStore: SimStore = fileSimStore(ctx.paths.simState),
): Promise<Backend> {
	const environment = choice === 'auto' ? await probeLiveEnvironment(undefined, ctx.env) : undefined;
	const decision = chooseBackend(choice, environment);
	if (choice === 'auto') ctx.stderr(`backend: ${decision.reason}\n`);
	if (decision.kind === 'sim') return createSimBackend({store: simStore, root: ctx.root, cwd: ctx.cwd});
	const {openKindBackend} = await import('../backends/kind/open.js');
	return openKindBackend(ctx, environment);
}

export function openSimBackend(ctx: CliContext): Backend {
	return createSimBackend({store: fileSimStore(ctx.paths.simState), root: ctx.root, cwd: ctx.cwd});
}
