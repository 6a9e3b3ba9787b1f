import {readFileSync} from 'node:fs';
import {PATIENCE_MS} from '../helpers/wait.js';

/**
 * True while a process exists. A zombie (exited, not yet reaped by its new parent) counts as
 * gone: `kill(pid, 0)` alone would still succeed on it.
 */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true;
	}
}

/** A process as /proc shows it (`1234 S sleep 600`), for messages about processes that should be gone. */
export function describeProcess(pid: number): string {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)} ${command}`;
	} catch {
		return `${pid} gone`;
	}
}

/**
 * Polls until the condition holds; false if it still does not after `timeoutMs` (a generous
 * bound: it returns as soon as the condition holds, so only a real failure waits it out).
 */
export async function waitUntil(condition: () => boolean, timeoutMs = PATIENCE_MS): Promise<boolean> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (condition()) return true;
		await new Promise((r) => setTimeout(r, 20));
	}
	return condition();
}

/** Waits until every pid has exited; throws listing the survivors (pid, state, command line) if some have not. */
export async function waitForExit(pids: readonly number[], timeoutMs = PATIENCE_MS): Promise<void> {
	if (await waitUntil(() => !pids.some(alive), timeoutMs)) return;
	throw new Error(`still running after ${timeoutMs} ms:\n${pids.filter(alive).map(describeProcess).join('\n')}`);
}
