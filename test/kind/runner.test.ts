import {existsSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import type {OutputChunk} from '../../src/backends/backend.js';
import {liveGroups} from '../../src/backends/kind/process-groups.js';
import {spawnInGroup, type SpawnOptions} from '../../src/backends/kind/runner.js';
import {EXIT} from '../../src/core/exit-codes.js';
import {fakeLab, type FakeLab} from '../fakes/harness.js';
import {alive, waitForExit} from '../fakes/processes.js';
import {until} from '../helpers/wait.js';

describe('command runner (real processes)', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	const collect = () => {
		const chunks: OutputChunk[] = [];
		return {chunks, onOutput: (c: OutputChunk) => chunks.push(c), text: (s: OutputChunk['stream']) => chunks.filter((c) => c.stream === s).map((c) => c.text).join('')};
	};

	/** The spawning shell itself, for process mechanics the gate would not let a lesson command exercise. */
	const spawn = (command: string, out: ReturnType<typeof collect>, options: Partial<SpawnOptions> = {}) =>
		spawnInGroup(command, {cwd: lab.cwd, env: lab.env, timeoutMs: 30_000, graceMs: 300, onOutput: out.onOutput, ...options});

	it('streams stdout and stderr separately and keeps the exit code', async () => {
		lab = fakeLab();
		const out = collect();
		const result = await spawn('echo one; echo two >&2; sleep 0.1; echo three; exit 3', out);
		expect(result).toEqual({exitCode: 3, cancelled: false});
		expect(out.text('stdout')).toBe('one\nthree\n');
		expect(out.text('stderr')).toBe('two\n');
		expect(out.chunks.length).toBeGreaterThanOrEqual(3);
	});

	it("sets KUBECONFIG to the tool's file for the target, whatever the caller's environment says", async () => {
		lab = fakeLab();
		await lab.runner().run({command: 'kind version', target: 'tion', onOutput: () => {}});
		await lab.runner().run({command: 'kind get clusters', target: 'lab', onOutput: () => {}});
		expect(lab.calls().map((c) => c.env.KUBECONFIG)).toEqual([lab.paths.kubeconfig('tion'), lab.paths.labKubeconfig]);
		expect(existsSync(lab.paths.labKubeconfig)).toBe(true);
	});

	it('feeds stdin when asked', async () => {
		lab = fakeLab();
		const out = collect();
		await lab.runner().run({command: 'tr a-z A-Z', target: 'koornacht', stdin: 'kind: Secret\n', onOutput: out.onOutput});
		expect(out.text('stdout')).toBe('KIND: SECRET\n');
	});

	it('refuses an unsafe command with the gate exit code and a clear message, spawning nothing', async () => {
		lab = fakeLab();
		const out = collect();
		const result = await lab.runner().run({command: 'kubectl --context prod delete ns default', target: 'lab', onOutput: out.onOutput});
		expect(result).toEqual({exitCode: EXIT.refused, cancelled: false});
		expect(out.text('stderr')).toBe(
			'clustermesh-tutor did not run this command: context "prod" is not one of the lab\'s; the tutorial reaches only its own clusters\n' +
				'  instead: use kind-koornacht or kind-tion\n' +
				'  (the tutorial runs only commands it can check stay inside its own lab)\n',
		);
		expect(lab.calls()).toEqual([]);
	});

	it('times out a command and kills its whole group', async () => {
		lab = fakeLab();
		const out = collect();
		const started = Date.now();
		const result = await spawn('sleep 30 & echo $!; wait', out, {timeoutMs: 300});
		expect(result).toEqual({exitCode: 124, cancelled: false});
		// Well under the 30 s the command would take: the timeout ended it (however loaded the machine).
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(out.text('stderr')).toMatch(/timed out after/);
		const grandchild = Number(out.text('stdout').trim());
		await waitForExit([grandchild]);
	});

	it('on cancel kills the whole group, escalating to SIGKILL for what ignores SIGTERM', async () => {
		lab = fakeLab();
		const out = collect();
		const controller = new AbortController();
		// The grandchild ignores SIGTERM (inherited from the trap), so only the SIGKILL after the grace period ends it.
		const running = spawn('trap "" TERM; sleep 600 & echo $!; wait', out, {graceMs: 200, signal: controller.signal});
		const grandchild = Number(await until(() => out.text('stdout').trim() || undefined, {what: "the grandchild's pid on stdout", seen: () => out.text('stderr')}));
		expect(alive(grandchild)).toBe(true);
		expect(liveGroups().length).toBeGreaterThan(0);
		controller.abort();
		expect(await running).toEqual({exitCode: 130, cancelled: true});
		await waitForExit([grandchild]);
		expect(liveGroups()).toEqual([]);
	});

	it('does not start a command whose signal is already aborted', async () => {
		lab = fakeLab();
		const controller = new AbortController();
		controller.abort();
		expect(await lab.runner().run({command: 'kind get clusters', target: 'lab', signal: controller.signal, onOutput: () => {}})).toEqual({exitCode: 130, cancelled: true});
		expect(lab.calls()).toEqual([]);
	});
});

describe('process exit', () => {
	it('kills the live process groups synchronously when the tool exits', {timeout: 120_000}, async () => {
		const {execa} = await import('execa');
		const script = new URL('../fakes/exit-while-running.ts', import.meta.url).pathname;
		const result = await execa('node', ['--import', 'tsx', script], {reject: false, timeout: 90_000});
		expect(result.exitCode).toBe(0);
		const grandchild = Number(result.stdout.trim());
		expect(grandchild).toBeGreaterThan(0);
		await waitForExit([grandchild]);
	});
});
