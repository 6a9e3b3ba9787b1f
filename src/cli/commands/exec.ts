import type {Command} from 'commander';
import {quote} from 'shell-quote';
import type {Target} from '../../core/lab.js';
import {linePrefixer, runLessonCommand} from '../../engine/run-command.js';
import type {CliContext} from '../context.js';
import {openBackend} from '../open-backend.js';
import {backendOption, clusterOption, type BackendOptions} from '../options.js';

/** One argument is a whole shell command line; several are argv words to quote and join. */
export function commandLine(words: readonly string[]): string {
	return words.length === 1 ? (words[0] ?? '') : quote([...words]);
}

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
			const backend = await openBackend(options.backend, ctx);
			const prefixer = linePrefixer(ctx.stdout);
			const errPrefixer = linePrefixer(ctx.stderr);
			const result = await runLessonCommand(
				backend,
				{target: options.cluster, command: commandLine(words)},
				{
					signal: ctx.signal,
					onOutput: (chunk) => {
						const write = chunk.stream === 'stdout' ? ctx.stdout : ctx.stderr;
						if (!chunk.cluster) write(chunk.text);
						else (chunk.stream === 'stdout' ? prefixer : errPrefixer).push(`[${chunk.cluster}] `, chunk.text);
					},
				},
			);
			prefixer.flush();
			errPrefixer.flush();
			ctx.setExitCode(result.exitCode);
		});
}
