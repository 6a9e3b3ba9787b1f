/** Exit codes shared by every command (documented in the README). */
export const EXIT = {
	ok: 0,
	/** A check or a command failed. */
	failed: 1,
	/** Bad flags or arguments. */
	usage: 2,
	/** The simulator does not model this command. */
	unsupported: 3,
	/** The environment cannot do this (e.g. no Docker for a live command). */
	environment: 4,
	/** The command gate refused a command (it could reach beyond the lab, or it cannot be analysed): nothing ran. */
	refused: 5,
	/** Interrupted by Ctrl-C. */
	interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
