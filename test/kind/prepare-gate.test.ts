import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {commandHome, kubeconfigFor} from '../../src/backends/kind/command-env.js';
import {checkCommand} from '../../src/gate/command-gate.js';
import type {GateContext} from '../../src/gate/verdict.js';
import {manifestPathOf, type ImageManifest} from '../../src/images/archive.js';
import {labImages, tagRef} from '../../src/images/catalog.js';
import {DOCKER_VERSION_FORMAT, parseDockerVersion, pullRef, savesOnePlatform} from '../../src/images/prepare-plan.js';
import {shellLine} from '../../src/core/shell-word.js';
import {executePlan} from '../../src/lab/execute.js';
import {labPlan} from '../../src/lab/plan.js';
import {fakeLab, labCli, type FakeLab} from '../fakes/harness.js';

/**
 * `prepare` starts Docker the way every lab command starts: the command gate first, then the
 * allowlisted environment. On the fake docker at the process boundary (stand-in images, never a
 * live result), and the gate's prepare-only rules as pure checks.
 */


const docker = (lab: FakeLab) => lab.calls().filter((c) => c.tool === 'docker');

describe('prepare on fake docker: gate and environment', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('asks Docker for its platform, pulls and saves only that one; every child sees the tool kubeconfig and private HOME, none of the learner’s KUBE*/HELM_*/cloud variables', async () => {
		lab = fakeLab();
		const hostile = {
			KUBECONFIG: '/home/me/.kube/config',
			KUBE_EDITOR: 'vim',
			HELM_KUBECONTEXT: 'prod',
			HELM_KUBETOKEN: 'secret',
			HUBBLE_SERVER: 'prod:4245',
			AWS_SECRET_ACCESS_KEY: 'secret',
			GOOGLE_APPLICATION_CREDENTIALS: '/home/me/gcp.json',
			AZURE_CLIENT_SECRET: 'secret',
		};
		const out = await labCli(lab, {...hostile, FAKE_DOCKER_PLATFORM: 'linux/arm64'}).run('prepare');
		expect(out.exitCode, out.stderr).toBe(0);
		const calls = docker(lab);
		expect(calls.map((c) => c.argv[0])).toEqual(expect.arrayContaining(['version', 'pull', 'tag', 'image', 'save']));
		for (const call of calls) {
			expect(call.env, call.argv.join(' ')).toEqual({KUBECONFIG: kubeconfigFor(lab.paths, 'lab'), HOME: commandHome(lab.paths), steering: []});
		}
		expect(calls[0]?.argv).toEqual(['version', '--format', DOCKER_VERSION_FORMAT]);
		expect(calls.filter((c) => c.argv[0] === 'pull').every((c) => c.argv[1] === '--platform' && c.argv[2] === 'linux/arm64')).toBe(true);
		expect(calls.find((c) => c.argv[0] === 'save')?.argv.slice(0, 4)).toEqual(['save', '--platform', 'linux/arm64', '-o']);
		expect(out.stdout).toContain('Docker engine linux/arm64, API 1.50: images for linux/arm64');
		const manifest = JSON.parse(readFileSync(manifestPathOf(lab.paths.imageArchive), 'utf8')) as ImageManifest;
		expect(manifest.platform).toBe('linux/arm64');
	}, 60_000);

	it('--platform picks another platform; a malformed one is a usage error that runs nothing', async () => {
		lab = fakeLab();
		const bad = await labCli(lab).run('prepare', '--platform', 'linux/amd64;rm -rf ~');
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toContain('--platform linux/amd64;rm -rf ~: not a platform');
		expect(docker(lab)).toEqual([]);
		const dry = await labCli(lab).run('prepare', '--dry-run', '--platform', 'linux/arm64');
		expect(dry.stdout).toContain('  platform: linux/arm64\n');
		expect(dry.stdout).toContain('docker pull --platform linux/arm64 quay.io/cilium/cilium@sha256:');
		expect(docker(lab)).toEqual([]);
	});

	it('Docker down: the first command fails with what Docker said, nothing is written', async () => {
		lab = fakeLab();
		const out = await labCli(lab, {FAKE_DOCKER: 'down'}).run('prepare');
		expect(out.exitCode).toBe(1);
		expect(out.stderr).toContain('Cannot connect to the Docker daemon');
		expect(docker(lab).map((c) => c.argv[0])).toEqual(['version']);
	});
});

describe('prepared archive under the containerd image store (kubernetes-sigs/kind#3795)', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());
	const store = {FAKE_IMAGE_STORE: 'containerd'};

	/** `up --images` on the fakes: load into Docker, re-save the cluster images, create both clusters, load them into the nodes. */
	const build = (env: NodeJS.ProcessEnv) =>
		executePlan(
			labPlan('clusters', {
				imageArchive: lab.paths.imageArchive,
				clusterImageArchive: lab.paths.clusterImageArchive,
				clusterImages: labImages().filter((i) => i.role === 'cluster').map(tagRef),
			}),
			lab.backend(env),
			{retry: {attempts: 1, delaysMs: []}},
		);

	it('saved for one platform, kind load image-archive imports it into both clusters', async () => {
		lab = fakeLab();
		expect((await labCli(lab, store).run('prepare')).exitCode).toBe(0);
		const result = await build(store);
		expect(result.failures).toEqual([]);
		expect(lab.calls().filter((c) => c.tool === 'kind' && c.argv[1] === 'image-archive')).toHaveLength(2);
	}, 90_000);

	it('saved with every platform of the index (a Docker without save --platform), the import fails on a missing digest', async () => {
		lab = fakeLab();
		const old = {...store, FAKE_DOCKER_API: '1.47'};
		const prepared = await labCli(lab, old).run('prepare');
		expect(prepared.exitCode, prepared.stderr).toBe(0);
		// An engine older than API 1.48 has no `save --platform`: prepare saves without it and says so.
		expect(docker(lab).find((c) => c.argv[0] === 'save')?.argv[1]).toBe('-o');
		expect(prepared.stdout).toContain('this Docker saves without --platform, which needs API 1.48');
		const result = await build(old);
		expect(result.failures[0]).toMatchObject({task: expect.stringMatching(/^load-images-/), outputTail: expect.stringMatching(/ctr: content digest sha256:[0-9a-f]{64}: not found/)});
	}, 90_000);
});

describe('the gate while prepare runs', () => {
	const folder = '/state/images';
	const prepare: GateContext = {target: 'lab', owned: [], kubeconfig: '/state/kube/lab.yaml', images: {folder, prepare: true}};
	const lab: GateContext = {...prepare, images: {folder}};
	const line = (...args: string[]) => shellLine(['docker', ...args]);
	const pinned = labImages({advanced: true});
	const cilium = pinned.find((i) => i.repository === 'quay.io/cilium/cilium');
	if (!cilium) throw new Error('the catalog lost the Cilium agent');

	it('allows exactly the commands prepare runs, on the pinned images', () => {
		const allowed = [
			line('version', '--format', DOCKER_VERSION_FORMAT),
			...pinned.map((img) => line('pull', pullRef(img))),
			...pinned.map((img) => line('pull', '--platform', 'linux/arm64', pullRef(img))),
			...pinned.filter((img) => img.digest).map((img) => line('tag', pullRef(img), tagRef(img))),
			line('image', 'inspect', '--format', '{{json .}}', ...pinned.map(tagRef)),
			line('save', '--platform', 'linux/amd64', '-o', `${folder}/lab-images.tar.partial`, ...pinned.map(tagRef)),
		];
		for (const command of allowed) expect(checkCommand(command, prepare), command).toEqual({ok: true});
	});

	it('refuses anything else, and outside prepare refuses pull, tag, inspect and version', () => {
		const refused = [
			line('pull', 'evil/miner:latest'),
			line('pull', tagRef(cilium)),
			line('pull', '--platform', 'linux/amd64;id', pullRef(cilium)),
			line('pull', pullRef(cilium), pullRef(cilium)),
			line('tag', pullRef(cilium), 'evil/cilium:latest'),
			line('image', 'inspect', '--format', '{{.Config.Env}}', tagRef(cilium)),
			line('image', 'inspect', '--format', '{{json .}}', 'evil/miner:latest'),
			line('version', '--format', '{{json .}}'),
			line('run', '--rm', tagRef(cilium)),
			line('login', 'quay.io'),
			line('save', '--platform', 'linux/amd64', '-o', '/tmp/elsewhere.tar', tagRef(cilium)),
			`docker pull $(echo ${pullRef(cilium)})`,
		];
		for (const command of refused) expect(checkCommand(command, prepare).ok, command).toBe(false);
		for (const command of [line('pull', pullRef(cilium)), line('tag', pullRef(cilium), tagRef(cilium)), line('version', '--format', DOCKER_VERSION_FORMAT)]) {
			expect(checkCommand(command, lab).ok, command).toBe(false);
		}
	});

	it('reads the engine platform and the API version both ends speak', () => {
		expect(parseDockerVersion('linux/arm64 1.51 1.47\n')).toEqual({platform: 'linux/arm64', apiVersion: '1.47'});
		expect(parseDockerVersion('linux/amd64 1.50 1.51')).toEqual({platform: 'linux/amd64', apiVersion: '1.50'});
		expect(parseDockerVersion('linux/amd64 1.9 1.10')?.apiVersion).toBe('1.9');
		expect(parseDockerVersion('<no value>/<no value> <no value> 1.51')).toBeUndefined();
		expect(savesOnePlatform({platform: 'linux/amd64', apiVersion: '1.48'})).toBe(true);
		expect(savesOnePlatform({platform: 'linux/amd64', apiVersion: '1.47'})).toBe(false);
	});
});

it('the dry-run names where the archive goes without Docker on PATH', async () => {
	const lab = fakeLab();
	try {
		const out = await labCli(lab, {PATH: path.dirname(process.execPath)}).run('prepare', '--dry-run');
		expect(out.exitCode).toBe(0);
		expect(out.stdout).toContain(`docker version --format '${DOCKER_VERSION_FORMAT}'`);
	} finally {
		lab.cleanup();
	}
});
