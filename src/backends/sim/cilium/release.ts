import semver from 'semver';
import {VERSIONS} from '../../../core/versions.js';
import {findObject, stringRecord} from '../kube/objects.js';
import type {CiliumRelease, ClusterState} from '../state.js';

/**
 * What a Cilium release means: the settings derived from its Helm values (with cilium-cli's kind
 * auto-detection), and the settings the agents actually run with (read back from cilium-config).
 */

/** Chart versions embedded in cilium-cli v0.19.7: installable without a download (cilium-facts §1.1). */
const EMBEDDED_MINORS = ['1.16', '1.17', '1.18', '1.19', '1.20'] as const;

/** `v1.19.5`, `1.19.5` → `1.19.5`; null when not a version the embedded charts cover. */
export function normalizeCiliumVersion(text: string): string | null {
	const version = semver.valid(semver.clean(text, {loose: true}) ?? '');
	if (!version) return null;
	const minor = `${semver.major(version)}.${semver.minor(version)}`;
	return (EMBEDDED_MINORS as readonly string[]).includes(minor) ? version : null;
}

export interface CiliumImages {
	readonly agent: string;
	readonly operator: string;
	readonly envoy: string;
	readonly clustermeshApiserver: string;
	readonly hubbleRelay: string;
	readonly hubbleUi: string;
	readonly hubbleUiBackend: string;
}

/** The pinned digests for the taught version; other versions get their tag (their digests are not pinned here). */
export function ciliumImages(version: string): CiliumImages {
	const i = VERSIONS.images;
	const retag = (image: string) => (version === VERSIONS.cilium ? image : image.replace(/:v[^@]+(@sha256:[0-9a-f]+)?$/, `:v${version}`));
	return {
		agent: retag(i.ciliumAgent),
		operator: retag(i.ciliumOperator),
		envoy: i.ciliumEnvoy,
		clustermeshApiserver: retag(i.clustermeshApiserver),
		hubbleRelay: retag(i.hubbleRelay),
		hubbleUi: i.hubbleUi,
		hubbleUiBackend: i.hubbleUiBackend,
	};
}

export function isTrue(value: string | undefined): boolean {
	return value !== undefined && /^(true|1)$/i.test(value);
}

/** cilium-cli names a kind cluster after its context (`kind-koornacht`) unless cluster.name is set. */
export function releaseClusterName(cluster: ClusterState, release: CiliumRelease): string {
	return release.values['cluster.name'] ?? `kind-${cluster.name}`;
}

export function releaseClusterId(release: CiliumRelease): number {
	return Number(release.values['cluster.id'] ?? '0');
}

/** `clustermesh.policyDefaultLocalCluster`: false in the 1.18 chart, true from 1.19; absent before 1.18. */
export function releasePolicyDefaultLocalCluster(release: CiliumRelease): boolean | undefined {
	const set = release.values['clustermesh.policyDefaultLocalCluster'];
	if (semver.lt(release.version, '1.18.0')) return undefined;
	if (set !== undefined) return isTrue(set);
	return semver.gte(release.version, '1.19.0');
}

export function hubbleRelayEnabled(release: CiliumRelease): boolean {
	return isTrue(release.values['hubble.relay.enabled']);
}

export function hubbleUiEnabled(release: CiliumRelease): boolean {
	return isTrue(release.values['hubble.ui.enabled']);
}

export function clustermeshServiceType(release: CiliumRelease): string | null {
	return isTrue(release.values['clustermesh.useAPIServer']) ? (release.values['clustermesh.apiserver.service.type'] ?? 'NodePort') : null;
}

/** `encryption.type` defaults to ipsec in the chart: enabling encryption alone asks for IPsec. */
export function encryptionType(release: CiliumRelease): 'wireguard' | 'ipsec' | null {
	if (!isTrue(release.values['encryption.enabled'])) return null;
	return release.values['encryption.type'] === 'wireguard' ? 'wireguard' : 'ipsec';
}

/** What the agents run with: the cilium-config ConfigMap (null when Cilium is not installed). */
export interface AgentSettings {
	readonly clusterName: string;
	readonly clusterId: number;
	readonly policyDefaultLocalCluster: boolean;
}

export function agentSettings(cluster: ClusterState): AgentSettings | null {
	const cm = findObject(cluster, 'ConfigMap', 'kube-system', 'cilium-config');
	if (!cm) return null;
	const data = stringRecord(cm.data);
	return {
		clusterName: data['cluster-name'] ?? 'default',
		clusterId: Number(data['cluster-id'] ?? '0'),
		policyDefaultLocalCluster: isTrue(data['policy-default-local-cluster']),
	};
}

/** Helm `--set` syntax: `a=b,c=d`, with `\,` escapes and `{x,y}` lists kept whole. */
export function parseSetValues(text: string): Record<string, string> | string {
	const out: Record<string, string> = {};
	const pieces: string[] = [];
	let current = '';
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (c === '\\' && i + 1 < text.length) {
			current += text[++i];
			continue;
		}
		if (c === '{') depth++;
		if (c === '}') depth--;
		if (c === ',' && depth === 0) {
			pieces.push(current);
			current = '';
			continue;
		}
		current += c;
	}
	pieces.push(current);
	for (const piece of pieces) {
		const eq = piece.indexOf('=');
		if (eq <= 0) return `failed parsing --set data: key "${piece}" has no value`;
		out[piece.slice(0, eq)] = piece.slice(eq + 1);
	}
	return out;
}

/** The chart's own validation (templates/validate.yaml) for the values the lab sets. */
export function validateValues(values: Record<string, string>): string | null {
	const name = values['cluster.name'];
	if (name !== undefined && (name.length > 32 || !/^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/.test(name))) {
		return `The cluster name is invalid: must not be more than 32 characters long, and must consist of lower case alphanumeric characters and '-', and start and end with an alphanumeric character`;
	}
	const id = values['cluster.id'];
	if (id !== undefined && (!/^\d+$/.test(id) || Number(id) > 255)) {
		return `The cluster ID must be in the range 0-255 (got ${id})`;
	}
	const type = values['clustermesh.apiserver.service.type'];
	if (type !== undefined && !['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)) return `service type "${type}" is not valid`;
	return null;
}
