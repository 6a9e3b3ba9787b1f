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

/** Pure: the Docker commands that pull every image and tag the digest-pinned ones. */
export function pullSteps(images: readonly LabImage[]): DockerStep[] {
	return images.flatMap((img) => [
		{args: ['pull', pullRef(img)], retryable: true},
		...(img.digest ? [{args: ['tag', pullRef(img), tagRef(img)], retryable: false}] : []),
	]);
}

export function inspectStep(images: readonly LabImage[]): DockerStep {
	return {args: ['image', 'inspect', '--format', '{{json .}}', ...images.map(tagRef)], retryable: false};
}

/** One archive for everything: `docker save` writes to a temporary name, renamed once verified. */
export function saveStep(images: readonly LabImage[], output: string): DockerStep {
	return {args: ['save', '-o', output, ...images.map(tagRef)], retryable: false};
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
