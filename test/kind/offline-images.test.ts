import {copyFileSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {checkArchive, manifestPathOf, type ImageManifest} from '../../src/images/archive.js';
import {labImages, normalizeRef, tagRef} from '../../src/images/catalog.js';
import {hostPlatform} from '../../src/images/prepare-plan.js';
import {executePlan} from '../../src/lab/execute.js';
import {labPlan} from '../../src/lab/plan.js';
import {readFakeState} from '../fakes/fake-observer.js';
import {fakeLab, labCli, type FakeCall, type FakeLab} from '../fakes/harness.js';

/**
 * `prepare`, `up` with a prepared archive, the dry-runs and `down --dry-run` on the fake
 * docker/kind/cilium at the process boundary. The fakes' images are small stand-ins: these
 * prove order, references and verification, never a live result.
 */


/** A PATH with node but none of docker, kind, kubectl or cilium. */
const NO_TOOLS = {PATH: path.dirname(process.execPath)};

const line = (c: FakeCall) => `${c.tool} ${c.argv.join(' ')}`;
const indexOf = (calls: readonly FakeCall[], pattern: RegExp) => calls.findIndex((c) => pattern.test(line(c)));

async function tarEntries(file: string): Promise<Map<string, Buffer>> {
	const entries = new Map<string, Buffer>();
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		const chunks: Buffer[] = [];
		stream.on('data', (c: unknown) => {
			chunks.push(c as Buffer);
		});
		stream.on('end', () => {
			entries.set(header.name, Buffer.concat(chunks));
			next();
		});
	});
	const done = new Promise<void>((resolve, reject) => {
		extract.on('finish', () => resolve());
		extract.on('error', reject);
	});
	extract.end(readFileSync(file));
	await done;
	return entries;
}

async function writeTar(file: string, entries: Map<string, Buffer>): Promise<void> {
	const pack = tar.pack();
	for (const [name, data] of entries) pack.entry({name}, data);
	pack.finalize();
	const chunks: Buffer[] = [];
	for await (const c of pack) chunks.push(c as Buffer);
	writeFileSync(file, Buffer.concat(chunks));
}

/** One archive prepared on the fakes, shared by the tests that only read it (a prepare run takes seconds). */
let shared: FakeLab | undefined;
async function withPreparedArchive(lab: FakeLab): Promise<void> {
	if (!shared) {
		shared = fakeLab();
		const out = await labCli(shared).run('prepare');
		expect(out.exitCode, out.stderr).toBe(0);
	}
	const {mkdirSync} = await import('node:fs');
	mkdirSync(path.dirname(lab.paths.imageArchive), {recursive: true});
	copyFileSync(shared.paths.imageArchive, lab.paths.imageArchive);
	copyFileSync(manifestPathOf(shared.paths.imageArchive), manifestPathOf(lab.paths.imageArchive));
}
afterAll(() => shared?.cleanup());

describe('prepare on fake docker', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('pulls each pinned image by digest, saves one archive whose manifest lists every image with digest and size', async () => {
		lab = fakeLab();
		const out = await labCli(lab).run('prepare');
		expect(out.exitCode, out.stderr).toBe(0);
		const archive = lab.paths.imageArchive;
		const images = labImages();
		// Pulled by digest, then tagged with the name the chart and the manifests use.
		for (const img of images.filter((i) => i.digest)) {
			expect(lab.calls().some((c) => line(c) === `docker pull --platform linux/amd64 ${img.repository}@${img.digest}`), img.pinned).toBe(true);
			expect(lab.calls().some((c) => line(c) === `docker tag ${img.repository}@${img.digest} ${tagRef(img)}`), img.pinned).toBe(true);
		}
		expect(lab.calls().filter((c) => c.tool === 'docker' && c.argv[0] === 'save')).toHaveLength(1);

		const entries = await tarEntries(archive);
		const saved = (JSON.parse(entries.get('manifest.json')?.toString() ?? '[]') as Array<{RepoTags: string[]}>).flatMap((e) => e.RepoTags);
		expect(saved.map(normalizeRef).sort()).toEqual(images.map((i) => normalizeRef(tagRef(i))).sort());

		const manifest = JSON.parse(readFileSync(manifestPathOf(archive), 'utf8')) as ImageManifest;
		expect(manifest.archiveBytes).toBe(readFileSync(archive).length);
		expect(manifest.images.map((e) => e.ref)).toEqual(images.map(tagRef));
		for (const img of images) {
			const entry = manifest.images.find((e) => e.ref === tagRef(img));
			expect(entry?.bytes).toBeGreaterThan(0);
			if (img.digest) expect(entry?.digest).toBe(img.digest);
			else expect(entry?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
		}
		expect(manifest.images.find((e) => e.role === 'node')?.ref).toBe('kindest/node:v1.33.1');
		expect(existsSync(`${archive}.partial`)).toBe(false);
		expect(out.stdout).toMatch(/✔ .*lab-images\.tar .*complete, 11 images for linux\/amd64 at their pinned digests/);
		expect(manifest.platform).toBe('linux/amd64');
	}, 60_000);

	it('--advanced adds the SPIRE images; --output writes elsewhere and says how to use it', async () => {
		lab = fakeLab();
		const file = path.join(lab.dir, 'usb', 'lab.tar');
		const out = await labCli(lab).run('prepare', '--advanced', '--output', file);
		expect(out.exitCode, out.stderr).toBe(0);
		const manifest = JSON.parse(readFileSync(manifestPathOf(file), 'utf8')) as ImageManifest;
		expect(manifest.advanced).toBe(true);
		expect(manifest.images.map((e) => e.ref)).toEqual(expect.arrayContaining(['ghcr.io/spiffe/spire-server:1.9.6', 'ghcr.io/spiffe/spire-agent:1.9.6']));
		expect(out.stdout).toContain(`up --images ${file}`);
		expect(out.stdout).toContain('ingress-nginx');
	}, 60_000);

	it('prepare --check refuses an archive saved at other digests (an older pin)', async () => {
		lab = fakeLab();
		await withPreparedArchive(lab);
		const file = manifestPathOf(lab.paths.imageArchive);
		const manifest = JSON.parse(readFileSync(file, 'utf8')) as ImageManifest;
		const stale = manifest.images.map((e) => (e.ref === 'quay.io/cilium/cilium:v1.19.5' ? {...e, digest: `sha256:${'0'.repeat(64)}`} : e));
		writeFileSync(file, JSON.stringify({...manifest, images: stale}));
		const out = await labCli(lab, NO_TOOLS).run('prepare', '--check', lab.paths.imageArchive);
		expect(out.exitCode).toBe(1);
		expect(out.stdout).toMatch(/quay\.io\/cilium\/cilium:v1\.19\.5 was saved at sha256:0+, the pinned digest is sha256:20fbbc14/);
	}, 60_000);

	it('prepare --check, without Docker, catches a missing image and an altered archive', async () => {
		lab = fakeLab();
		await withPreparedArchive(lab);
		const archive = lab.paths.imageArchive;
		const good = await labCli(lab, NO_TOOLS).run('prepare', '--check', archive);
		expect(good.exitCode).toBe(0);
		expect(good.stdout).toMatch(/^✔ .*complete/);

		// Altered: one byte flipped in the middle of the archive.
		const altered = path.join(lab.dir, 'altered.tar');
		const bytes = readFileSync(archive);
		bytes[600] = (bytes[600] ?? 0) ^ 0xff;
		writeFileSync(altered, bytes);
		copyFileSync(manifestPathOf(archive), manifestPathOf(altered));
		const bad = await labCli(lab, NO_TOOLS).run('prepare', '--check', altered);
		expect(bad.exitCode).toBe(1);
		expect(bad.stdout).toMatch(/SHA-256 \w+ does not match the manifest's/);

		// Missing: the archive rebuilt without json-mock, its manifest updated to match the new bytes.
		const missing = path.join(lab.dir, 'missing.tar');
		const entries = await tarEntries(archive);
		const list = JSON.parse(entries.get('manifest.json')?.toString() ?? '[]') as Array<{RepoTags: string[]}>;
		entries.set('manifest.json', Buffer.from(JSON.stringify(list.filter((e) => !e.RepoTags.some((t) => t.includes('json-mock'))))));
		await writeTar(missing, entries);
		const manifest = JSON.parse(readFileSync(manifestPathOf(archive), 'utf8')) as ImageManifest;
		const {createHash} = await import('node:crypto');
		const data = readFileSync(missing);
		writeFileSync(manifestPathOf(missing), JSON.stringify({...manifest, archiveBytes: data.length, archiveSha256: createHash('sha256').update(data).digest('hex')}));
		const check = await checkArchive(missing);
		expect(check.ok).toBe(false);
		expect(check.problems).toEqual(['quay.io/cilium/json-mock:v1.4.1 (x-wing (json-mock)) is missing from the archive']);

		const none = await labCli(lab, NO_TOOLS).run('prepare', '--check', path.join(lab.dir, 'nope.tar'));
		expect(none.exitCode).toBe(1);
		expect(none.stdout).toContain('no manifest');
	}, 60_000);
});

describe('up with a prepared archive on fake tools', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('loads the node image before kind create and the archive into both clusters before any install; installs by tag, offline', async () => {
		lab = fakeLab();
		await withPreparedArchive(lab);
		const before = lab.calls().length;
		const archive = lab.paths.imageArchive;
		const clusterArchive = lab.paths.clusterImageArchive;
		const clusterImages = labImages().filter((i) => i.role === 'cluster').map(tagRef);
		// FAKE_OFFLINE: an install whose images are not on the nodes fails with ErrImagePull.
		const result = await executePlan(labPlan('cilium', {imageArchive: archive, clusterImageArchive: clusterArchive, clusterImages}), lab.backend({FAKE_OFFLINE: '1'}));
		expect(result.failures).toEqual([]);
		const calls = lab.calls().slice(before);
		const load = indexOf(calls, /^docker load -i /);
		const resave = indexOf(calls, /^docker save -o /);
		expect(load).toBeGreaterThanOrEqual(0);
		expect(load).toBeLessThan(resave);
		// The node image stays out of the nodes: only the cluster images are re-saved for them.
		expect(calls[resave]?.argv).toEqual(['save', '-o', clusterArchive, ...clusterImages]);
		for (const c of ['koornacht', 'tion']) {
			const create = indexOf(calls, new RegExp(`^kind create cluster --name ${c} `));
			const loadInto = indexOf(calls, new RegExp(`^kind load image-archive ${clusterArchive.replace(/[.]/g, '\\.')} --name ${c}$`));
			const install = indexOf(calls, new RegExp(`^cilium install .*cluster\\.name=${c}`));
			expect(load, `docker load before kind create ${c}`).toBeLessThan(create);
			expect(resave).toBeLessThan(loadInto);
			expect(create).toBeLessThan(loadInto);
			expect(loadInto, `images in ${c} before any install`).toBeLessThan(install);
			const installArgs = calls[install]?.argv.join(' ') ?? '';
			for (const key of ['image', 'operator.image', 'envoy.image', 'clustermesh.apiserver.image', 'certgen.image', 'hubble.relay.image', 'hubble.ui.frontend.image', 'hubble.ui.backend.image']) {
				expect(installArgs).toContain(`--set ${key}.useDigest=false`);
			}
			// What the chart would reference is exactly what was loaded.
			const loaded = readFakeState(lab.stateFile).clusters[c] as {images?: string[]};
			expect(loaded.images).toEqual(expect.arrayContaining(['quay.io/cilium/cilium:v1.19.5', 'docker.io/library/nginx:1.27.1']));
			expect(loaded.images).not.toContain('docker.io/kindest/node:v1.33.1');
		}
	}, 90_000);

	it('without the archive, an offline build fails at its first pull (the loads are what make it work)', async () => {
		lab = fakeLab();
		const result = await executePlan(labPlan('cilium'), lab.backend({FAKE_OFFLINE: '1'}), {retry: {attempts: 1, delaysMs: []}});
		expect(result.failures[0]).toMatchObject({task: expect.stringMatching(/^create-/), outputTail: expect.stringContaining('failed to pull image "kindest/node:v1.33.1@sha256:')});
	}, 60_000);

	it('up --images with an incomplete file is a usage error naming the file', async () => {
		lab = fakeLab();
		const out = await labCli(lab).run('up', '--backend', 'kind', '--images', path.join(lab.dir, 'nope.tar'));
		expect(out.exitCode).toBe(2);
		expect(out.stderr).toMatch(/--images .*nope\.tar: .*no manifest/);
	});

	it('retries a retryable command after a transient failure and reports the cause when retries run out', async () => {
		lab = fakeLab();
		const events: string[] = [];
		const transient = {FAKE_FAIL: '^cilium status', FAKE_FAIL_STDERR: 'Error: Unable to determine status: Get "https://127.0.0.1:40001/api": net/http: TLS handshake timeout'};
		const once = await executePlan(labPlan('cilium'), lab.backend({...transient, FAKE_FAIL_TIMES: '1'}), {
			retry: {attempts: 3, delaysMs: [1]},
			onEvent: (e) => (e.type === 'retry' ? events.push(`${e.task.id} ${e.cause.id} ${e.attempt}`) : undefined),
		});
		expect(once.ok).toBe(true);
		expect(events).toEqual([expect.stringMatching(/^cilium-(koornacht|tion) tls-handshake-timeout 2$/)]);

		lab.cleanup();
		lab = fakeLab();
		const always = await executePlan(labPlan('cilium'), lab.backend(transient), {retry: {attempts: 3, delaysMs: [1]}});
		expect(always.failures[0]).toMatchObject({attempts: 3, transient: {id: 'tls-handshake-timeout'}});
		// `cilium install` is not retried: a half-done attempt makes a second one fail.
		lab.cleanup();
		lab = fakeLab();
		const install = await executePlan(labPlan('cilium'), lab.backend({FAKE_FAIL: '^cilium install', FAKE_FAIL_STDERR: 'dial tcp 127.0.0.1:6443: connect: connection refused'}), {retry: {attempts: 3, delaysMs: [1]}});
		expect(install.failures[0]).toMatchObject({attempts: 1, transient: {id: 'api-server-starting'}});
		expect(lab.calls().filter((c) => c.tool === 'cilium' && c.argv[0] === 'install')).toHaveLength(1);
	}, 90_000);

	it('prints each task duration and the total, and keeps them in the state folder', async () => {
		lab = fakeLab();
		const out = await labCli(lab).run('up', '--backend', 'kind', '--until', 'clusters');
		expect(out.exitCode, out.stderr).toBe(0);
		expect(out.stdout).toMatch(/images: none prepared \(looked for .*lab-images\.tar\)/);
		expect(out.stdout).toMatch(/^durations:\n {2}create-koornacht +\d+\.\ds\n {2}create-tion +\d+\.\ds\n {2}total +\d+\.\ds$/m);
		const timings = JSON.parse(readFileSync(lab.paths.timings, 'utf8')) as {ok: boolean; totalMs: number; tasks: Array<{id: string; ms: number}>};
		expect(timings).toMatchObject({ok: true, tasks: [{id: 'create-koornacht'}, {id: 'create-tion'}]});
		expect(timings.tasks.every((t) => t.ms > 0 && t.ms <= timings.totalMs)).toBe(true);
	}, 60_000);
});

describe('dry runs on a machine without Docker or kind', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('prepare, up and down --dry-run all exit 0 and touch nothing', async () => {
		lab = fakeLab();
		const prepare = await labCli(lab, NO_TOOLS).run('prepare', '--dry-run');
		expect(prepare.exitCode).toBe(0);
		const platform = hostPlatform();
		expect(prepare.stdout).toContain(`platform: ${platform} (this computer's; prepare uses the Docker engine's`);
		expect(prepare.stdout).toContain(`docker pull --platform ${platform} kindest/node@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f`);
		expect(prepare.stdout).toContain(`docker save --platform ${platform} -o ${lab.paths.imageArchive}.partial kindest/node:v1.33.1 quay.io/cilium/cilium:v1.19.5`);

		const up = await labCli(lab, NO_TOOLS).run('up', '--backend', 'kind', '--dry-run');
		expect(up.exitCode).toBe(0);
		expect(up.stdout).toContain(`images: none prepared (looked for ${lab.paths.imageArchive})`);
		expect(up.stdout).toContain('cilium status --wait --wait-duration 10m --interactive=false');
		expect(up.stdout).not.toContain('useDigest');

		const down = await labCli(lab, NO_TOOLS).run('down', '--dry-run');
		expect(down.exitCode).toBe(0);
		expect(down.stdout).toMatch(/kind clusters not listed here \(kind is not installed\)/);
		expect(down.stdout).toContain('no lab cluster created by clustermesh-tutor to delete');
		expect(lab.calls()).toEqual([]);
		expect(existsSync(lab.home)).toBe(false);
	});

	it('up --dry-run with a prepared archive shows both loads and the tag-pinned install', async () => {
		lab = fakeLab();
		await withPreparedArchive(lab);
		const up = await labCli(lab, NO_TOOLS).run('up', '--backend', 'kind', '--dry-run');
		const archive = lab.paths.imageArchive;
		expect(up.stdout).toContain(`images: loading the prepared archive ${archive}`);
		expect(up.stdout).toContain(`(lab) KUBECONFIG=${lab.paths.labKubeconfig} docker load -i ${archive}`);
		expect(up.stdout).toContain(`(lab) KUBECONFIG=${lab.paths.labKubeconfig} docker save -o ${lab.paths.clusterImageArchive} quay.io/cilium/cilium:v1.19.5`);
		expect(up.stdout).toContain(`(koornacht) KUBECONFIG=${lab.paths.kubeconfig('koornacht')} kind load image-archive ${lab.paths.clusterImageArchive} --name koornacht`);
		expect(up.stdout).toMatch(/cilium install --version 1\.19\.5 .* --set image\.useDigest=false .* --set hubble\.ui\.backend\.image\.useDigest=false/);
		// Loaded images carry tags, not registry digests: kind must find the node image by tag, or it pulls.
		expect(up.stdout).toContain('kind create cluster --name koornacht --image kindest/node:v1.33.1 --config');
	}, 60_000);

	it('down --dry-run after up lists exactly the owned clusters and files, and deletes nothing', async () => {
		lab = fakeLab();
		await labCli(lab).run('up', '--backend', 'kind', '--until', 'clusters');
		writeFileSync(lab.stateFile, JSON.stringify({...readFakeState(lab.stateFile), clusters: {...readFakeState(lab.stateFile).clusters, other: {}}}));
		const down = await labCli(lab).run('down', '--dry-run');
		expect(down.exitCode).toBe(0);
		for (const c of ['koornacht', 'tion']) expect(down.stdout).toContain(`kind delete cluster --name ${c} --kubeconfig ${lab.paths.kubeconfig(c)}`);
		expect(down.stdout).toContain(`rm ${lab.paths.ownership}`);
		expect(down.stdout).toContain(`rm ${lab.paths.clusterImageArchive}`);
		expect(down.stdout).not.toContain('other');
		expect(Object.keys(readFakeState(lab.stateFile).clusters).sort()).toEqual(['koornacht', 'other', 'tion']);
		expect(lab.calls().filter((c) => c.argv.includes('delete'))).toEqual([]);
	}, 60_000);
});

describe('doctor on faked hosts', () => {
	let lab: FakeLab;
	afterEach(() => lab.cleanup());

	it('no WireGuard and kind 0.31: both warnings, with the pin named', async () => {
		lab = fakeLab();
		const out = await labCli(lab, {FAKE_WIREGUARD: 'missing', FAKE_KIND_VERSION: '0.31.0'}).run('doctor', '--json');
		const report = JSON.parse(out.stdout) as {findings: Array<{id: string; level: string; detail: string; fix: string | null}>};
		expect(report.findings.find((f) => f.id === 'wireguard')).toMatchObject({level: 'warn', detail: expect.stringContaining('Unknown device type')});
		expect(report.findings.find((f) => f.id === 'kind')).toMatchObject({level: 'warn', detail: expect.stringContaining('v0.29.0')});
		expect(report.findings.find((f) => f.id === 'images')).toMatchObject({level: 'warn', fix: 'clustermesh-tutor prepare'});
		const probe = lab.calls().find((c) => c.tool === 'docker' && c.argv[0] === 'run');
		expect(probe?.argv).toEqual(['run', '--rm', '--pull=never', '--cap-add', 'NET_ADMIN', '--entrypoint', 'sh', 'kindest/node:v1.33.1', '-c', 'ip link add wg-doctor type wireguard && ip link del wg-doctor']);
	});
});
