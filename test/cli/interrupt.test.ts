import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fakeLab, type FakeLab} from '../fakes/harness.js';
import {ROOT} from '../helpers/cli.js';

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

async function waitUntil(test: () => boolean, timeoutMs = 15_000): Promise<boolean> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (test()) return true;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return test();
}

describe('signals to the scriptable CLI', () => {
	let lab: FakeLab | undefined;
	afterEach(() => lab?.cleanup());

	// Ctrl-C, `kill`/a service manager, a closed terminal: each must take the running command's whole group down.
	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('%s kills the running command with its whole process group and exits %i (built binary, fake tools)', async (signal, code) => {
		lab = fakeLab();
		const child = spawn(
			process.execPath,
			[path.join(ROOT, 'bin', 'clustermesh-tutor.js'), 'exec', '--cluster', 'lab', '--backend', 'kind', '--', 'kind get clusters'],
			{cwd: lab.cwd, env: {...process.env, ...lab.env, CLUSTERMESH_TUTOR_HOME: lab.home, FAKE_HANG: '^kind get clusters', NO_COLOR: '1'}},
		);
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
		const current = lab;
		expect(await waitUntil(() => current.calls().some((c) => c.hang))).toBe(true);
		const hung = current.calls().find((c) => c.hang);
		const pids = [hung?.pid, hung?.grandchild].filter((p): p is number => typeof p === 'number');
		expect(pids).toHaveLength(2);
		expect(pids.every(alive)).toBe(true);

		child.kill(signal);
		expect(await exited, stderr).toBe(code);
		expect(await waitUntil(() => pids.every((p) => !alive(p)))).toBe(true);
	});
});
