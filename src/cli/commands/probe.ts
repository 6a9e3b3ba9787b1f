import {Option, type Command} from 'commander';
import {DEFAULT_PROBE} from '../../checks/spec.js';
import type {CliContext} from '../context.js';
import type {ProbeOptions} from '../actions/probe.js';
import {backendOption, clusterOption, intInRange} from '../options.js';

export function registerProbe(program: Command, ctx: CliContext): void {
	program
		.command('probe')
		.description("send requests from a cluster's x-wing to rebel-base and classify each reply by the cluster that answered")
		.addOption(clusterOption('--from <cluster>', 'the cluster whose x-wing sends the requests'))
		.option('--count <n>', 'number of requests', intInRange(1, 100), DEFAULT_PROBE.count)
		.option('--timeout <seconds>', 'curl --max-time per request', intInRange(1, 30), DEFAULT_PROBE.timeoutSeconds)
		.addOption(new Option('--expect <verdict>', 'exit 1 unless the replies meet this verdict (e.g. mixed, only:tion, partial:koornacht, timeout)'))
		.option('--json', 'print JSON (schema 1) for scripts')
		.addOption(backendOption())
		.action(
			async (options: ProbeOptions) => {
				const {probeAction} = await import('../actions/probe.js');
				await probeAction(ctx, options);
			},
		);
}
