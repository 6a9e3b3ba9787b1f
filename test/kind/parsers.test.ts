import {describe, expect, it} from 'vitest';
import {parseClustermeshStatus} from '../../src/backends/kind/parse/clustermesh-status.js';
import {parseEncryptStatus} from '../../src/backends/kind/parse/encrypt-status.js';
import {parseHubbleFlows} from '../../src/backends/kind/parse/hubble-flows.js';
import {parseInspectPolicies} from '../../src/backends/kind/parse/inspect-policies.js';
import {parseKindClusters} from '../../src/backends/kind/parse/kind-clusters.js';
import {parseDockerInfo, toolVersion} from '../../src/backends/kind/doctor/facts.js';
import * as f from './fixtures.js';

describe('parsers of real tool outputs', () => {
	it('kind get clusters', () => {
		expect(parseKindClusters(f.KIND_GET_CLUSTERS)).toEqual(['dev', 'koornacht', 'tion']);
		expect(parseKindClusters('No kind clusters found.\n')).toEqual([]);
	});

	it('cilium clustermesh status -o json: connected only when every agent is', () => {
		expect(parseClustermeshStatus(f.CLUSTERMESH_STATUS_CONNECTED)).toEqual({connected: ['tion'], configured: ['tion'], agents: 3});
		expect(parseClustermeshStatus(f.CLUSTERMESH_STATUS_PARTIAL)).toEqual({connected: [], configured: ['tion'], agents: 3});
		expect(parseClustermeshStatus(f.CLUSTERMESH_STATUS_NONE)).toEqual({connected: [], configured: [], agents: 3});
	});

	it('cilium clustermesh status -o json: tolerates log lines around the JSON and rejects non-JSON', () => {
		expect(parseClustermeshStatus(`⌛ Waiting (2s) for access information\n${f.CLUSTERMESH_STATUS_CONNECTED}\n`)?.connected).toEqual(['tion']);
		expect(parseClustermeshStatus('Error: Unable to determine status: services "clustermesh-apiserver" not found')).toBeUndefined();
		expect(parseClustermeshStatus('{"connectivity": 42}')).toEqual({connected: [], configured: [], agents: 0});
	});

	it('hubble observe -o json: flows with proto field names, labels kept for the verdict code', () => {
		const flows = parseHubbleFlows(f.HUBBLE_DROPS_JSONL, 'fallback');
		expect(flows).toHaveLength(2);
		expect(flows[0]).toEqual({
			node: 'kind-koornacht/koornacht-worker',
			verdict: 'DROPPED',
			dropReason: 'POLICY_DENIED',
			direction: 'EGRESS',
			sourcePod: 'default/x-wing-577dc9f65c-btpvm',
			sourceLabels: expect.arrayContaining(['k8s:name=x-wing', 'k8s:io.cilium.k8s.policy.cluster=koornacht']),
			destinationPod: 'default/rebel-base-77ffc55c87-74cvg',
			destinationLabels: expect.arrayContaining(['k8s:name=rebel-base']),
			summary: 'TCP Flags: SYN',
		});
		expect(flows[1]).toMatchObject({sourcePod: '', dropReason: 'UNSUPPORTED_L3_PROTOCOL', node: 'kind-koornacht/koornacht-worker'});
	});

	it('hubble observe: a bare (legacy) flow line and the fallback node name', () => {
		const [flow] = parseHubbleFlows('{"verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED"}\nnot json\n', 'koornacht-worker2');
		expect(flow).toMatchObject({verdict: 'DROPPED', dropReason: 'POLICY_DENIED', node: 'koornacht-worker2', sourceLabels: []});
	});

	it('cilium-dbg encrypt status', () => {
		expect(parseEncryptStatus(f.ENCRYPT_STATUS_WIREGUARD)).toEqual({mode: 'wireguard', peers: 5});
		expect(parseEncryptStatus(f.ENCRYPT_STATUS_DISABLED)).toEqual({mode: 'disabled', peers: 0});
		expect(parseEncryptStatus('Encryption: IPsec\nKeys in use: 1\n')).toEqual({mode: 'ipsec', peers: 0});
		expect(parseEncryptStatus('command terminated with exit code 1')).toBeUndefined();
	});

	it('docker info and tool versions', () => {
		expect(parseDockerInfo(f.DOCKER_INFO_NO_ENGINE.stdout)).toMatchObject({serverVersion: '', context: 'default', cpus: 0});
		expect(parseDockerInfo(f.dockerInfo({OperatingSystem: 'Docker Desktop'}))).toMatchObject({serverVersion: '28.3.0', operatingSystem: 'Docker Desktop', cpus: 8});
		expect(parseDockerInfo('')).toBeUndefined();
		expect(toolVersion('kubectl', f.KUBECTL_VERSION_JSON)).toBe('1.32.4');
		expect(toolVersion('kubectl', 'Client Version: v1.33.1\nKustomize Version: v5.6.0')).toBe('1.33.1');
		expect(toolVersion('cilium', f.CILIUM_VERSION)).toBe('0.19.7');
		expect(toolVersion('kind', f.KIND_VERSION)).toBe('0.29.0');
		expect(toolVersion('helm', f.HELM_VERSION)).toBe('3.18.4');
		expect(toolVersion('kind', 'something else')).toBeUndefined();
	});

	it('inspect-policy-default-local-cluster: one entry per policy line, headers skipped', () => {
		// The layout of cilium-cli's report (clustermesh.go): a header per kind, then a tab-indented
		// mark and namespace/name per policy; "⚠️" is U+26A0 with or without U+FE0F.
		const stdout = [
			'⚠️ CiliumNetworkPolicy 1/3',
			'\t⚠️ default/default-deny',
			'\t✅ default/rebel-base-from-x-wing',
			'\t\u26a0 default/x-wing-to-rebel-base',
			'',
			'✅ CiliumClusterWideNetworkPolicy 0/0',
			'',
			'✅ NetworkPolicy 0/0',
		].join('\n');
		expect(parseInspectPolicies(stdout)).toEqual([
			{policy: 'default/default-deny', flagged: true},
			{policy: 'default/rebel-base-from-x-wing', flagged: false},
			{policy: 'default/x-wing-to-rebel-base', flagged: true},
		]);
		expect(parseInspectPolicies('')).toEqual([]);
	});
});
