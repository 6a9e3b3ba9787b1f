import semver from 'semver';
import type {ClusterName} from '../../../core/lab.js';
import type {Platform} from './install-hints.js';

/** The raw answer of one command the doctor ran: found at all, its exit code and output. */
export interface ToolAnswer {
	readonly found: boolean;
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Everything the doctor looked at; gathered by thin I/O, judged by pure rules. */
export interface DoctorFacts {
	readonly platform: Platform;
	readonly docker: {
		/** `docker --version` */
		readonly version: ToolAnswer;
		/** `docker info --format '{{json .}}'` */
		readonly info: ToolAnswer;
		readonly podmanInstalled: boolean;
	};
	readonly tools: {
		/** `kind version` */
		readonly kind: ToolAnswer;
		/** `kubectl version --client -o json` */
		readonly kubectl: ToolAnswer;
		/** `cilium version --client` */
		readonly cilium: ToolAnswer;
		/** `helm version --short` */
		readonly helm: ToolAnswer;
		/** `hubble version`: the client a lesson runs on this computer to query Hubble Relay. */
		readonly hubble?: ToolAnswer;
	};
	readonly host: {
		readonly cpus: number;
		/** MemAvailable (Linux) or free memory. */
		readonly memAvailableBytes: number;
		readonly kernel: string;
	};
	/** Linux only (`/proc/sys/fs/inotify`). */
	readonly inotify?: {readonly maxUserWatches: number; readonly maxUserInstances: number};
	readonly disk?: {readonly path: string; readonly freeBytes: number};
	/** `kind get clusters`, when Docker and kind are usable. */
	readonly kindClusters?: ToolAnswer;
	readonly owned: readonly ClusterName[];
	/**
	 * WireGuard in the kernel that runs the nodes (the host's, or Docker's VM), asked from a
	 * container; undefined when no engine answers.
	 */
	readonly wireguard?: ToolAnswer;
	/** The prepared image archive in the state folder (quick check), if `prepare` wrote one. */
	readonly images: {readonly archive: string; readonly present: boolean; readonly problems: readonly string[]; readonly bytes?: number; readonly platform?: string};
	readonly ports: readonly {readonly port: number; readonly purpose: string; readonly free: boolean}[];
}

/** The fields of `docker info --format '{{json .}}'` the doctor uses. */
export interface DockerInfo {
	readonly serverVersion: string;
	readonly operatingSystem: string;
	readonly name: string;
	readonly context: string;
	readonly cpus: number;
	readonly memTotal: number;
	readonly rootDir: string;
	readonly kernel: string;
	/** The engine's platform as `--platform` names it (`linux/amd64`); '' when not reported. */
	readonly platform: string;
}

/** `docker info` reports the kernel's machine name (uname -m); image platforms use Go's names. */
const GO_ARCH: Readonly<Record<string, string>> = {x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', i686: '386'};

export function parseDockerInfo(stdout: string): DockerInfo | undefined {
	let raw: Record<string, unknown>;
	try {
		raw = JSON.parse(stdout.trim().split('\n')[0] ?? '') as Record<string, unknown>;
	} catch {
		return undefined;
	}
	const str = (v: unknown) => (typeof v === 'string' ? v : '');
	const num = (v: unknown) => (typeof v === 'number' ? v : 0);
	const client = (raw.ClientInfo ?? {}) as Record<string, unknown>;
	return {
		serverVersion: str(raw.ServerVersion),
		operatingSystem: str(raw.OperatingSystem),
		name: str(raw.Name),
		context: str(client.Context),
		cpus: num(raw.NCPU),
		memTotal: num(raw.MemTotal),
		rootDir: str(raw.DockerRootDir),
		kernel: str(raw.KernelVersion),
		platform: raw.OSType && raw.Architecture ? `${str(raw.OSType)}/${GO_ARCH[str(raw.Architecture)] ?? str(raw.Architecture)}` : '',
	};
}

/** A version from a tool's output, made semver-comparable (`v1.32.4-dispatcher` → 1.32.4). */
export function toolVersion(tool: 'kind' | 'kubectl' | 'cilium' | 'helm' | 'hubble', stdout: string): string | undefined {
	let text: string | undefined;
	switch (tool) {
		case 'kind':
			text = stdout.match(/kind v?(\d+\.\d+\.\d+\S*)/)?.[1];
			break;
		case 'kubectl':
			try {
				text = (JSON.parse(stdout) as {clientVersion?: {gitVersion?: string}}).clientVersion?.gitVersion;
			} catch {
				text = stdout.match(/Client Version:\s*v?(\S+)/)?.[1];
			}
			break;
		case 'cilium':
			text = stdout.match(/cilium-cli:\s*v?(\S+)/)?.[1];
			break;
		case 'helm':
			text = stdout.match(/v?(\d+\.\d+\.\d+)/)?.[1];
			break;
		case 'hubble':
			// `hubble v1.18.0@HEAD-1a2b3c4 compiled with go1.24.4 on linux/amd64`
			text = stdout.match(/hubble v?(\d+\.\d+\.\d+)/)?.[1];
			break;
	}
	return text ? (semver.coerce(text)?.version ?? undefined) : undefined;
}
