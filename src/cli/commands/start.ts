import type {Command} from 'commander';
import {EnvironmentError} from '../../core/errors.js';
import type {CliContext} from '../context.js';
import {backendOption, type BackendOptions} from '../options.js';

export function registerStart(program: Command, ctx: CliContext): void {
	program
		.command('start', {isDefault: true})
		.description('open the interactive tutorial (the default command)')
		.addOption(backendOption())
		.action(async (options: BackendOptions) => {
			if (!ctx.isTTY) {
				throw new EnvironmentError(
					'the interactive tutorial needs a terminal (stdin and stdout must be a TTY)',
					'to run lessons without a terminal use `clustermesh-tutor verify` (see --help)',
				);
			}
			// Ink and React load only here, so scriptable commands start fast.
			const {startTui} = await import('../../tui/start.js');
			await startTui(ctx, options.backend);
		});
}
