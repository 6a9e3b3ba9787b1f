import {Command, CommanderError} from 'commander';
import {ObservationError} from '../backends/observations.js';
import {TutorError} from '../core/errors.js';
import {EXIT} from '../core/exit-codes.js';
import type {CliContext} from './context.js';
import {registerLessonsCommands} from './commands/lessons.js';
import {registerExec} from './commands/exec.js';
import {registerProbe} from './commands/probe.js';
import {registerVerify} from './commands/verify.js';
import {registerReset} from './commands/reset.js';
import {registerLab} from './commands/lab.js';
import {registerStart} from './commands/start.js';
import {registerDoctor} from './commands/doctor.js';
import {registerPrepare} from './commands/prepare.js';
import {VERSION} from '../core/package-info.js';

export function buildProgram(ctx: CliContext): Command {
	const program = new Command('clustermesh-tutor')
		.description(
			'Learn Cilium Cluster Mesh hands-on: lessons that run against two kind clusters, koornacht and tion,\n' +
				'or against an offline simulation of them, and check every outcome before you move on.',
		)
		.version(VERSION, '-V, --version')
		.configureOutput({writeOut: ctx.stdout, writeErr: ctx.stderr})
		.showHelpAfterError('(add --help for usage)')
		.exitOverride();
	registerStart(program, ctx);
	registerLab(program, ctx);
	registerPrepare(program, ctx);
	registerExec(program, ctx);
	registerProbe(program, ctx);
	registerVerify(program, ctx);
	registerReset(program, ctx);
	registerDoctor(program, ctx);
	registerLessonsCommands(program, ctx);
	return program;
}

/** Runs the CLI; every failure ends as a message on stderr and one of the documented exit codes. */
export async function main(argv: readonly string[], ctx: CliContext): Promise<void> {
	const program = buildProgram(ctx);
	try {
		await program.parseAsync([...argv], {from: 'user'});
	} catch (error) {
		ctx.setExitCode(exitCodeFor(error, ctx));
	}
}

function exitCodeFor(error: unknown, ctx: CliContext): number {
	if (error instanceof CommanderError) {
		// Commander already printed the message (or the help/version text).
		return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
			? EXIT.ok
			: EXIT.usage;
	}
	if (error instanceof TutorError) {
		ctx.stderr(`clustermesh-tutor: ${error.message}\n`);
		if (error.fix) ctx.stderr(`  fix: ${error.fix}\n`);
		return error.exitCode;
	}
	if (error instanceof ObservationError) {
		ctx.stderr(`clustermesh-tutor: cannot observe the lab: ${error.message}\n`);
		ctx.stderr('  fix: build it first with `clustermesh-tutor up` (add `--backend sim` for the simulator)\n');
		return EXIT.failed;
	}
	if (ctx.signal.aborted || (error instanceof Error && error.name === 'AbortError')) {
		ctx.stderr('clustermesh-tutor: interrupted\n');
		return EXIT.interrupted;
	}
	const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
	ctx.stderr(`clustermesh-tutor: unexpected error: ${message}\n`);
	return EXIT.failed;
}
