import type {Backend} from '../backends/backend.js';
import {chooseBackend, probeLiveEnvironment, type BackendChoice} from '../backends/select.js';
import {createSimBackend, fileSimStore} from '../backends/sim/index.js';
import type {CliContext} from './context.js';

/**
 * Opens the backend a command asked for. `auto` looks at the machine and says on stderr
 * which backend it picked and why; the kind backend is loaded only when used.
 */
export async function openBackend(choice: BackendChoice, ctx: CliContext): Promise<Backend> {
	const environment = choice === 'auto' ? await probeLiveEnvironment(undefined, ctx.env) : undefined;
	const decision = chooseBackend(choice, environment);
	if (choice === 'auto') ctx.stderr(`backend: ${decision.reason}\n`);
	if (decision.kind === 'sim') return openSimBackend(ctx);
	const {openKindBackend} = await import('../backends/kind/open.js');
	return openKindBackend(ctx);
}

export function openSimBackend(ctx: CliContext): Backend {
	return createSimBackend({store: fileSimStore(ctx.paths.simState), root: ctx.root, cwd: ctx.cwd});
}
