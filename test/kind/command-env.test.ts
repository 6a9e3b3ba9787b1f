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

	it('replaces KUBECONFIG and drops variables that pick another context', () => {
		const env = commandEnv({PATH: '/bin', KUBECONFIG: '/home/me/.kube/config', HELM_KUBECONTEXT: 'prod', HUBBLE_KUBE_CONTEXT: 'prod'}, '/s/kube/tion.yaml');
		expect(env).toEqual({PATH: '/bin', KUBECONFIG: '/s/kube/tion.yaml'});
	});

	it('renders a copy-pasteable line, wrapping pipelines in sh -c so the variable reaches every stage', () => {
		expect(renderCommandLine('kubectl get pods', '/s/kube/tion.yaml')).toBe('KUBECONFIG=/s/kube/tion.yaml kubectl get pods');
		expect(renderCommandLine('kubectl --context kind-koornacht get secret x -o yaml | kubectl --context kind-tion create -f -', '/s/My State/lab.yaml')).toBe(
			"KUBECONFIG='/s/My State/lab.yaml' sh -c 'kubectl --context kind-koornacht get secret x -o yaml | kubectl --context kind-tion create -f -'",
		);
	});
});
