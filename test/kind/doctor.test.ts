import {describe, expect, it} from 'vitest';
import {parseDockerInfo, type DoctorFacts, type ToolAnswer} from '../../src/backends/kind/doctor/facts.js';
import {doctorReport} from '../../src/backends/kind/doctor/findings.js';
import {formatDoctorReport} from '../../src/backends/kind/doctor/format.js';
import {engineKind, evaluateDoctor, judgeCiliumCli, judgeKind, judgeKubectl} from '../../src/backends/kind/doctor/rules.js';
import * as f from './fixtures.js';

const GiB = 1024 ** 3;
const answer = (stdout: string, exitCode = 0, stderr = ''): ToolAnswer => ({found: true, exitCode, stdout, stderr});
const missing: ToolAnswer = {found: false, exitCode: 127, stdout: '', stderr: ''};
/** The docker client, with this answer from `docker info`. */
const dockerWith = (info: ToolAnswer): DoctorFacts['docker'] => ({version: answer(f.DOCKER_VERSION), info, podmanInstalled: false});

/** A machine ready for the lab; each test changes one thing. */
function facts(change: Partial<DoctorFacts> = {}): DoctorFacts {
	return {
		platform: {os: 'linux', arch: 'x64'},
		docker: dockerWith(answer(f.dockerInfo({}))),
		tools: {kind: answer(f.KIND_VERSION), kubectl: answer(f.KUBECTL_VERSION_JSON), cilium: answer(f.CILIUM_VERSION), helm: answer(f.HELM_VERSION)},
		host: {cpus: 8, memAvailableBytes: 12 * GiB, kernel: '6.8.0-60-generic'},
		inotify: {maxUserWatches: 524288, maxUserInstances: 512},
		disk: {path: '/var/lib/docker', freeBytes: 100 * GiB},
		kindClusters: answer(''),
		owned: [],
		wireguard: answer(''),
		images: {archive: '/state/images/lab-images.tar', present: true, problems: [], bytes: 3 * GiB},
		ports: [{port: 4245, purpose: 'Hubble Relay', free: true}],
		...change,
	};
}

const finding = (list: ReturnType<typeof evaluateDoctor>, id: string) => list.find((x) => x.id === id);

describe('doctor decisions', () => {
	it('passes a ready machine', () => {
		const report = doctorReport(evaluateDoctor(facts()));
		expect(report.ok).toBe(true);
		expect(report.findings.map((x) => x.status).filter((s) => s !== 'ok')).toEqual([]);
		expect(report.findings[0]?.title).toBe('Docker engine reachable: Docker Engine 28.3.0');
	});

	it('on a machine with the docker client but no engine (this one), fails first and says so plainly', () => {
		const list = evaluateDoctor(
			facts({
				docker: dockerWith(answer(f.DOCKER_INFO_NO_ENGINE.stdout, 1, f.DOCKER_INFO_NO_ENGINE.stderr)),
				kindClusters: undefined,
				tools: {kind: missing, kubectl: answer(f.KUBECTL_VERSION_JSON), cilium: missing, helm: missing},
			}),
		);
		const [first] = list;
		expect(first).toMatchObject({id: 'docker', status: 'fail'});
		expect(first?.title).toMatch(/^No Docker engine is reachable/);
		expect(first?.detail).toContain('Cannot connect to the Docker daemon');
		for (const word of ['Docker Desktop', 'Docker Engine', 'colima', 'podman', '--backend sim']) expect(first?.fix).toContain(word);
		expect(doctorReport(list).ok).toBe(false);
		expect(finding(list, 'clusters')).toMatchObject({status: 'warn', title: 'Existing kind clusters not checked'});
		expect(finding(list, 'kind')?.fix).toBe('curl -Lo ./kind https://kind.sigs.k8s.io/dl/v0.29.0/kind-linux-amd64 && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind');
		expect(finding(list, 'cilium-cli')?.fix).toContain('cilium-cli/releases/download/v0.19.7/cilium-linux-amd64.tar.gz{,.sha256sum}');
		expect(finding(list, 'cilium-cli')?.fix).toContain('sha256sum --check');
	});

	it('without any docker client', () => {
		const [first] = evaluateDoctor(facts({docker: {version: missing, info: missing, podmanInstalled: true}}));
		expect(first).toMatchObject({status: 'fail', title: 'No Docker engine: Docker is not installed'});
		expect(first?.detail).toMatch(/podman-docker/);
	});

	it('tells the engines apart', () => {
		const info = (fields: Record<string, unknown>) => parseDockerInfo(f.dockerInfo(fields));
		expect(engineKind(info({OperatingSystem: 'Docker Desktop'}), f.DOCKER_VERSION)).toBe('Docker Desktop');
		expect(engineKind(info({Name: 'colima', OperatingSystem: 'Ubuntu 24.04 LTS'}), f.DOCKER_VERSION)).toBe('colima');
		expect(engineKind(info({ClientInfo: {Context: 'colima'}}), f.DOCKER_VERSION)).toBe('colima');
		expect(engineKind(info({}), 'podman version 5.4.0')).toBe('podman');
		expect(engineKind(info({}), f.DOCKER_VERSION)).toBe('Docker Engine');
	});

	it('judges versions against the pins', () => {
		expect(judgeKind('0.28.0').status).toBe('fail');
		expect(judgeKind('0.29.0').status).toBe('ok');
		expect(judgeKind('0.29.1').status).toBe('ok');
		expect(judgeKind('0.31.0')).toMatchObject({status: 'warn', detail: expect.stringContaining('the pin is v0.29.0')});
		for (const v of ['0.28.0', '0.29.0', '0.31.0']) expect(judgeKind(v).detail).toContain('v0.29.0');
		expect(judgeKubectl('1.30.9').status).toBe('fail');
		expect(judgeKubectl('1.31.2').status).toBe('warn');
		expect(judgeKubectl('1.32.4').status).toBe('ok');
		expect(judgeKubectl('1.34.0').status).toBe('ok');
		expect(judgeKubectl('1.35.0').status).toBe('warn');
		expect(judgeCiliumCli('0.19.7').status).toBe('ok');
		expect(judgeCiliumCli('0.19.8').status).toBe('warn');
		expect(judgeCiliumCli('0.20.1').status).toBe('warn');
		expect(judgeCiliumCli('0.19.1').status).toBe('fail');
		const list = evaluateDoctor(facts({tools: {...facts().tools, helm: missing}}));
		expect(finding(list, 'helm')?.status).toBe('warn');
		expect(finding(list, 'kubectl')?.title).toBe('kubectl v1.32.4');
	});

	it('reports the hubble CLI that lesson 9 runs on this computer, and how to install it', () => {
		const installed = evaluateDoctor(facts({tools: {...facts().tools, hubble: answer('hubble v1.18.0@HEAD-8a1b2c3 compiled with go1.24.4 on linux/amd64\n')}}));
		expect(finding(installed, 'hubble')).toMatchObject({status: 'ok', title: 'hubble CLI v1.18.0'});
		const absent = evaluateDoctor(facts({tools: {...facts().tools, hubble: missing}}));
		expect(finding(absent, 'hubble')).toMatchObject({status: 'warn', title: 'hubble CLI is not installed', detail: expect.stringContaining('lesson 9')});
		expect(finding(absent, 'hubble')?.fix).toMatch(/cilium\/hubble\/releases\/download\/\$HUBBLE_VERSION\/hubble-linux-amd64\.tar\.gz/);
		// Not asked (an older gatherer): no finding rather than a false alarm.
		expect(finding(evaluateDoctor(facts()), 'hubble')).toBeUndefined();
	});

	it('sizes CPUs and memory from the Docker VM when there is one, else from the host', () => {
		const desktop = (mem: number, cpus: number) =>
			evaluateDoctor(facts({docker: dockerWith(answer(f.dockerInfo({OperatingSystem: 'Docker Desktop', MemTotal: mem, NCPU: cpus})))}));
		expect(finding(desktop(6 * GiB, 4), 'memory')).toMatchObject({status: 'warn', fix: expect.stringContaining('Settings → Resources')});
		expect(finding(desktop(3 * GiB, 4), 'memory')?.status).toBe('fail');
		expect(finding(desktop(16 * GiB, 1), 'cpus')?.status).toBe('fail');
		expect(finding(desktop(16 * GiB, 3), 'cpus')?.status).toBe('warn');
		// Docker Engine on Linux shares the host: its available memory counts.
		expect(finding(evaluateDoctor(facts({host: {cpus: 8, memAvailableBytes: 5 * GiB, kernel: '6.8.0'}})), 'memory')?.status).toBe('warn');
	});

	it('warns about low inotify limits with the sysctl fix', () => {
		const low = finding(evaluateDoctor(facts({inotify: {maxUserWatches: 192536, maxUserInstances: 128}})), 'inotify');
		expect(low).toMatchObject({status: 'warn', fix: expect.stringContaining('sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512')});
		expect(finding(evaluateDoctor(facts({inotify: undefined})), 'inotify')?.status).toBe('ok');
	});

	it('warns below 20 GiB of free disk, and about a taken port', () => {
		expect(finding(evaluateDoctor(facts({disk: {path: '/', freeBytes: 12 * GiB}})), 'disk')?.status).toBe('warn');
		expect(finding(evaluateDoctor(facts({ports: [{port: 12000, purpose: 'Hubble UI', free: false}]})), 'port-12000')).toMatchObject({status: 'warn', fix: expect.stringContaining('lsof -i :12000')});
	});

	it('fails on a lab cluster the tool did not create; reports owned and other clusters', () => {
		const foreign = finding(evaluateDoctor(facts({kindClusters: answer('dev\nkoornacht\n'), owned: []})), 'clusters');
		expect(foreign).toMatchObject({status: 'fail', fix: expect.stringContaining('kind delete cluster --name koornacht')});
		const ours = finding(evaluateDoctor(facts({kindClusters: answer('dev\nkoornacht\ntion\n'), owned: ['koornacht', 'tion']})), 'clusters');
		expect(ours).toMatchObject({status: 'ok', title: expect.stringContaining('koornacht, tion')});
		expect(ours?.detail).toContain('dev');
	});

	it('fails an old kernel', () => {
		const list = evaluateDoctor(facts({docker: dockerWith(answer(f.dockerInfo({KernelVersion: '5.4.0-150-generic'})))}));
		expect(finding(list, 'kernel')?.status).toBe('fail');
	});

	it('formats one line per finding with the fix indented, and a closing summary', () => {
		const text = formatDoctorReport(doctorReport(evaluateDoctor(facts({inotify: {maxUserWatches: 1, maxUserInstances: 1}}))));
		expect(text).toMatch(/^✔ Docker engine reachable/);
		expect(text).toMatch(/\n! inotify limits: .*\n {4}fix: sudo sysctl/);
		expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Ready for live kind clusters \(1 warning/);
	});
});

describe('doctor: what a room needs (WireGuard, kind pin, disk, prepared images)', () => {
	it('warns when the node kernel lacks WireGuard, naming lesson 12, and when it could not ask', () => {
		const none = finding(evaluateDoctor(facts({wireguard: answer('', 2, 'Error: Unknown device type.')})), 'wireguard');
		expect(none).toMatchObject({status: 'warn', title: 'WireGuard: the kernel that runs the nodes lacks it', fix: expect.stringContaining('modprobe wireguard')});
		expect(none?.detail).toContain('lesson 12');
		const noImage = finding(evaluateDoctor(facts({wireguard: answer('', 125, "docker: Error response from daemon: No such image: kindest/node:v1.33.1")})), 'wireguard');
		expect(noImage).toMatchObject({status: 'warn', fix: expect.stringContaining('prepare')});
		expect(finding(evaluateDoctor(facts({wireguard: undefined})), 'wireguard')?.title).toContain('not checked');
		expect(finding(evaluateDoctor(facts()), 'wireguard')?.status).toBe('ok');
	});

	it('warns on kind 0.31 and always names the pin', () => {
		const newer = finding(evaluateDoctor(facts({tools: {...facts().tools, kind: answer('kind v0.31.0 go1.25.1 linux/amd64')}})), 'kind');
		expect(newer).toMatchObject({status: 'warn', title: 'kind v0.31.0'});
		expect(newer?.detail).toContain('v0.29.0');
		expect(finding(evaluateDoctor(facts()), 'kind')?.detail).toContain('v0.29.0');
	});

	it('warns on low disk with the prune fix', () => {
		const low = finding(evaluateDoctor(facts({disk: {path: '/var/lib/docker', freeBytes: 9 * GiB}})), 'disk');
		expect(low).toMatchObject({status: 'warn', title: '9.0 GiB free in /var/lib/docker', fix: expect.stringContaining('docker system prune')});
	});

	it('tells a missing or incomplete prepared archive from a complete one', () => {
		const missingArchive = finding(evaluateDoctor(facts({images: {archive: '/s/lab-images.tar', present: false, problems: []}})), 'images');
		expect(missingArchive).toMatchObject({status: 'warn', fix: 'clustermesh-tutor prepare', detail: expect.stringContaining('/s/lab-images.tar')});
		const partial = finding(evaluateDoctor(facts({images: {archive: '/s/a.tar', present: true, problems: ['/s/a.tar: 10 bytes, the manifest says 99']}})), 'images');
		expect(partial).toMatchObject({status: 'warn', title: 'The prepared image archive is incomplete', detail: expect.stringContaining('10 bytes')});
		expect(finding(evaluateDoctor(facts()), 'images')).toMatchObject({status: 'ok', detail: expect.stringContaining('3.00 GiB')});
	});

	it('warns when the prepared archive was made for another CPU than this Docker engine runs', () => {
		const images = {archive: '/s/lab-images.tar', present: true, problems: [], bytes: 3 * GiB, platform: 'linux/arm64'};
		const onIntel = facts({images, docker: dockerWith(answer(f.dockerInfo({OSType: 'linux', Architecture: 'x86_64'})))});
		expect(finding(evaluateDoctor(onIntel), 'images')).toMatchObject({
			status: 'warn',
			title: 'The prepared images are for linux/arm64, this Docker runs linux/amd64',
			fix: expect.stringContaining('prepare --platform linux/amd64'),
		});
		const onArm = facts({images, docker: dockerWith(answer(f.dockerInfo({OSType: 'linux', Architecture: 'aarch64'})))});
		expect(finding(evaluateDoctor(onArm), 'images')).toMatchObject({status: 'ok'});
		// An archive from an earlier version names no platform: nothing to compare.
		expect(finding(evaluateDoctor(facts({docker: dockerWith(answer(f.dockerInfo({OSType: 'linux', Architecture: 'x86_64'})))})), 'images')).toMatchObject({status: 'ok'});
	});

	it('--json carries every finding with id, level and fix', async () => {
		const {doctorJson} = await import('../../src/backends/kind/doctor/findings.js');
		const json = doctorJson(doctorReport(evaluateDoctor(facts({wireguard: answer('', 2, 'Error: Unknown device type.')}))));
		expect(json.schema).toBe(2);
		for (const x of json.findings) {
			expect(Object.keys(x).sort()).toEqual(['detail', 'fix', 'id', 'level', 'title']);
			expect(['ok', 'warn', 'fail']).toContain(x.level);
		}
		expect(json.findings.find((x) => x.id === 'wireguard')).toMatchObject({level: 'warn', fix: expect.stringContaining('wireguard')});
		expect(json.findings.find((x) => x.id === 'docker')).toMatchObject({level: 'ok', fix: null});
	});
});
