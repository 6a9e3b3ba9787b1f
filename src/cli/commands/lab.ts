import {Option, type Command} from 'commander';
import {LAB_STAGES} from '../../lessons/model.js';
import type {BuildStage} from '../actions/lab.js';
import type {CliContext} from '../context.js';
import {backendOption, type BackendOptions} from '../options.js';

export function registerLab(program: Command, ctx: CliContext): void {
	program
		.command('up')
		.description('build the lab: two kind clusters with Cilium, Hubble and Cluster Mesh, and the app (resumable)')
		.addOption(backendOption('kind'))
		.addOption(new Option('--until <stage>', 'stop after this stage').choices(LAB_STAGES.filter((s) => s !== 'none')).default('app'))
		.option('--dry-run', 'print the exact commands in order, with their parallel groups, and touch nothing')
		.option('--images <file>', 'load this prepared image archive (from `prepare`) instead of pulling; default: the one in the state folder, if any')
		.action(async (options: BackendOptions & {until: BuildStage; dryRun?: boolean; images?: string}) => {
			const {upAction} = await import('../actions/lab.js');
			await upAction(ctx, options);
		});

	program
		.command('down')
		.description('delete the lab: only the clusters and files this tool created')
		.addOption(backendOption('kind'))
		.option('--dry-run', 'print exactly what would be deleted (only what this tool created), and delete nothing')
		.action(async (options: BackendOptions & {dryRun?: boolean}) => {
			const {downAction} = await import('../actions/lab.js');
			await downAction(ctx, options);
		});

	program
		.command('status')
		.description('show what the lab has: clusters, Cilium, mesh, app, annotations and policies')
		.addOption(backendOption())
		.option('--json', 'print JSON (schema 1)')
		.action(async (options: BackendOptions & {json?: boolean}) => {
			const {statusAction} = await import('../actions/lab.js');
			await statusAction(ctx, options);
		});
}
