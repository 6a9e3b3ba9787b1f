import {shellLine} from '../core/shell-word.js';
import {normalizeRef, tagRef, type LabImage} from './catalog.js';

/** One `docker` invocation of `prepare`. */
export interface DockerStep {
	readonly args: readonly string[];
	/** Pulls may hit a transient registry error and are retried; tagging and saving are local. */
	readonly retryable: boolean;
}

/** A pinned image is pulled by digest (exactly those bytes), then tagged with the name the cluster asks for. */
export function pullRef(img: LabImage): string {
	return img.digest ? `${img.repository}@${img.digest}` : img.pinned;
}

const platformArgs = (platform: string | undefined) => (platform ? ['--platform', platform] : []);

/** Pure: the Docker commands that pull every image (for one platform) and tag the digest-pinned ones. */
export function pullSteps(images: readonly LabImage[], platform?: string): DockerStep[] {
	return images.flatMap((img) => [
		{args: ['pull', ...platformArgs(platform), pullRef(img)], retryable: true},
		...(img.digest ? [{args: ['tag', pullRef(img), tagRef(img)], retryable: false}] : []),
	]);
}

export function inspectStep(images: readonly LabImage[]): DockerStep {
	return {args: ['image', 'inspect', '--format', '{{json .}}', ...images.map(tagRef)], retryable: false};
}

/**
 * One archive for everything: `docker save` writes to a temporary name, renamed once verified.
 * With a platform it saves only that platform's manifest: under Docker's containerd image store
 * (the default of new Docker 29 installs) a plain save writes each image's whole multi-platform
 * index while only the pulled platform's blobs exist, and `kind load image-archive` imports with
 * `ctr images import --all-platforms` (kind pkg/cluster/nodeutils/util.go), which then fails on
 * the first missing digest (kubernetes-sigs/kind#3795). `--platform` needs API 1.48 (Docker 28).
 */
export function saveStep(images: readonly LabImage[], output: string, platform?: string): DockerStep {
	return {args: ['save', ...platformArgs(platform), '-o', output, ...images.map(tagRef)], retryable: false};
}

/** The Docker engine's platform and the API version client and engine speak (the lower of the two). */
export const DOCKER_VERSION_FORMAT = '{{.Server.Os}}/{{.Server.Arch}} {{.Server.APIVersion}} {{.Client.APIVersion}}';

export function versionStep(): DockerStep {
	return {args: ['version', '--format', DOCKER_VERSION_FORMAT], retryable: false};
}

export interface DockerEngine {
	/** `os/arch` as Docker names platforms (`linux/amd64`, `linux/arm64`). */
	readonly platform: string;
	/** The API version both ends speak: `docker save --platform` needs 1.48. */
	readonly apiVersion: string;
}

/** A platform as `--platform` takes it: `os/arch[/variant]`, lower case. */
export const PLATFORM_PATTERN = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/** Pure: parses what `docker version --format DOCKER_VERSION_FORMAT` printed; undefined when it is not that. */
export function parseDockerVersion(stdout: string): DockerEngine | undefined {
	const [platform = '', server = '', client = ''] = stdout.trim().split(/\s+/);
	const version = /^\d+\.\d+$/;
	if (!PLATFORM_PATTERN.test(platform) || !version.test(server) || !version.test(client)) return undefined;
	return {platform, apiVersion: compareApi(server, client) <= 0 ? server : client};
}

function compareApi(a: string, b: string): number {
	const [am = 0, an = 0] = a.split('.').map(Number);
	const [bm = 0, bn = 0] = b.split('.').map(Number);
	return am - bm || an - bn;
}

/** `docker save --platform` came with API 1.48 (Docker 28.0; docs.docker.com/reference/cli/docker/image/save). */
export function savesOnePlatform(engine: DockerEngine): boolean {
	return compareApi(engine.apiVersion, '1.48') >= 0;
}

/** Node's name for this computer's CPU as Docker names it, for a plan printed without asking Docker. */
export function hostPlatform(arch: string = process.arch): string {
	const docker: Record<string, string> = {x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64'};
	return `linux/${docker[arch] ?? arch}`;
}

export function renderDockerStep(step: DockerStep): string {
	return shellLine(['docker', ...step.args]);
}

/** What `docker image inspect` says about one image: its registry digest for our repository, and its size. */
export interface InspectedImage {
	readonly repoTags: readonly string[];
	readonly repoDigests: readonly string[];
	readonly size: number;
}

/** Pure: parses `docker image inspect --format '{{json .}}'` (one JSON object per line). */
export function parseInspect(stdout: string): InspectedImage[] {
	return stdout
		.split('\n')
		.filter((l) => l.trim())
		.map((line) => {
			const raw = JSON.parse(line) as {RepoTags?: string[] | null; RepoDigests?: string[] | null; Size?: number};
			return {repoTags: raw.RepoTags ?? [], repoDigests: raw.RepoDigests ?? [], size: raw.Size ?? 0};
		});
}

/** Pure: the registry digest an inspected image carries for this image's repository. */
export function digestFor(img: LabImage, inspected: InspectedImage): string | undefined {
	const repository = normalizeRef(img.repository);
	return inspected.repoDigests.map((d) => d.split('@')).find(([repo]) => normalizeRef(repo ?? '') === repository)?.[1];
}

/** Pure: matches inspected images to the lab's by tag. */
export function inspectedFor(img: LabImage, all: readonly InspectedImage[]): InspectedImage | undefined {
	const wanted = normalizeRef(tagRef(img));
	return all.find((i) => i.repoTags.some((t) => normalizeRef(t) === wanted));
}
