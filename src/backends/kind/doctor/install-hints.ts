import {VERSIONS} from '../../../core/versions.js';

/** Pure: the exact install command of each pinned tool for this platform. */
export interface Platform {
	readonly os: NodeJS.Platform;
	readonly arch: string;
}

function goArch(arch: string): string {
	return arch === 'x64' ? 'amd64' : arch;
}

function goOs(os: NodeJS.Platform): string {
	return os === 'win32' ? 'windows' : os;
}

export function installKind({os, arch}: Platform): string {
	if (os !== 'linux' && os !== 'darwin') return `go install sigs.k8s.io/kind@v${VERSIONS.kind}`;
	return `curl -Lo ./kind https://kind.sigs.k8s.io/dl/v${VERSIONS.kind}/kind-${goOs(os)}-${goArch(arch)} && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind`;
}

export function installKubectl({os, arch}: Platform): string {
	return `curl -LO https://dl.k8s.io/release/v${VERSIONS.kubernetes}/bin/${goOs(os)}/${goArch(arch)}/kubectl && sudo install -m 0755 kubectl /usr/local/bin/kubectl`;
}

/** cilium-cli from its GitHub release, checksum verified (cilium docs, "Install the Cilium CLI"). */
export function installCiliumCli({os, arch}: Platform): string {
	const file = `cilium-${goOs(os)}-${goArch(arch)}.tar.gz`;
	const check = os === 'darwin' ? 'shasum -a 256 -c' : 'sha256sum --check';
	return (
		`curl -L --fail --remote-name-all https://github.com/cilium/cilium-cli/releases/download/v${VERSIONS.ciliumCli}/${file}{,.sha256sum} && ` +
		`${check} ${file}.sha256sum && sudo tar xzvfC ${file} /usr/local/bin && rm ${file}{,.sha256sum}`
	);
}

/** The hubble CLI from its GitHub release, checksum verified (cilium docs, "Install the Hubble Client"). */
export function installHubble({os, arch}: Platform): string {
	const file = `hubble-${goOs(os)}-${goArch(arch)}.tar.gz`;
	const check = os === 'darwin' ? 'shasum -a 256 -c' : 'sha256sum --check';
	return (
		`HUBBLE_VERSION=$(curl -s https://raw.githubusercontent.com/cilium/hubble/master/stable.txt) && ` +
		`curl -L --fail --remote-name-all https://github.com/cilium/hubble/releases/download/$HUBBLE_VERSION/${file}{,.sha256sum} && ` +
		`${check} ${file}.sha256sum && sudo tar xzvfC ${file} /usr/local/bin && rm ${file}{,.sha256sum}`
	);
}

export function installHelm(): string {
	return 'curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash';
}

/** How to get a Docker engine running, by platform. */
export function startDocker({os}: Platform): string {
	if (os === 'darwin') return 'start Docker Desktop (`open -a Docker`), or colima (`colima start --cpu 4 --memory 8`), or podman (`podman machine start`)';
	if (os === 'win32') return 'start Docker Desktop (with the WSL 2 backend)';
	return 'start Docker Engine (`sudo systemctl start docker`; install it with `curl -fsSL https://get.docker.com | sh`), or Docker Desktop, colima (`colima start --cpu 4 --memory 8`) or podman (`podman machine start`)';
}
