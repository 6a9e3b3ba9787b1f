import {describe, expect, it} from 'vitest';
import {testCli} from '../helpers/cli.js';

describe('scriptable CLI on the simulator', () => {
	it('builds the lab, runs commands in both clusters with prefixes, and probes with JSON', async () => {
		const cli = testCli();
		const up = await cli.run('up', '--backend', 'sim');
		expect(up.exitCode).toBe(0);
		expect(up.stdout).toContain('lab ready (simulation)');

		const local = JSON.parse((await cli.run('probe', '--from', 'tion', '--json', '--backend', 'sim')).stdout);
		expect(local).toMatchObject({schema: 1, backend: 'sim', from: 'tion', counts: {koornacht: 0, tion: 10, timeout: 0, error: 0}});
		expect(local.replies[0]).toEqual({outcome: 'reply', cluster: 'tion', body: '{"Cluster": "Tion", "Planet": "Foran Tutha"}\n'});

		const annotate = await cli.run(
			'exec', '--cluster', 'both', '--backend', 'sim', '--',
			'kubectl annotate svc/rebel-base service.cilium.io/global=true --overwrite',
		);
		expect(annotate).toMatchObject({exitCode: 0, stdout: '[koornacht] service/rebel-base annotated\n[tion] service/rebel-base annotated\n'});

		const mixed = await cli.run('probe', '--from', 'koornacht', '--count', '20', '--expect', 'mixed', '--backend', 'sim');
		expect(mixed.exitCode).toBe(0);
		expect(mixed.stdout).toContain('as expected: every request answered, by both Koornacht and Tion');

		const wrong = await cli.run('probe', '--from', 'koornacht', '--expect', 'only:tion', '--backend', 'sim');
		expect(wrong.exitCode).toBe(1);
		expect(wrong.stdout).toContain('NOT as expected');
	});

	it('passes the command\'s own exit code through, and the first non-zero one for both', async () => {
		const cli = testCli();
		await cli.run('up', '--backend', 'sim');
		const missing = await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'kubectl', 'get', 'svc', 'nope');
		expect(missing.exitCode).toBe(1);
		expect(missing.stderr).toContain('Error from server (NotFound): services "nope" not found');
		const exec = await cli.run('exec', '--cluster', 'tion', '--backend', 'sim', '--', 'kubectl', 'exec', 'deploy/x-wing', '--', 'sh', '-c', 'exit 7');
		expect(exec.exitCode).toBe(7);
		const both = await cli.run('exec', '--cluster', 'both', '--backend', 'sim', '--', 'kubectl delete cnp default-deny');
		expect(both.exitCode).toBe(1);
		expect(both.stderr).toMatch(/^\[koornacht\] Error from server \(NotFound\)/m);
		expect(both.stderr).toMatch(/^\[tion\] Error from server \(NotFound\)/m);
	});

	it('refuses what the simulator does not model with exit 3 and changes nothing', async () => {
		const cli = testCli();
		await cli.run('up', '--backend', 'sim');
		const before = (await cli.run('status', '--backend', 'sim', '--json')).stdout;
		const helm = await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'helm install x y');
		expect(helm.exitCode).toBe(3);
		expect(helm.stderr).toContain('not supported by the simulator');
		expect((await cli.run('status', '--backend', 'sim', '--json')).stdout).toBe(before);
	});

	it('state persists between invocations and reset clears it', async () => {
		const cli = testCli();
		await cli.run('up', '--backend', 'sim', '--until', 'clusters');
		const status = JSON.parse((await cli.run('status', '--backend', 'sim', '--json')).stdout);
		expect(status.state.stage).toBe('clusters');
		const reset = await cli.run('reset');
		expect(reset.exitCode).toBe(0);
		expect(JSON.parse((await cli.run('status', '--backend', 'sim', '--json')).stdout).state.stage).toBe('none');
	});

	it('reset asks a person at a terminal first: only yes clears; --yes and scripts are not asked', async () => {
		const terminal = {answers: ['', 'n', 'y'], questions: [] as string[]};
		const cli = testCli(undefined, {terminal});
		await cli.run('up', '--backend', 'sim', '--until', 'clusters');
		const stage = async () => JSON.parse((await cli.run('status', '--backend', 'sim', '--json')).stdout).state.stage;
		for (const kept of [await cli.run('reset'), await cli.run('reset')]) {
			expect(kept).toMatchObject({exitCode: 0, stdout: 'nothing cleared\n'});
			expect(await stage()).toBe('clusters');
		}
		expect(terminal.questions[0]).toBe(
			'Reset clears your progress on the simulator, live clusters and attached clusters, and empties the simulated lab. Live clusters themselves are not touched (`down` deletes those).\nClear it? [y/N] ',
		);
		expect((await cli.run('reset')).stdout).toContain('cleared the simulated lab');
		expect(await stage()).toBe('none');
		await cli.run('up', '--backend', 'sim', '--until', 'clusters');
		expect((await cli.run('reset', '--yes', '--backend', 'sim')).stdout).toContain('cleared the simulated lab');
		expect(terminal.questions).toHaveLength(3);
	});

	it('verify reports every step as JSON and exits 0 when all pass', async () => {
		const cli = testCli();
		const run = await cli.run('verify', '--backend', 'sim', '--lesson', '04', '--lesson', 'fault-resilience', '--json', '--seed', '7');
		expect(run.exitCode).toBe(0);
		const report = JSON.parse(run.stdout);
		expect(report).toMatchObject({schema: 1, backend: 'sim', failed: 0, skipped: 0});
		expect(report.passed).toBe(report.steps.length);
		expect(report.steps.map((s: {lesson: string}) => s.lesson)).toEqual(
			expect.arrayContaining(['global-services', 'fault-resilience']),
		);
		expect(report.steps.find((s: {step: string}) => s.step === 'annotate-koornacht')).toEqual(
			expect.objectContaining({lesson: 'global-services', step: 'annotate-koornacht', verdict: 'pass', expected: expect.any(String), observed: expect.any(String), reason: expect.any(String)}),
		);
	});

	it('usage errors exit 2 and name the flag', async () => {
		const cli = testCli();
		const badChoice = await cli.run('probe', '--from', 'endor', '--backend', 'sim');
		expect(badChoice.exitCode).toBe(2);
		expect(badChoice.stderr).toContain("option '--from <cluster>' argument 'endor' is invalid");
		const badCount = await cli.run('probe', '--from', 'tion', '--count', '0', '--backend', 'sim');
		expect(badCount.exitCode).toBe(2);
		expect(badCount.stderr).toContain('expected a whole number from 1 to 100, got "0"');
		const badExpect = await cli.run('probe', '--from', 'tion', '--expect', 'most:tion', '--backend', 'sim');
		expect(badExpect.exitCode).toBe(2);
		expect(badExpect.stderr).toContain('--expect "most:tion" is not an expectation');
		expect((await cli.run('verify', '--lesson', '99', '--backend', 'sim')).exitCode).toBe(2);
		expect((await cli.run('frobnicate')).exitCode).toBe(2);
	});

	it('up --dry-run prints the plan with parallel groups and touches nothing', async () => {
		const cli = testCli();
		const plan = await cli.run('up', '--backend', 'sim', '--dry-run');
		expect(plan.exitCode).toBe(0);
		expect(plan.stdout).toContain('kind create cluster --name koornacht');
		expect(plan.stdout).toMatch(/group 1 \(2 tasks in parallel\)/);
		expect(JSON.parse((await cli.run('status', '--backend', 'sim', '--json')).stdout).state.stage).toBe('none');
	});

	it('start refuses without a terminal and points to verify', async () => {
		const run = await testCli().run('start', '--backend', 'sim');
		expect(run.exitCode).toBe(4);
		expect(run.stderr).toContain('needs a terminal');
		expect(run.stderr).toContain('clustermesh-tutor verify');
	});
});

describe('CLI errors', () => {
	it('probing a lab that does not exist is a clear message, not a stack trace', async () => {
		const run = await testCli().run('probe', '--from', 'koornacht', '--backend', 'sim');
		expect(run.exitCode).toBe(1);
		expect(run.stderr).toBe(
			'clustermesh-tutor: cannot observe the lab: cluster koornacht does not exist\n  fix: build it first with `clustermesh-tutor up` (add `--backend sim` for the simulator)\n',
		);
	});
});

describe('verify on a lab that drifted', () => {
	it('a failed check shows expected beside observed and the first hint', async () => {
		const {formatVerifyStep} = await import('../../src/cli/actions/verify.js');
		const text = formatVerifyStep({
			lesson: 'global-services',
			step: 'annotate-koornacht',
			verdict: 'fail',
			expected: 'every request answered by Koornacht only',
			observed: 'Koornacht 5, Tion 5, timeouts 0, errors 0',
			reason: 'check failed after 4 attempt(s)',
			hint: 'The annotation goes on the rebel-base Service in Koornacht, and nowhere else yet.',
		});
		expect(text).toContain('global-services › annotate-koornacht');
		expect(text).toContain('    expected: every request answered by Koornacht only\n    observed: Koornacht 5, Tion 5, timeouts 0, errors 0\n    hint:     The annotation');
	});
});
