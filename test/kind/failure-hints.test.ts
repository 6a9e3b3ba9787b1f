import {describe, expect, it} from 'vitest';
import {classifyFailure} from '../../src/backends/kind/failure-hints.js';

const ids = (text: string) => classifyFailure(text).map((h) => h.id);

describe('classifyFailure', () => {
	it('recognizes a Docker client without engine (kind and docker wording)', () => {
		// docker info on a machine without engine (this one); kind wraps the same message.
		expect(ids('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')).toEqual(['docker-not-running']);
		expect(ids('ERROR: failed to create cluster: failed to get docker info: command "docker info" failed with error: exit status 1')).toEqual(['docker-not-running']);
		expect(classifyFailure('Cannot connect to the Docker daemon')[0]?.fix).toMatch(/--backend sim/);
	});

	it('recognizes a taken port and names it', () => {
		const [hint] = classifyFailure(
			'ERROR: failed to create cluster: command "docker run ..." failed with error: exit status 125\nBind for 0.0.0.0:6443 failed: port is already allocated',
		);
		expect(hint?.id).toBe('port-taken');
		expect(hint?.title).toContain('6443');
		expect(hint?.fix).toContain('lsof -i :6443');
		expect(ids('listen tcp 127.0.0.1:4245: bind: address already in use')).toEqual(['port-taken']);
	});

	it('tells the Docker Hub rate limit from other pull failures, with the pre-pull fix', () => {
		const rate = classifyFailure('Failed to pull image "docker.io/library/nginx:1.27.1": toomanyrequests: You have reached your pull rate limit.');
		expect(rate.map((h) => h.id)).toEqual(['image-rate-limit']);
		expect(rate[0]?.fix).toMatch(/clustermesh-tutor prepare/);
		expect(ids('Warning  Failed  kubelet  Error: ErrImagePull')).toEqual(['image-pull']);
		expect(ids('Back-off pulling image: ImagePullBackOff')).toEqual(['image-pull']);
	});

	it('recognizes inotify exhaustion with the sysctl fix', () => {
		for (const text of ['Error: EMFILE: too many open files, watch \'/\'', 'failed to create fsnotify watcher: too many open files']) {
			const [hint] = classifyFailure(text);
			expect(hint?.id).toBe('inotify');
			expect(hint?.fix).toContain('sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512');
		}
	});

	it('recognizes an existing cluster, a CA mismatch and a missing service type', () => {
		expect(classifyFailure('ERROR: failed to create cluster: node(s) already exist for a cluster with the name "tion"')[0]?.fix).toContain(
			'kind delete cluster --name tion',
		);
		expect(ids('Error: Unable to connect cluster: ... Use --allow-mismatching-ca to allow this by adding remote CAs to the CA bundle')).toEqual(['ca-mismatch']);
		expect(ids("Error: Unable to enable ClusterMesh: cannot auto-detect service type, please specify using '--service-type' option")).toEqual(['service-type']);
	});

	it('says nothing about output it does not recognize', () => {
		expect(classifyFailure('error: the server doesn\'t have a resource type "ciliumnetworkpolicies"')).toEqual([]);
	});
});
