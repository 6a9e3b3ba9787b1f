import {VERSIONS} from '../core/versions.js';

/**
 * The images a lab needs, for `prepare` (pull and save once) and `up` (load instead of pulling).
 * Pure data over src/core/versions.ts. Sources: ../shared/cilium-facts.md §8 and the Cilium
 * 1.19.5 chart's values.yaml (embedded in cilium-cli v0.19.7).
 */
export interface LabImage {
	/** The reference as pinned: `repository:tag@sha256:…`, or `repository:tag` when no digest is pinned. */
	readonly pinned: string;
	readonly repository: string;
	readonly tag: string;
	/** The pinned registry digest, when there is one. */
	readonly digest?: string;
	/** `node`: the kind node image, loaded into the local Docker before `kind create`; `cluster`: loaded into the nodes. */
	readonly role: 'node' | 'cluster';
	readonly purpose: string;
	/** The chart value that references it (`<key>.useDigest`), for the images Cilium's chart installs. */
	readonly chartKey?: string;
}

/** Splits `repository:tag@sha256:…` (the repository may hold a registry port). */
export function parseImageRef(pinned: string): {repository: string; tag: string; digest?: string} {
	const [name = '', digest] = pinned.split('@');
	const colon = name.lastIndexOf(':');
	const hasTag = colon > name.lastIndexOf('/');
	return {repository: hasTag ? name.slice(0, colon) : name, tag: hasTag ? name.slice(colon + 1) : 'latest', ...(digest ? {digest} : {})};
}

/** A reference as a person reads it: `repository:tag`, without the digest pinned for pulling. */
export const withoutDigest = (ref: string): string => ref.replace(/@sha256:[0-9a-f]+$/i, '');

/**
 * The fully qualified form of a reference, as containerd names it: Docker shows Docker Hub
 * images short (`nginx:1.27.1`, `kindest/node:v1.33.1`), containerd as
 * `docker.io/library/nginx:1.27.1`. Comparisons go through this.
 */
export function normalizeRef(ref: string): string {
	const first = ref.split('/')[0] ?? '';
	const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
	if (hasRegistry) return ref;
	return `docker.io/${ref.includes('/') ? ref : `library/${ref}`}`;
}

function image(pinned: string, role: LabImage['role'], purpose: string, chartKey?: string): LabImage {
	return {pinned, ...parseImageRef(pinned), role, purpose, ...(chartKey ? {chartKey} : {})};
}

const I = VERSIONS.images;

const CORE: readonly LabImage[] = [
	image(VERSIONS.kindNodeImage, 'node', `kind node (Kubernetes v${VERSIONS.kubernetes})`),
	image(I.ciliumAgent, 'cluster', 'Cilium agent', 'image'),
	image(I.ciliumOperator, 'cluster', 'Cilium operator', 'operator.image'),
	image(I.ciliumEnvoy, 'cluster', 'Cilium Envoy DaemonSet', 'envoy.image'),
	image(I.clustermeshApiserver, 'cluster', 'clustermesh-apiserver', 'clustermesh.apiserver.image'),
	image(I.certgen, 'cluster', 'certgen (clustermesh TLS)', 'certgen.image'),
	image(I.hubbleRelay, 'cluster', 'Hubble Relay', 'hubble.relay.image'),
	image(I.hubbleUi, 'cluster', 'Hubble UI', 'hubble.ui.frontend.image'),
	image(I.hubbleUiBackend, 'cluster', 'Hubble UI backend', 'hubble.ui.backend.image'),
	image(I.rebelBase, 'cluster', 'rebel-base (nginx)'),
	image(I.xWing, 'cluster', 'x-wing (json-mock)'),
];

/** What lesson 21 (mutual authentication) adds: the SPIRE server, agent and their init image. */
const ADVANCED: readonly LabImage[] = [
	image(I.spireServer, 'cluster', 'SPIRE server (lesson 21)', 'authentication.mutual.spire.install.server.image'),
	image(I.spireAgent, 'cluster', 'SPIRE agent (lesson 21)', 'authentication.mutual.spire.install.agent.image'),
	image(I.spireInit, 'cluster', 'SPIRE init container (lesson 21)', 'authentication.mutual.spire.install.initImage'),
];

/**
 * What cannot be prepared: lesson 20 installs ingress-nginx from its chart repository at
 * whatever version is current, so its images are not pinned here.
 */
export const UNPREPARED_NOTE = "lesson 20's ingress-nginx comes from its chart repository, unpinned: it still needs the network";

export function labImages(options: {readonly advanced?: boolean} = {}): LabImage[] {
	return [...CORE, ...(options.advanced ? ADVANCED : [])];
}

/** The reference Docker and containerd know the image by after `docker tag`/`docker save`: `repository:tag`. */
export function tagRef(img: Pick<LabImage, 'repository' | 'tag'>): string {
	return `${img.repository}:${img.tag}`;
}

/**
 * `--set <key>.useDigest=false` for every chart image, so pods reference `repository:tag`, the
 * name the loaded archive carries (a digest reference often does not resolve after `kind load`:
 * kubernetes-sigs/kind#2394, #4028; cilium/cilium-cli#1106). The SPIRE keys are set too: a
 * later `cilium upgrade` reuses the release's values (cilium-facts §1.1).
 */
export function digestOffSets(): string[] {
	return labImages({advanced: true})
		.flatMap((img) => (img.chartKey ? [`--set ${img.chartKey}.useDigest=false`] : []));
}
