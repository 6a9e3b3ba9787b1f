import type {Command} from 'commander';
import type {CliContext} from '../context.js';
import type {PrepareOptions} from '../actions/prepare.js';

export function registerPrepare(program: Command, ctx: CliContext): void {
	program
		.command('prepare')
		.description('pull every image the lab uses (kind node, Cilium, the app) once and save them to one archive that `up` loads offline')
		.option('--advanced', 'also the images of the optional lessons (SPIRE for mutual authentication)')
		.option('--output <file>', 'write the archive here (its manifest beside it, <file>.manifest.json); default: the state folder')
		.option('--platform <os/arch>', "pull and save the images for this platform (linux/amd64, linux/arm64); default: the Docker engine's")
		.option('--dry-run', 'print the docker commands and where the archive goes; pull nothing')
		.option('--check <file>', 'verify an archive (present, complete, pinned digests, SHA-256) without Docker')
		.addHelpText(
			'after',
			`
For a room with one Wi-Fi: run it once, copy the archive and its manifest to each laptop (or a USB stick),
check them with \`prepare --check FILE\` (laptops of another CPU need an archive made with --platform), then \`up --images FILE\` builds the lab with no registry traffic.
Exit code: 0 when the archive is complete, 1 otherwise.`,
		)
		.action(async (options: PrepareOptions) => {
			const {prepareAction} = await import('../actions/prepare.js');
			await prepareAction(ctx, options);
		});
}
