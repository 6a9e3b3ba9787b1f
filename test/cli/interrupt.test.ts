import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fakeLab, type FakeLab} from '../fakes/harness.js';
import {alive, waitForExit} from '../fakes/processes.js';
import {ROOT} from '../helpers/cli.js';
import {until} from '../helpers/wait.js';

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
		// Starting node, the CLI and the fake tool takes seconds on a loaded machine: wait for the hang itself.
		const hung = await until(() => current.calls().find((c) => c.hang), {what: 'the fake kind to hang', seen: () => `calls: ${JSON.stringify(current.calls())}\nstderr: ${stderr}`});
		const pids = [hung?.pid, hung?.grandchild].filter((p): p is number => typeof p === 'number');
		expect(pids).toHaveLength(2);
		expect(pids.every(alive)).toBe(true);

		child.kill(signal);
		expect(await exited, stderr).toBe(code);
		await waitForExit(pids);
	}, 120_000);
});
