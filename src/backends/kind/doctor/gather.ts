import {readFile, statfs} from 'node:fs/promises';
import {createServer} from 'node:net';
import os from 'node:os';
import {checkArchive} from '../../../images/archive.js';
import {locateArchive} from '../../../images/locate.js';
import type {StatePaths} from '../../../state/paths.js';
import {VERSIONS} from '../../../core/versions.js';
import {parseImageRef, tagRef} from '../../../images/catalog.js';
import {ownedClusters, ownershipStore} from '../ownership.js';
import {askTool} from './ask.js';
import {parseDockerInfo, type DoctorFacts} from './facts.js';

/** Local ports the lessons forward to (cilium-facts §5: Hubble Relay and Hubble UI defaults). */
export const LAB_PORTS = [
	{port: 4245, purpose: 'Hubble Relay port-forward (`cilium hubble port-forward`)'},
	{port: 12000, purpose: 'Hubble UI port-forward (`cilium hubble ui`)'},
] as const;

const TIMEOUT_MS = 8000;

// cilium-cli's `version` also fetches stable.txt over the network: the timeout keeps what it printed first.
const ask = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => askTool(file, args, {env, timeoutMs: TIMEOUT_MS});

async function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen({port, host: '127.0.0.1', exclusive: true}, () => server.close(() => resolve(true)));
	});
}

async function memAvailable(): Promise<number> {
	const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => '');
	const kb = Number(meminfo.match(/^MemAvailable:\s+(\d+)\s+kB/m)?.[1]);
	return Number.isFinite(kb) && kb > 0 ? kb * 1024 : os.freemem();
}

async function inotify(): Promise<DoctorFacts['inotify']> {
	const read = (name: string) => readFile(`/proc/sys/fs/inotify/${name}`, 'utf8').then((t) => Number(t.trim()));
	try {
		return {maxUserWatches: await read('max_user_watches'), maxUserInstances: await read('max_user_instances')};
	} catch {
		return undefined;
	}
}

async function freeDisk(paths: readonly string[]): Promise<DoctorFacts['disk']> {
	for (const path of paths) {
		try {
			const s = await statfs(path);
			return {path, freeBytes: s.bavail * s.bsize};
		} catch {
			// Not readable from here (e.g. Docker's root inside a VM): try the next place.
		}
	}
	return undefined;
}

/** The probe lesson 12 depends on: can this kernel create a WireGuard link? (`ip` ships in the kind node image.) */
export const WIREGUARD_PROBE = 'ip link add wg-doctor type wireguard && ip link del wg-doctor';

export function wireguardProbeArgs(image: string): string[] {
	// Its own network namespace, so nothing on the host changes; the kernel loads the module on demand.
	return ['run', '--rm', '--pull=never', '--cap-add', 'NET_ADMIN', '--entrypoint', 'sh', image, '-c', WIREGUARD_PROBE];
}

async function preparedImages(archive: string): Promise<DoctorFacts['images']> {
	const located = await locateArchive(archive);
	if (!located.archive && !located.problem) return {archive, present: false, problems: []};
	const check = located.problem ?? (await checkArchive(archive, {quick: true}));
	const manifest = check.manifest;
	return {archive, present: true, problems: check.problems, ...(manifest ? {bytes: manifest.archiveBytes} : {}), ...(manifest?.platform ? {platform: manifest.platform} : {})};
}

/** Thin I/O: runs the probes in parallel; the judging happens in rules.ts. */
export async function gatherDoctorFacts(options: {readonly paths: StatePaths; readonly env: NodeJS.ProcessEnv}): Promise<DoctorFacts> {
	const {env} = options;
	const [dockerVersion, dockerInfo, podman, kind, kubectl, cilium, helm, hubble, owned, ports] = await Promise.all([
		ask('docker', ['--version'], env),
		ask('docker', ['info', '--format', '{{json .}}'], env),
		ask('podman', ['--version'], env),
		ask('kind', ['version'], env),
		ask('kubectl', ['version', '--client', '-o', 'json'], env),
		ask('cilium', ['version', '--client'], env),
		ask('helm', ['version', '--short'], env),
		ask('hubble', ['version'], env),
		ownershipStore(options.paths.ownership).read().then(ownedClusters).catch(() => []),
		Promise.all(LAB_PORTS.map(async (p) => ({...p, free: await portFree(p.port)}))),
	]);
	const info = parseDockerInfo(dockerInfo.stdout);
	const engineUp = dockerInfo.exitCode === 0 && Boolean(info?.serverVersion);
	const [kindClusters, wireguard, images] = await Promise.all([
		engineUp && kind.found ? ask('kind', ['get', 'clusters'], env) : undefined,
		engineUp ? askTool('docker', wireguardProbeArgs(tagRef(parseImageRef(VERSIONS.kindNodeImage))), {env, timeoutMs: 30_000}) : undefined,
		preparedImages(options.paths.imageArchive),
	]);
	return {
		platform: {os: process.platform, arch: process.arch},
		docker: {version: dockerVersion, info: dockerInfo, podmanInstalled: podman.found},
		tools: {kind, kubectl, cilium, helm, hubble},
		host: {cpus: os.cpus().length, memAvailableBytes: await memAvailable(), kernel: os.release()},
		inotify: process.platform === 'linux' ? await inotify() : undefined,
		disk: await freeDisk([info?.rootDir ?? '', os.homedir()].filter(Boolean)),
		kindClusters,
		owned,
		...(wireguard ? {wireguard} : {}),
		images,
		ports,
	};
}
