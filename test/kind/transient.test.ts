import {describe, expect, it} from 'vitest';
import {retryDecision, transientCause} from '../../src/lab/transient.js';
import {labPlan} from '../../src/lab/plan.js';

describe('transient failures on a cold first run', () => {
	it('classifies image pull back-off, TLS handshake timeouts and a starting API server', () => {
		expect(transientCause('Warning  Failed  kubelet  Back-off pulling image "quay.io/cilium/cilium:v1.19.5"')?.id).toBe('image-pull-backoff');
		expect(transientCause('cilium-operator-5d  0/1  ImagePullBackOff')?.id).toBe('image-pull-backoff');
		expect(transientCause('Get "https://quay.io/v2/": net/http: TLS handshake timeout')?.id).toBe('tls-handshake-timeout');
		expect(transientCause('The connection to the server 127.0.0.1:40123 was refused - did you specify the right host or port?')?.id).toBe('api-server-starting');
		expect(transientCause('dial tcp 127.0.0.1:6443: connect: connection refused')?.id).toBe('api-server-starting');
		expect(transientCause('Error: Unable to determine status:  timeout while waiting for status to become successful: context deadline exceeded')?.id).toBe('timeout-waiting');
	});

	it('never retries what waiting does not fix: rate limits, unknown images, plain errors', () => {
		expect(transientCause('ErrImagePull: toomanyrequests: You have reached your pull rate limit')).toBeUndefined();
		expect(transientCause('ErrImagePull: manifest unknown')).toBeUndefined();
		expect(transientCause("Error: Unable to enable ClusterMesh: cannot auto-detect service type, please specify using '--service-type' option")).toBeUndefined();
	});

	it('is bounded: retries until the last attempt, with growing pauses, and keeps the cause when it gives up', () => {
		const out = 'net/http: TLS handshake timeout';
		expect(retryDecision(out, 1)).toMatchObject({retry: true, delayMs: 10_000});
		expect(retryDecision(out, 2)).toMatchObject({retry: true, delayMs: 30_000});
		expect(retryDecision(out, 3)).toEqual({retry: false, cause: {id: 'tls-handshake-timeout', title: expect.any(String)}});
		expect(retryDecision('exit status 1', 1)).toEqual({retry: false});
	});

	it('only commands that converge are retryable; creating and installing are not', () => {
		const commands = labPlan('app', {imageArchive: '/tmp/a.tar'}).flatMap((t) => t.commands);
		const once = commands.filter((c) => !c.retryable).map((c) => c.command.split(' --')[0]);
		expect(new Set(once)).toEqual(new Set(['kind create cluster', 'cilium install', 'kubectl']));
		expect(commands.filter((c) => /^cilium status/.test(c.command)).every((c) => c.command.includes('--wait-duration 10m') && c.retryable)).toBe(true);
	});
});
