/**
 * Live process groups of spawned commands. Children run detached (each leads its own group),
 * so Ctrl-C never reaches them and execa's cleanup does not apply: the tool kills whole
 * groups itself, on cancel and, synchronously, when this process exits (ink-engineering §4.2).
 */
const live = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// The group is already gone.
	}
}

/** Registers a group leader; returns the function that forgets it once it has exited. */
export function trackGroup(pid: number): () => void {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const leader of live) signalGroup(leader, 'SIGKILL');
		});
	}
	live.add(pid);
	return () => live.delete(pid);
}

/** SIGTERM to the whole group, then SIGKILL after a grace period for anything that lingers. */
export function killGroup(pid: number, graceMs: number): void {
	signalGroup(pid, 'SIGTERM');
	setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs).unref();
}

/** SIGTERM to every live group now; the exit hook sends SIGKILL to any still registered. */
export function terminateAllGroups(): void {
	for (const leader of live) signalGroup(leader, 'SIGTERM');
}

export function liveGroups(): number[] {
	return [...live];
}
