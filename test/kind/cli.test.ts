import {existsSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {runUp} from '../../src/cli/actions/lab.js';
import {main} from '../../src/cli/main.js';
import {TutorError} from '../../src/core/errors.js';
import {fakeLab, labCli, REPO_ROOT, type FakeLab} from '../fakes/harness.js';


describe('CLI: doctor, up --dry-run and up failures (fake tools)', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('doctor --json without a Docker engine: exit 1, the missing engine first, with the fix', async () => {
		lab = fakeLab();
		const {ctx, out} = labCli(lab, {FAKE_DOCKER: 'down'});
		await main(['doctor', '--json'], ctx);
		expect(out.exitCode).toBe(1);
		const report = JSON.parse(out.stdout) as {schema: number; ok: boolean; findings: Array<{id: string; level: string; title: string; fix: string | null}>};
		expect(report).toMatchObject({schema: 2, ok: false});
		expect(report.findings[0]).toMatchObject({id: 'docker', level: 'fail', title: expect.stringMatching(/^No Docker engine is reachable/)});
		expect(report.findings[0]?.fix).toContain('--backend sim');
		// The fakes answer for the tools: versions parsed, judged against the pins.
		expect(report.findings.find((f) => f.id === 'cilium-cli')).toMatchObject({level: 'ok', title: 'cilium CLI v0.19.7'});
		expect(report.findings.find((f) => f.id === 'kind')).toMatchObject({level: 'ok', title: 'kind v0.29.0'});
	});

	it('doctor with an engine lists the existing kind clusters', async () => {
		lab = fakeLab();
		const {ctx, out} = labCli(lab);
		await main(['doctor'], ctx);
		expect(out.stdout).toMatch(/^✔ Docker engine reachable: Docker Engine 28\.2\.2/);
		expect(out.stdout).toMatch(/✔ No lab cluster yet — kind clusters: none/);
	});

	it('up --dry-run prints the exact commands with their environment and creates nothing', async () => {
		lab = fakeLab();
		const {ctx, out} = labCli(lab);
		await main(['up', '--backend', 'kind', '--dry-run'], ctx);
		expect(out.exitCode).toBe(0);
		expect(out.stdout).toContain(
			`(koornacht) KUBECONFIG=${lab.paths.kubeconfig('koornacht')} kind create cluster --name koornacht --image kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f --config ${path.join(REPO_ROOT, 'kind-configs', 'koornacht.yaml')}`,
		);
		expect(out.stdout).toContain(
			`(lab) KUBECONFIG=${lab.paths.labKubeconfig} cilium clustermesh connect --context kind-koornacht --destination-context kind-tion`,
		);
		expect(out.stdout).toMatch(/^group 1 \(2 tasks in parallel\):$/m);
		expect(existsSync(lab.home)).toBe(false);
		expect(lab.calls()).toEqual([]);
	});

	it('up without Docker stops with exit 4 and points at doctor and --backend sim', async () => {
		lab = fakeLab();
		const {ctx, out} = labCli(lab, {FAKE_DOCKER: 'down'});
		await main(['up', '--backend', 'kind'], ctx);
		expect(out.exitCode).toBe(4);
		expect(out.stderr).toMatch(/live kind clusters need a running Docker engine and kind: no Docker engine is reachable/);
		expect(out.stderr).toMatch(/clustermesh-tutor doctor.*--backend sim/);
	});

	it('a failed up names the cause and the fix', async () => {
		lab = fakeLab();
		const {ctx, out} = labCli(lab);
		const backend = lab.backend({FAKE_FAIL: '^kind create cluster --name tion', FAKE_FAIL_STDERR: 'ERROR: failed to create cluster: Bind for 0.0.0.0:6443 failed: port is already allocated'});
		await expect(runUp(backend, 'clusters', ctx)).rejects.toThrow(TutorError);
		expect(out.stdout).toMatch(/✘ Create kind cluster tion: `kind create cluster --name tion .*` exited with 1/);
		expect(out.stderr).toContain('cause: Host port 6443 is already in use');
		expect(out.stderr).toContain('fix:   find what holds it with `sudo lsof -i :6443`');
	});
});

const built = existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'));

describe.skipIf(!built)('the built CLI as a process (fake tools on PATH)', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('doctor exits 1 and says first that no Docker engine is reachable', async () => {
		lab = fakeLab();
		const result = await execa('node', [path.join(REPO_ROOT, 'bin', 'clustermesh-tutor.js'), 'doctor'], {
			env: {...lab.env, FAKE_DOCKER: 'down', CLUSTERMESH_TUTOR_HOME: lab.home},
			extendEnv: false,
			reject: false,
		});
		expect(result.exitCode).toBe(1);
		expect(result.stdout.split('\n')[0]).toMatch(/^✘ No Docker engine is reachable/);
	});
});
