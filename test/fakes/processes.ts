import {readFileSync} from 'node:fs';

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

export async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<boolean> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (condition()) return true;
		await new Promise((r) => setTimeout(r, 20));
	}
	return condition();
}
