import semver from 'semver';
import {isClusterName} from '../../../core/lab.js';
import {VERSIONS} from '../../../core/versions.js';
import {INOTIFY_FIX} from '../failure-hints.js';
import {parseKindClusters} from '../parse/kind-clusters.js';
import {parseDockerInfo, toolVersion, type DockerInfo, type DoctorFacts, type ToolAnswer} from './facts.js';
import type {Finding} from './findings.js';
import {installCiliumCli, installHelm, installHubble, installKind, installKubectl, startDocker} from './install-hints.js';

const GiB = 1024 ** 3;
const SIM = '`--backend sim` works without it';

export type EngineKind = 'Docker Desktop' | 'colima' | 'podman' | 'Docker Engine';

/** Which engine answers `docker`: from `docker info`, the client context and `docker --version`. */
export function engineKind(info: DockerInfo | undefined, dockerVersion: string): EngineKind {
	if (/podman/i.test(dockerVersion) || /podman/i.test(info?.operatingSystem ?? '')) return 'podman';
	if (/docker desktop/i.test(info?.operatingSystem ?? '')) return 'Docker Desktop';
	if (info?.name === 'colima' || /^colima/.test(info?.context ?? '') || /colima/i.test(info?.operatingSystem ?? '')) return 'colima';
	return 'Docker Engine';
}

/** True when the engine runs in a VM whose size `docker info` reports (not this host's free memory). */
function engineInVm(kind: EngineKind): boolean {
	return kind !== 'Docker Engine';
}

/** What `docker info` reported, when it succeeded. */
function engineInfo(facts: DoctorFacts): DockerInfo | undefined {
	return facts.docker.info.exitCode === 0 ? parseDockerInfo(facts.docker.info.stdout) : undefined;
}

function firstLine(answer: ToolAnswer): string {
	return (answer.stderr || answer.stdout).trim().split('\n').find((l) => l.trim()) ?? '';
}

function dockerFinding(facts: DoctorFacts): Finding {
	const {version, info} = facts.docker;
	const parsed = engineInfo(facts);
	const fix = `${startDocker(facts.platform)}; ${SIM}`;
	if (!version.found) {
		return {
			id: 'docker',
			status: 'fail',
			title: 'No Docker engine: Docker is not installed',
			detail: facts.docker.podmanInstalled
				? 'podman is installed, but kind and this tool drive it through the `docker` command (install podman-docker)'
				: 'kind runs each Kubernetes node as a container, so live lessons need Docker Desktop, Docker Engine, colima or podman',
			fix,
		};
	}
	if (!parsed?.serverVersion) {
		const serverError = (info.stderr.trim().split('\n').find((l) => /daemon|connect|error/i.test(l)) ?? firstLine(info)).trim();
		return {
			id: 'docker',
			status: 'fail',
			title: 'No Docker engine is reachable (the `docker` client is installed, but no engine answers)',
			detail: serverError || '`docker info` failed',
			fix,
		};
	}
	const kind = engineKind(parsed, version.stdout);
	return {
		id: 'docker',
		status: 'ok',
		title: `Docker engine reachable: ${kind} ${parsed.serverVersion}`,
		detail: [parsed.operatingSystem, parsed.context && `context ${parsed.context}`].filter(Boolean).join(', '),
	};
}

interface VersionRule {
	readonly id: string;
	readonly name: string;
	readonly answer: ToolAnswer;
	readonly tool: 'kind' | 'kubectl' | 'cilium' | 'helm' | 'hubble';
	readonly install: string;
	/** Status of a missing tool. */
	readonly missing: 'fail' | 'warn';
	readonly missingDetail: string;
	readonly judge: (version: string) => {status: Finding['status']; detail: string};
}

function versionFinding(rule: VersionRule): Finding {
	if (!rule.answer.found) {
		return {id: rule.id, status: rule.missing, title: `${rule.name} is not installed`, detail: rule.missingDetail, fix: rule.install};
	}
	const version = toolVersion(rule.tool, rule.answer.stdout);
	if (!version) {
		return {id: rule.id, status: 'warn', title: `${rule.name}: version unknown`, detail: firstLine(rule.answer) || 'no version in its output', fix: rule.install};
	}
	const verdict = rule.judge(version);
	return {
		id: rule.id,
		status: verdict.status,
		title: `${rule.name} v${version}`,
		detail: verdict.detail,
		...(verdict.status === 'ok' ? {} : {fix: rule.install}),
	};
}

/**
 * Pure: the pinned kind minor. Older releases cannot run the pinned node image; newer ones
 * usually do, but the node image comes from kind v0.29's release notes, and later releases
 * built their images for themselves (kind v0.33 release notes), so it is a warning.
 */
export function judgeKind(version: string): {status: Finding['status']; detail: string} {
	const pinned = VERSIONS.kind;
	const node = `node image kindest/node:v${VERSIONS.kubernetes}`;
	if (semver.lt(version, `${semver.major(pinned)}.${semver.minor(pinned)}.0`)) {
		return {status: 'fail', detail: `the pin is v${pinned}: older releases cannot run its ${node}`};
	}
	if (semver.major(version) !== semver.major(pinned) || semver.minor(version) !== semver.minor(pinned)) {
		return {status: 'warn', detail: `the pin is v${pinned} (${node} comes from its release notes); newer kind usually runs it, but it is not what the lab was checked with`};
	}
	return {status: 'ok', detail: `the pin is v${pinned}${version === pinned ? '' : `.x (v${pinned} exactly was checked)`}`};
}

/** Pure: kubectl within one minor of the lab's Kubernetes, and not below the minimum. */
export function judgeKubectl(version: string): {status: Finding['status']; detail: string} {
	const k8s = VERSIONS.kubernetes;
	if (semver.lt(version, VERSIONS.kubectlMin)) return {status: 'fail', detail: `older than the minimum v${VERSIONS.kubectlMin}`};
	const skew = Math.abs(semver.minor(version) - semver.minor(k8s)) + 100 * Math.abs(semver.major(version) - semver.major(k8s));
	if (skew > 1) return {status: 'warn', detail: `the lab runs Kubernetes v${k8s}; kubectl supports one minor version of skew`};
	return {status: 'ok', detail: `within the supported skew of Kubernetes v${k8s}`};
}

/** Pure: the pinned cilium-cli; a newer one works but may word things differently; older lacks the pinned chart. */
export function judgeCiliumCli(version: string): {status: Finding['status']; detail: string} {
	const pinned = VERSIONS.ciliumCli;
	if (semver.eq(version, pinned)) return {status: 'ok', detail: `the pinned release (embeds the Cilium ${VERSIONS.cilium} chart)`};
	if (semver.gt(version, pinned)) return {status: 'warn', detail: `newer than the pinned v${pinned}: lesson output may differ`};
	return {status: 'fail', detail: `older than the pinned v${pinned}, which embeds the Cilium ${VERSIONS.cilium} chart and checks CAs on connect`};
}

export function judgeHelm(version: string): {status: Finding['status']; detail: string} {
	return semver.lt(version, VERSIONS.helmMin)
		? {status: 'warn', detail: `older than v${VERSIONS.helmMin}`}
		: {status: 'ok', detail: `at least v${VERSIONS.helmMin}`};
}

function toolFindings(facts: DoctorFacts): Finding[] {
	const {tools, platform} = facts;
	return [
		versionFinding({
			id: 'kind', name: 'kind', tool: 'kind', answer: tools.kind, install: installKind(platform), missing: 'fail',
			missingDetail: `kind creates the lab's two clusters (pinned v${VERSIONS.kind})`, judge: judgeKind,
		}),
		versionFinding({
			id: 'kubectl', name: 'kubectl', tool: 'kubectl', answer: tools.kubectl, install: installKubectl(platform), missing: 'fail',
			missingDetail: 'the lessons run kubectl', judge: judgeKubectl,
		}),
		versionFinding({
			id: 'cilium-cli', name: 'cilium CLI', tool: 'cilium', answer: tools.cilium, install: installCiliumCli(platform), missing: 'fail',
			missingDetail: `installs Cilium and Cluster Mesh (pinned v${VERSIONS.ciliumCli})`, judge: judgeCiliumCli,
		}),
		versionFinding({
			id: 'helm', name: 'helm', tool: 'helm', answer: tools.helm, install: installHelm(), missing: 'warn',
			missingDetail: '`up` does not need it (cilium-cli embeds Helm); only the Helm variants of some steps do', judge: judgeHelm,
		}),
		...(tools.hubble
			? [
					versionFinding({
						id: 'hubble', name: 'hubble CLI', tool: 'hubble', answer: tools.hubble, install: installHubble(platform), missing: 'warn',
						missingDetail: "lesson 9's Relay step runs it on this computer (`hubble observe -P`); the other Hubble steps use the copy inside the agents",
						judge: () => ({status: 'ok', detail: "queries Hubble Relay for lesson 9's Relay step"}),
					}),
				]
			: []),
	];
}

/** The engine's CPUs and memory when it answers (a VM's size for Desktop/colima/podman), else the host's. */
function resourceFindings(facts: DoctorFacts): Finding[] {
	const info = engineInfo(facts);
	const kind = engineKind(info, facts.docker.version.stdout);
	const fromVm = Boolean(info?.serverVersion) && engineInVm(kind);
	const cpus = info?.cpus || facts.host.cpus;
	const memory = fromVm && info ? info.memTotal : facts.host.memAvailableBytes;
	const where = fromVm ? `the ${kind} VM` : info?.serverVersion ? 'this host' : 'this host (no engine answered)';
	const resize =
		kind === 'colima' ? 'colima stop && colima start --cpu 4 --memory 8' : kind === 'podman' ? 'podman machine set --cpus 4 --memory 8192' : kind === 'Docker Desktop' ? 'raise CPUs and memory in Docker Desktop → Settings → Resources' : 'close other workloads or use a bigger machine';
	const cpuStatus = cpus < 2 ? 'fail' : cpus < 4 ? 'warn' : 'ok';
	const memStatus = memory < 4 * GiB ? 'fail' : memory < 8 * GiB ? 'warn' : 'ok';
	const gib = (memory / GiB).toFixed(1);
	return [
		{
			id: 'cpus', status: cpuStatus, title: `${cpus} CPUs for six kind nodes`,
			detail: `${where}; 4 or more recommended, 2 at the very least`, ...(cpuStatus === 'ok' ? {} : {fix: resize}),
		},
		{
			id: 'memory', status: memStatus, title: `${gib} GiB of memory ${fromVm ? 'for Docker' : 'available'}`,
			detail: `${where}; 8 GiB or more recommended for six nodes, 4 GiB at the very least`, ...(memStatus === 'ok' ? {} : {fix: resize}),
		},
	];
}

/** Cilium needs a Linux kernel ≥ 5.10 (docs: system requirements); the engine's kernel when it answers. */
function kernelFinding(facts: DoctorFacts): Finding | undefined {
	const info = engineInfo(facts);
	const kernel = info?.kernel || (facts.platform.os === 'linux' ? facts.host.kernel : '');
	const version = semver.coerce(kernel)?.version;
	if (!version) return undefined;
	return semver.lt(version, '5.10.0')
		? {id: 'kernel', status: 'fail', title: `Linux kernel ${kernel} is older than 5.10`, detail: 'Cilium needs Linux 5.10 or newer', fix: 'upgrade the kernel (or the Docker VM)'}
		: {id: 'kernel', status: 'ok', title: `Linux kernel ${kernel}`, detail: 'Cilium needs 5.10 or newer'};
}

function inotifyFinding(facts: DoctorFacts): Finding {
	if (!facts.inotify) {
		return {id: 'inotify', status: 'ok', title: 'inotify limits: not checked here', detail: 'not a Linux host: the Docker VM manages its own limits'};
	}
	const {maxUserWatches, maxUserInstances} = facts.inotify;
	const low = maxUserWatches < 524288 || maxUserInstances < 512;
	return {
		id: 'inotify',
		status: low ? 'warn' : 'ok',
		title: `inotify limits: max_user_watches ${maxUserWatches}, max_user_instances ${maxUserInstances}`,
		detail: low ? 'too low for six kind nodes: pods fail with "too many open files"' : 'enough for six kind nodes',
		...(low ? {fix: `${INOTIFY_FIX} (persist them in /etc/sysctl.conf)`} : {}),
	};
}

function diskFinding(facts: DoctorFacts): Finding | undefined {
	if (!facts.disk) return undefined;
	const free = facts.disk.freeBytes / GiB;
	const low = free < 20;
	return {
		id: 'disk',
		status: low ? 'warn' : 'ok',
		title: `${free.toFixed(1)} GiB free in ${facts.disk.path}`,
		detail: 'images (pulled or prepared, plus their archive) and six nodes need about 20 GiB',
		...(low ? {fix: '`docker system prune` removes unused images and containers'} : {}),
	};
}

/** WireGuard in the node kernel: lesson 12 encrypts pod traffic with it (`CONFIG_WIREGUARD`). */
function wireguardFinding(facts: DoctorFacts): Finding {
	const answer = facts.wireguard;
	const lesson = 'lesson 12 (transparent encryption) needs it; every other lesson works without';
	if (!answer) return {id: 'wireguard', status: 'warn', title: 'WireGuard in the node kernel: not checked', detail: `needs a Docker engine; ${lesson}`};
	if (answer.exitCode === 0) return {id: 'wireguard', status: 'ok', title: 'WireGuard: the node kernel supports it', detail: 'lesson 12 can encrypt pod traffic'};
	const said = firstLine(answer);
	if (/Unknown device type|not supported|Operation not supported/i.test(said)) {
		return {
			id: 'wireguard',
			status: 'warn',
			title: 'WireGuard: the kernel that runs the nodes lacks it',
			detail: `${lesson}; \`ip link add … type wireguard\` said "${said}"`,
			fix: facts.platform.os === 'linux' ? 'load it (`sudo modprobe wireguard`) or use a kernel built with CONFIG_WIREGUARD (Linux 5.6 or newer ships it)' : 'update Docker Desktop / the VM (its kernel needs CONFIG_WIREGUARD), or skip lesson 12',
		};
	}
	if (/Unable to find image|No such image|pull access denied|image.*not (?:found|known)/i.test(said)) {
		return {id: 'wireguard', status: 'warn', title: 'WireGuard in the node kernel: not checked yet', detail: `the check runs in the kind node image, which is not in Docker yet; ${lesson}`, fix: 'run `clustermesh-tutor prepare` (or `up`), then `doctor` again'};
	}
	return {id: 'wireguard', status: 'warn', title: 'WireGuard in the node kernel: unknown', detail: `${said || `the probe exited with ${answer.exitCode}`}; ${lesson}`};
}

/** The prepared image archive (`prepare`): a room with one Wi-Fi wants it on every laptop. */
function imagesFinding(facts: DoctorFacts): Finding {
	const {archive, present, problems, bytes} = facts.images;
	if (!present) {
		return {
			id: 'images', status: 'warn', title: 'No prepared images: every node pulls from the registries',
			detail: `looked for ${archive}; about a dozen images, some from Docker Hub (anonymous pull limits)`, fix: 'clustermesh-tutor prepare',
		};
	}
	if (problems.length > 0) {
		return {id: 'images', status: 'warn', title: 'The prepared image archive is incomplete', detail: problems[0] ?? archive, fix: 'clustermesh-tutor prepare'};
	}
	const engine = engineInfo(facts)?.platform;
	if (facts.images.platform && engine && facts.images.platform !== engine) {
		// The archive holds one platform (prepare saves with --platform), so the nodes would run images built for another CPU.
		return {
			id: 'images', status: 'warn', title: `The prepared images are for ${facts.images.platform}, this Docker runs ${engine}`,
			detail: `${archive} was made on a machine of another CPU; \`up\` would load images these nodes cannot run`,
			fix: `clustermesh-tutor prepare (or, on the machine that made it: clustermesh-tutor prepare --platform ${engine})`,
		};
	}
	return {
		id: 'images', status: 'ok', title: `Prepared images: ${archive}`,
		detail: `${((bytes ?? 0) / GiB).toFixed(2)} GiB, every pinned image present (full check: \`clustermesh-tutor prepare --check ${archive}\`)`,
	};
}

function clusterFinding(facts: DoctorFacts): Finding {
	if (!facts.kindClusters) {
		const owned = facts.owned.length > 0 ? `; this tool's record lists ${facts.owned.join(', ')}` : '';
		return {id: 'clusters', status: 'warn', title: 'Existing kind clusters not checked', detail: `needs a Docker engine and kind${owned}`};
	}
	if (facts.kindClusters.exitCode !== 0) {
		return {id: 'clusters', status: 'warn', title: 'Could not list kind clusters', detail: firstLine(facts.kindClusters)};
	}
	const names = parseKindClusters(facts.kindClusters.stdout);
	const foreign = names.filter((n) => isClusterName(n) && !facts.owned.includes(n));
	const ours = names.filter((n) => isClusterName(n) && facts.owned.includes(n));
	const others = names.filter((n) => !isClusterName(n));
	const otherText = others.length > 0 ? `; other clusters (left alone, but they use memory): ${others.join(', ')}` : '';
	if (foreign.length > 0) {
		return {
			id: 'clusters',
			status: 'fail',
			title: `kind cluster ${foreign.join(' and ')} exists but was not created by this tool`,
			detail: `\`up\` will not touch a cluster it did not create${otherText}`,
			fix: `if it is a leftover you no longer need: ${foreign.map((n) => `kind delete cluster --name ${n}`).join(' && ')}`,
		};
	}
	return {
		id: 'clusters',
		status: 'ok',
		title: ours.length > 0 ? `Lab clusters created by this tool: ${ours.join(', ')} (\`up\` resumes them)` : 'No lab cluster yet',
		detail: `kind clusters: ${names.length > 0 ? names.join(', ') : 'none'}${otherText}`,
	};
}

function portFindings(facts: DoctorFacts): Finding[] {
	return facts.ports.map(({port, purpose, free}) =>
		free
			? {id: `port-${port}`, status: 'ok', title: `Port ${port} is free`, detail: purpose}
			: {id: `port-${port}`, status: 'warn', title: `Port ${port} is in use`, detail: purpose, fix: `find what holds it: \`lsof -i :${port}\`, and stop it`},
	);
}

/** Pure: every finding, Docker first. */
export function evaluateDoctor(facts: DoctorFacts): Finding[] {
	return [
		dockerFinding(facts),
		...toolFindings(facts),
		...resourceFindings(facts),
		kernelFinding(facts),
		inotifyFinding(facts),
		wireguardFinding(facts),
		diskFinding(facts),
		imagesFinding(facts),
		clusterFinding(facts),
		...portFindings(facts),
	].filter((f): f is Finding => f !== undefined);
}
