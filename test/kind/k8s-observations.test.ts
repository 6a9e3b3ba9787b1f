import {Buffer} from 'node:buffer';
import type {V1Pod} from '@kubernetes/client-node';
import {describe, expect, it} from 'vitest';
import {
	caCertificateOf,
	ciliumConfigObservation,
	deploymentObservation,
	encryptionModeOf,
	exitCodeOfStatus,
	nodeObservation,
	pickReadyPod,
	selectorOf,
} from '../../src/backends/kind/k8s-observations.js';

const pod = (name: string, phase: string, ready: boolean, deleting = false): V1Pod => ({
	metadata: {name, ...(deleting ? {deletionTimestamp: new Date()} : {})},
	status: {phase, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
});

describe('Kubernetes objects → observations', () => {
	it('reads node readiness and role', () => {
		expect(
			nodeObservation({
				metadata: {name: 'koornacht-control-plane', labels: {'node-role.kubernetes.io/control-plane': ''}},
				status: {conditions: [{type: 'Ready', status: 'False', reason: 'KubeletNotReady'}]},
			}),
		).toEqual({name: 'koornacht-control-plane', ready: false, role: 'control-plane'});
		expect(nodeObservation({metadata: {name: 'w'}, status: {conditions: [{type: 'Ready', status: 'True'}]}})).toEqual({name: 'w', ready: true, role: 'worker'});
	});

	it('reads deployments, cilium-config and the CA', () => {
		expect(deploymentObservation({spec: {replicas: 2, selector: {}, template: {}}, status: {readyReplicas: 1}})).toEqual({replicas: 2, readyReplicas: 1});
		expect(deploymentObservation({spec: {replicas: 0, selector: {}, template: {}}, status: {}})).toEqual({replicas: 0, readyReplicas: 0});
		expect(ciliumConfigObservation({data: {'cluster-name': 'tion', 'cluster-id': '2', 'policy-default-local-cluster': 'true'}})).toEqual({
			clusterName: 'tion',
			clusterId: 2,
			policyDefaultLocalCluster: true,
		});
		expect(ciliumConfigObservation({data: {}})).toBeNull();
		expect(caCertificateOf({'ca.crt': Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64')})).toBe('-----BEGIN CERTIFICATE-----');
		expect(caCertificateOf({})).toBeNull();
		expect(encryptionModeOf({data: {'enable-wireguard': 'true'}})).toBe('wireguard');
		expect(encryptionModeOf({data: {'enable-ipsec': 'true'}})).toBe('ipsec');
		expect(encryptionModeOf({data: {'enable-wireguard': 'false'}})).toBe('disabled');
	});

	it('picks the first ready, running pod that is not being deleted', () => {
		const picked = pickReadyPod([pod('x-wing-c', 'Running', true), pod('x-wing-a', 'Running', true, true), pod('x-wing-b', 'Pending', false), pod('x-wing-d', 'Running', true)]);
		expect(picked?.metadata?.name).toBe('x-wing-c');
		expect(pickReadyPod([pod('x', 'Running', false)])).toBeUndefined();
		expect(selectorOf({spec: {selector: {matchLabels: {name: 'x-wing'}}, template: {}}})).toBe('name=x-wing');
	});

	it('reads the exec status channel (Success, ExitCode cause, none)', () => {
		expect(exitCodeOfStatus({status: 'Success'})).toBe(0);
		expect(
			exitCodeOfStatus({status: 'Failure', reason: 'NonZeroExitCode', details: {causes: [{reason: 'ExitCode', message: '28'}]}, message: 'command terminated with non-zero exit code'}),
		).toBe(28);
		expect(exitCodeOfStatus({status: 'Failure', message: 'container not found'})).toBe(1);
		expect(exitCodeOfStatus(undefined)).toBeUndefined();
	});
});
