import type {Command} from 'commander';
import type {CliContext} from '../context.js';
import type {VerifyOptions} from '../actions/verify.js';
import {backendOption, intInRange} from '../options.js';

export function registerVerify(program: Command, ctx: CliContext): void {
	program
		.command('verify')
		.description('run lessons headless from a fresh lab, step by step with their checks')
		.option('--lesson <id>', 'a lesson to verify (number or id; repeatable); default: every core lesson', collect, [])
		.option('--json', 'print a JSON report (schema 1)')
		.option('--junit <file>', 'also write the report as JUnit XML (one testsuite per lesson, one testcase per step)')
		.option('--strict', 'also fail when a step was skipped (e.g. live-only steps on the simulator)')
		.option('--seed <n>', 'simulator only: seed for the random load spreading', intInRange(0, 2 ** 31 - 1))
		.addOption(backendOption())
		.addHelpText(
			'after',
			`
On the simulator every run starts from a fresh, throwaway lab (your own lab and progress are untouched).
On live clusters it runs against the tool's lab, building what is missing first.
Exit code: 0 when every non-skipped check passed, 1 otherwise.`,
		)
		.action(async (options: VerifyOptions) => {
			const {verifyAction} = await import('../actions/verify.js');
			await verifyAction(ctx, options);
		});
}

function collect(value: string, previous: string[]): string[] {
	return [...previous, value];
}
