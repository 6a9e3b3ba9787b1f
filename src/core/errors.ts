import {EXIT, type ExitCode} from './exit-codes.js';

/** An error meant for the learner: a clear message and the exit code it maps to. */
export class TutorError extends Error {
	constructor(
		message: string,
		readonly exitCode: ExitCode = EXIT.failed,
		/** What to do about it, shown under the message. */
		readonly fix?: string,
	) {
		super(message);
		this.name = 'TutorError';
	}
}

export class UsageError extends TutorError {
	constructor(message: string, fix?: string) {
		super(message, EXIT.usage, fix);
		this.name = 'UsageError';
	}
}

export class EnvironmentError extends TutorError {
	constructor(message: string, fix?: string) {
		super(message, EXIT.environment, fix);
		this.name = 'EnvironmentError';
	}
}
