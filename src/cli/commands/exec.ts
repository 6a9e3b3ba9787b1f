import type {Command} from 'commander';
import type {Target} from '../../core/lab.js';
import type {CliContext} from '../context.js';
import {backendOption, clusterOption, type BackendOptions} from '../options.js';

export function registerExec(program: Command, ctx: CliContext): void {
	program
		.command('exec')
		.description('run one lesson-style command in a lab cluster (or both, or lab-wide) and stream its output')
		.addOption(clusterOption('--cluster <target>', 'where to run it: koornacht, tion, both (each in turn) or lab (both contexts)', true))
		.addOption(backendOption())
		.argument('<command...>', 'the command, after `--` (one quoted string, or words)')
		.addHelpText(
			'after',
			`
Examples:
  $ clustermesh-tutor exec --cluster koornacht -- kubectl get pods
  $ clustermesh-tutor exec --cluster both -- 'kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite'
  $ clustermesh-tutor exec --cluster lab -- cilium clustermesh connect --context kind-koornacht --destination-context kind-tion

Exit code: the command's own; with --cluster both, the first non-zero one.`,
		)
		.action(async (words: string[], options: BackendOptions & {cluster: Target}) => {
			const {execAction} = await import('../actions/exec.js');
			await execAction(ctx, words, options);
		});
}
