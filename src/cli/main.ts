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
import {registerPrepare} from './commands/prepare.js';
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
	registerPrepare(program, ctx);
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
		const failure = describeFailure(error, ctx, wantsDebug(argv, ctx.env));
		if (failure.message !== undefined && !failure.printed) {
			ctx.stderr(`clustermesh-tutor: ${failure.message}\n`);
			if (failure.fix) ctx.stderr(`  fix: ${failure.fix}\n`);
		}
		// Scripts that asked for JSON get JSON on failure too, with the same exit code.
		if (failure.exitCode !== EXIT.ok && wantsJson(argv)) ctx.stdout(`${JSON.stringify(jsonError(failure))}\n`);
		ctx.setExitCode(failure.exitCode);
	}
}

/** Before any `--`: a flag of the tool, not of the command it runs. */
function ownArgs(argv: readonly string[]): readonly string[] {
	const end = argv.indexOf('--');
	return end === -1 ? argv : argv.slice(0, end);
}

/** `--debug` before any `--`, or `clustermesh-tutor` among DEBUG's comma- or space-separated names. */
function wantsDebug(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
	if (ownArgs(argv).includes('--debug')) return true;
	return (env.DEBUG ?? '').split(/[\s,]+/).includes('clustermesh-tutor');
}

function wantsJson(argv: readonly string[]): boolean {
	return ownArgs(argv).includes('--json');
}

/** How a failure ends: its exit code, and what to tell the learner (and scripts). */
export interface Failure {
	readonly exitCode: number;
	/** One word for scripts: usage, failed, unsupported, environment, refused, interrupted, bug. */
	readonly code: string;
	readonly message?: string;
	readonly fix?: string;
	/** Already on stderr (commander prints its own usage errors). */
	readonly printed?: boolean;
}

const CODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(EXIT).map(([name, code]) => [code, name]));

/** Pure: the JSON every `--json` command prints on failure (schema 1). */
export function jsonError(failure: Failure): {schema: 1; error: {code: string; exitCode: number; message: string; fix?: string}} {
	const error = {code: failure.code, exitCode: failure.exitCode, message: failure.message ?? failure.code};
	return {schema: 1, error: failure.fix ? {...error, fix: failure.fix} : error};
}

/**
 * The one error policy: expected errors (usage, environment, unsupported, damaged state) are one
 * message with a fix and their documented exit code; anything else is a bug, reported in one
 * line, with the stack trace only on request.
 */
function describeFailure(error: unknown, ctx: CliContext, debug: boolean): Failure {
	const environment = asEnvironmentError(error);
	if (environment) error = environment;
	if (error instanceof CommanderError) {
		// Commander already printed the message (or the help/version text).
		const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0;
		const message = error.message.replace(/^error: /, '');
		return ok ? {exitCode: EXIT.ok, code: 'ok', printed: true} : {exitCode: EXIT.usage, code: 'usage', message, printed: true};
	}
	if (error instanceof TutorError) {
		return {exitCode: error.exitCode, code: CODE_NAMES[error.exitCode] ?? 'failed', message: error.message, fix: error.fix};
	}
	if (error instanceof ObservationError) {
		return {
			exitCode: EXIT.failed,
			code: 'failed',
			message: `cannot observe the lab: ${error.message}`,
			fix: 'build it first with `clustermesh-tutor up` (add `--backend sim` for the simulator)',
		};
	}
	if (ctx.signal.aborted || (error instanceof Error && error.name === 'AbortError')) {
		return {exitCode: EXIT.interrupted, code: 'interrupted', message: 'interrupted'};
	}
	const message = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
	return {
		exitCode: EXIT.failed,
		code: 'bug',
		message: `unexpected error (a bug in clustermesh-tutor): ${message}`,
		fix: debug ? undefined : 'run it again with --debug (or DEBUG=clustermesh-tutor) for the stack trace, and report it',
	};
}

/** A file-system error that escaped with its path (full disk, no permission) is the environment's, not a bug. */
function asEnvironmentError(error: unknown): TutorError | undefined {
	if (error instanceof TutorError || !(error instanceof Error)) return undefined;
	const {path: file} = error as NodeJS.ErrnoException;
	if (!file) return undefined;
	const mapped = writeError(file, error);
	return mapped instanceof TutorError ? mapped : undefined;
}
