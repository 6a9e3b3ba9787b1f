import type {BackendKind} from '../../core/backend-kind.js';
import {fileSimStore} from '../../backends/sim/index.js';
import {deleteProgress} from '../../state/progress-file.js';
import type {CliContext} from '../context.js';

export async function resetAction(ctx: CliContext, options: {backend: BackendKind | 'auto'}): Promise<void> {
	const kinds: BackendKind[] = options.backend === 'auto' ? ['sim', 'kind'] : [options.backend];
	for (const kind of kinds) {
		await deleteProgress(ctx.paths.progress(kind));
		ctx.stdout(`cleared ${kind === 'sim' ? 'simulator' : 'live'} progress (${ctx.paths.progress(kind)})\n`);
	}
	if (kinds.includes('sim')) {
		await fileSimStore(ctx.paths.simState).reset();
		ctx.stdout(`cleared the simulated lab (${ctx.paths.simState})\n`);
	}
}
