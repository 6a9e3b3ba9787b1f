import {terminateAllGroups} from '../backends/kind/process-groups.js';
import {EXIT} from '../core/exit-codes.js';

/** Conventional 128 + signal number exit codes. */
const TERMINATING = {SIGTERM: 143, SIGHUP: 129} as const;

/**
 * Ctrl-C aborts the running command (its process group is killed through the signal) and lets
 * the command report; a second Ctrl-C exits at once. SIGTERM and SIGHUP (a closed terminal, a
 * service manager, `kill`) end the tool now: every running command's group gets SIGTERM, the
 * exit hook of process-groups sends SIGKILL, and the tool exits with 128 + the signal number.
 */
export function handleSignals(controller: AbortController): void {
	process.once('SIGINT', () => {
		controller.abort();
		process.once('SIGINT', () => process.exit(EXIT.interrupted));
	});
	for (const [signal, code] of Object.entries(TERMINATING)) {
		process.once(signal, () => {
			controller.abort();
			terminateAllGroups();
			process.exit(code);
		});
	}
}
