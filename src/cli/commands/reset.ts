import {Option, type Command} from 'commander';
import type {BackendKind} from '../../core/backend-kind.js';
import type {CliContext} from '../context.js';

export function registerReset(program: Command, ctx: CliContext): void {
	program
		.command('reset')
		.description('clear your progress and the simulated lab (never touches live clusters; use `down` for those)')
		.addOption(
			new Option('--backend <backend>', "auto: everything; kind or sim: only that backend's progress (sim also clears the simulated lab)")
				.choices(['auto', 'kind', 'sim'])
				.default('auto'),
		)
		.option('-y, --yes', 'do not ask first (a terminal is asked; scripts never are)')
		.action(async (options: {backend: BackendKind | 'auto'; yes?: boolean}) => {
			const {resetAction} = await import('../actions/reset.js');
			await resetAction(ctx, options);
		});
}
