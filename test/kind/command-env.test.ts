import {describe, expect, it} from 'vitest';
import {commandEnv, kubeconfigFor, renderCommandLine} from '../../src/backends/kind/command-env.js';
import {statePaths} from '../../src/state/paths.js';

describe('command environment', () => {
	const paths = statePaths('/s');

	it('gives a cluster its own kubeconfig and lab-wide commands the merged one', () => {
		expect(kubeconfigFor(paths, 'koornacht')).toBe('/s/kube/koornacht.yaml');
		expect(kubeconfigFor(paths, 'tion')).toBe('/s/kube/tion.yaml');
		expect(kubeconfigFor(paths, 'lab')).toBe('/s/kube/lab.yaml');
	});

	it('starts from an allowlist: a private HOME, the tool\'s KUBECONFIG, and nothing that steers a tool', () => {
		const base = {
			PATH: '/bin',
			HOME: '/home/me',
			LANG: 'C.UTF-8',
			LC_ALL: 'C',
			TERM: 'xterm',
			NO_COLOR: '1',
			TMPDIR: '/tmp/me',
			HTTPS_PROXY: 'http://proxy:3128',
			no_proxy: 'localhost',
			DOCKER_HOST: 'unix:///run/user/1000/docker.sock',
			DOCKER_CONTEXT: 'colima',
			KIND_EXPERIMENTAL_PROVIDER: 'podman',
			FAKE_LOG: '/tmp/log',
			KUBECONFIG: '/home/me/.kube/config',
			KUBE_EDITOR: 'vim',
			KUBECTL_EXTERNAL_DIFF: 'sh',
			HELM_KUBECONTEXT: 'prod',
			HELM_KUBEAPISERVER: 'https://prod:6443',
			HELM_KUBETOKEN: 'secret',
			HUBBLE_SERVER: 'prod:4245',
			HUBBLE_KUBE_CONTEXT: 'prod',
			KIND_CLUSTER_NAME: 'prod',
			AWS_SECRET_ACCESS_KEY: 'secret',
			GOOGLE_APPLICATION_CREDENTIALS: '/home/me/gcp.json',
			AZURE_CLIENT_SECRET: 'secret',
			BASH_ENV: '/home/me/evil.sh',
			ENV: '/home/me/evil.sh',
			CLUSTERMESH_TUTOR_HOME: '/elsewhere',
		};
		expect(commandEnv(base, {kubeconfig: '/s/kube/tion.yaml', home: '/s/home', stateHome: '/s'})).toEqual({
			PATH: '/bin',
			HOME: '/s/home',
			LANG: 'C.UTF-8',
			LC_ALL: 'C',
			TERM: 'xterm',
			NO_COLOR: '1',
			TMPDIR: '/tmp/me',
			HTTPS_PROXY: 'http://proxy:3128',
			no_proxy: 'localhost',
			DOCKER_HOST: 'unix:///run/user/1000/docker.sock',
			DOCKER_CONTEXT: 'colima',
			DOCKER_CONFIG: '/home/me/.docker',
			KIND_EXPERIMENTAL_PROVIDER: 'podman',
			FAKE_LOG: '/tmp/log',
			KUBECONFIG: '/s/kube/tion.yaml',
			CLUSTERMESH_TUTOR_HOME: '/s',
		});
	});

	it("keeps the learner's own DOCKER_CONFIG", () => {
		expect(commandEnv({HOME: '/home/me', DOCKER_CONFIG: '/etc/docker-cfg'}, {kubeconfig: '/k', home: '/h', stateHome: '/s'}).DOCKER_CONFIG).toBe('/etc/docker-cfg');
	});

	it('renders a copy-pasteable line, wrapping pipelines in sh -c so the variable reaches every stage', () => {
		expect(renderCommandLine('kubectl get pods', '/s/kube/tion.yaml')).toBe('KUBECONFIG=/s/kube/tion.yaml kubectl get pods');
		expect(renderCommandLine('kubectl --context kind-koornacht get secret x -o yaml | kubectl --context kind-tion create -f -', '/s/My State/lab.yaml')).toBe(
			"KUBECONFIG='/s/My State/lab.yaml' sh -c 'kubectl --context kind-koornacht get secret x -o yaml | kubectl --context kind-tion create -f -'",
		);
	});
});
