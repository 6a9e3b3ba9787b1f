import {describe, expect, it} from 'vitest';
import {mayChangeLab} from '../../src/engine/command-effect.js';

describe('mayChangeLab: could a typed command have made a step\'s change?', () => {
	it.each([
		'kubectl get pods',
		'kubectl --context kind-koornacht -n kube-system get pods -o wide',
		'kubectl describe service rebel-base',
		'kubectl exec -ti deployment/x-wing -- curl rebel-base',
		'kubectl rollout status deployment/rebel-base',
		'kubectl config get-contexts',
		'cilium status --wait',
		'cilium clustermesh status',
		'cilium encryption status',
		'hubble observe --verdict DROPPED',
		'helm list -A',
		'kind get clusters',
		'kubectl get pods | grep rebel',
		'echo hello',
		'for i in 1 2 3; do kubectl get pods; done',
	])('only reads: %s', (line) => expect(mayChangeLab(line)).toBe(false));

	it.each([
		'kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
		'kubectl -n default scale deployment rebel-base --replicas=0',
		'kubectl apply -f manifests/policy.yaml',
		'kubectl delete ciliumnetworkpolicy allow-x-wing',
		'kubectl rollout restart deployment/rebel-base',
		'cilium clustermesh enable --service-type NodePort',
		'cilium clustermesh connect --destination-context kind-tion',
		'helm upgrade cilium cilium/cilium --reuse-values',
		'kind create cluster --name koornacht',
		'kubectl get pods && kubectl delete pod x',
		'kubectl $VERB pods',
	])('may change the lab: %s', (line) => expect(mayChangeLab(line)).toBe(true));
});
