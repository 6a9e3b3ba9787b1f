import type {Command} from 'commander';
import type {CliContext} from '../context.js';

export function registerAttach(program: Command, ctx: CliContext): void {
	program
		.command('attach')
		.description('run lessons 3–10 on two meshed clusters of your own, confined to one namespace (asks before recording)')
		.requiredOption('--kubeconfig <file>', 'the kubeconfig holding both contexts (read once: the tool copies the two contexts into its own file)')
		.requiredOption('--koornacht <context>', 'the context of the cluster that plays Koornacht')
		.requiredOption('--tion <context>', 'the context of the cluster that plays Tion')
		.option('--namespace <name>', 'the only namespace lessons may change', 'clustermesh-tutor')
		.option('--yes', 'record the attachment without asking')
		.option('--dry-run', 'check and show what attach found and would do; record nothing')
		.option('--json', 'print JSON (schema 1): {schema, ok, findings, namespace, clusters, plan, recorded}')
		.addHelpText('after', '\nExit code: 1 when a precondition fails (each comes with its fix), 2 for bad flags.')
		.action(async (options: {kubeconfig: string; koornacht: string; tion: string; namespace: string; yes?: boolean; dryRun?: boolean; json?: boolean}) => {
			const {attachAction} = await import('../actions/attach.js');
			await attachAction(ctx, options);
		});

	program
		.command('detach')
		.description('delete what the tutorial created in the attached namespace (and the namespace, if attach created it), then forget the attachment')
		.option('--dry-run', 'list exactly what would be deleted; change nothing')
		.action(async (options: {dryRun?: boolean}) => {
			const {detachAction} = await import('../actions/attach.js');
			await detachAction(ctx, options);
		});
}
