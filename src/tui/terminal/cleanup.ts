/**
 * One list of synchronous clean-up steps, run exactly once whichever way the process ends:
 * a normal quit, an uncaught error, or a signal. Steps must be synchronous (only sync work
 * survives `process.on('exit')`): leave the alternate screen, show the cursor, abort running
 * commands (the live runner kills their process groups on abort and again on exit).
 */
export class CleanupRegistry {
	private readonly steps: Array<() => void> = [];
	private done = false;

	/** Adds a step; steps run in reverse order of registration (last set up, first torn down). */
	add(step: () => void): void {
		this.steps.push(step);
	}

	/** Runs every step once; a failing step never stops the others. */
	run(): void {
		if (this.done) return;
		this.done = true;
		for (const step of [...this.steps].reverse()) {
			try {
				step();
			} catch {
				// Best effort: the terminal must be restored even if one step fails.
			}
		}
	}
}

// Bracketed paste (DEC mode 2004) comes with the screen: the terminal marks pasted text, so
// a paste is never taken for keys (see `useKeyRouter`).
const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[?2004h';
// Leaving also re-shows the cursor: Ink hides it while running, and a crash may skip
// Ink's own restore (the cursor then stays hidden in the learner's shell).
const LEAVE_ALT_SCREEN = '\x1b[?2004l\x1b[?1049l\x1b[?25h';

/**
 * Switches to the alternate screen (Ink 6 has no option for it, Ink #263), with bracketed
 * paste, and registers the switch back, so the learner's scrollback is never touched and
 * comes back on exit.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream, registry: CleanupRegistry): void {
	stream.write(ENTER_ALT_SCREEN);
	registry.add(() => stream.write(LEAVE_ALT_SCREEN));
}

const SIGNAL_EXIT_CODES: Readonly<Partial<Record<NodeJS.Signals, number>>> = {SIGTERM: 143, SIGHUP: 129, SIGQUIT: 131};

/**
 * Hooks the registry to every way out of the process. Returns the function that removes the
 * hooks again (after a normal exit, so a later command in the same process is unaffected).
 */
export function installExitHooks(registry: CleanupRegistry, stderr: (text: string) => void): () => void {
	const onExit = () => registry.run();
	const onSignal = (signal: NodeJS.Signals) => {
		registry.run();
		process.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
	};
	const onCrash = (error: unknown) => {
		registry.run();
		stderr(`clustermesh-tutor: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	};
	process.on('exit', onExit);
	for (const signal of Object.keys(SIGNAL_EXIT_CODES)) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	return () => {
		process.off('exit', onExit);
		for (const signal of Object.keys(SIGNAL_EXIT_CODES)) process.off(signal, onSignal);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	};
}
