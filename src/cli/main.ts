import {Command, CommanderError} from 'commander';
import {ObservationError} from '../backends/observations.js';
import {TutorError} from '../core/errors.js';
import {EXIT} from '../core/exit-codes.js';
import {writeError} from '../state/verified-write.js';
import type {CliContext} from './context.js';
import {registerLessonsCommands} from './commands/lessons.js';
import {registerExec} from './commands/exec.js';
import {registerProbe} from './commands/probe.js';
import {registerVerify} from './commands/verify.js';
import {registerReset} from './commands/reset.js';
import {registerLab} from './commands/lab.js';
import {registerStart} from './commands/start.js';
import {registerDoctor} from './commands/doctor.js';
import {registerAttach} from './commands/attach.js';
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
		.option('--debug', 'on an unexpected error (a bug), print its stack trace (also DEBUG=clustermesh-tutor)')
		.exitOverride();
	registerStart(program, ctx);
	registerLab(program, ctx);
	registerExec(program, ctx);
	registerProbe(program, ctx);
	registerVerify(program, ctx);
	registerReset(program, ctx);
	registerDoctor(program, ctx);
	registerAttach(program, ctx);
	registerLessonsCommands(program, ctx);
	return program;
}

/** Runs the CLI; every failure ends as a message on stderr and one of the documented exit codes. */
export async function main(argv: readonly string[], ctx: CliContext): Promise<void> {
	const program = buildProgram(ctx);
	try {
		await program.parseAsync([...argv], {from: 'user'});
	} catch (error) {
		ctx.setExitCode(exitCodeFor(error, ctx, wantsDebug(argv, ctx.env)));
	}
}

/** `--debug` before any `--`, or `clustermesh-tutor` among DEBUG's comma- or space-separated names. */
function wantsDebug(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
	const end = argv.indexOf('--');
	if ((end === -1 ? argv : argv.slice(0, end)).includes('--debug')) return true;
	return (env.DEBUG ?? '').split(/[\s,]+/).includes('clustermesh-tutor');
}

/**
 * The one error policy: expected errors (usage, environment, unsupported, damaged state) are one
 * message with a fix and their documented exit code; anything else is a bug, reported in one
 * line, with the stack trace only on request.
 */
function exitCodeFor(error: unknown, ctx: CliContext, debug: boolean): number {
	const environment = asEnvironmentError(error);
	if (environment) error = environment;
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
	const message = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
	ctx.stderr(`clustermesh-tutor: unexpected error (a bug in clustermesh-tutor): ${message}\n`);
	if (!debug) ctx.stderr('  fix: run it again with --debug (or DEBUG=clustermesh-tutor) for the stack trace, and report it\n');
	return EXIT.failed;
}

/** A file-system error that escaped with its path (full disk, no permission) is the environment's, not a bug. */
function asEnvironmentError(error: unknown): TutorError | undefined {
	if (error instanceof TutorError || !(error instanceof Error)) return undefined;
	const {path: file} = error as NodeJS.ErrnoException;
	if (!file) return undefined;
	const mapped = writeError(file, error);
	return mapped instanceof TutorError ? mapped : undefined;
}
