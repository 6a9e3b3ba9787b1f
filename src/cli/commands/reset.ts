import type {Command} from 'commander';
import {Option} from 'commander';
import {fileSimStore} from '../../backends/sim/index.js';
import type {BackendKind} from '../../backends/backend.js';
import {deleteProgress} from '../../state/progress.js';
import type {CliContext} from '../context.js';

export function registerReset(program: Command, ctx: CliContext): void {
	program
		.command('reset')
		.description('clear your progress and the simulated lab (never touches live clusters; use `down` for those)')
		.addOption(
			new Option('--backend <backend>', 'reset only this backend\'s progress (sim also clears the simulated lab)').choices([
				'sim',
				'kind',
			]),
		)
		.action(async (options: {backend?: BackendKind}) => {
			const kinds: BackendKind[] = options.backend ? [options.backend] : ['sim', 'kind'];
			for (const kind of kinds) {
				await deleteProgress(ctx.paths.progress(kind));
				ctx.stdout(`cleared ${kind === 'sim' ? 'simulator' : 'live'} progress (${ctx.paths.progress(kind)})\n`);
			}
			if (kinds.includes('sim')) {
				await fileSimStore(ctx.paths.simState).reset();
				ctx.stdout(`cleared the simulated lab (${ctx.paths.simState})\n`);
			}
		});
}
