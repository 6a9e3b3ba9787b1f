import {describe, expect, it} from 'vitest';
import {EXIT} from '../../src/core/exit-codes.js';
import {expectRefusedUnchanged, labState, simLab} from './helpers.js';

describe('kubectl patch: strategic merge and JSON merge patches', () => {
	it.each([
		[`kubectl patch svc rebel-base -p '{"metadata":{"annotations":{"service.cilium.io/global":"true"}}}'`, 'service/rebel-base patched\n'],
		[`kubectl patch service/rebel-base --type merge -p '{"metadata":{"annotations":{"service.cilium.io/global":"true"}}}'`, 'service/rebel-base patched\n'],
		[`kubectl patch svc rebel-base --type=strategic --patch '{"metadata":{"annotations":{"service.cilium.io/global":"true"}}}'`, 'service/rebel-base patched\n'],
		// The patch may be YAML, as kubectl converts it to JSON first.
		[`kubectl patch svc rebel-base -p 'metadata: {annotations: {service.cilium.io/global: "true"}}'`, 'service/rebel-base patched\n'],
		[`kubectl patch svc rebel-base -o name -p '{"metadata":{"annotations":{"service.cilium.io/global":"true"}}}'`, 'service/rebel-base\n'],
	])('%s', async (command, stdout) => {
		const lab = simLab(await labState());
		expect(await lab.run(command)).toMatchObject({exitCode: 0, stdout, stderr: ''});
		expect((await lab.backend.observer.service('koornacht', 'default', 'rebel-base'))?.annotations['service.cilium.io/global']).toBe('true');
	});

	it('says "(no change)" when the object already holds the patch, and leaves the object as it was', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl annotate svc rebel-base service.cilium.io/global=true');
		const before = await lab.state();
		const r = await lab.run(`kubectl patch svc rebel-base -p '{"metadata":{"annotations":{"service.cilium.io/global":"true"}}}'`);
		expect(r).toMatchObject({exitCode: 0, stdout: 'service/rebel-base patched (no change)\n'});
		expect(await lab.state()).toEqual(before);
	});

	it('removes a key set to null and scales through spec.replicas', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl annotate svc rebel-base service.cilium.io/global=true service.cilium.io/shared=false');
		expect((await lab.run(`kubectl patch svc rebel-base --type merge -p '{"metadata":{"annotations":{"service.cilium.io/shared":null}}}'`)).stdout).toBe('service/rebel-base patched\n');
		const annotations = (await lab.backend.observer.service('koornacht', 'default', 'rebel-base'))?.annotations ?? {};
		expect(annotations['service.cilium.io/shared']).toBeUndefined();
		expect(annotations['service.cilium.io/global']).toBe('true');
		expect(await lab.run(`kubectl patch deploy rebel-base -p '{"spec":{"replicas":3}}'`)).toMatchObject({exitCode: 0, stdout: 'deployment.apps/rebel-base patched\n'});
		expect(await lab.backend.observer.deployment('koornacht', 'default', 'rebel-base')).toEqual({replicas: 3, readyReplicas: 3});
		expect((await lab.run('kubectl get pods -l name=rebel-base -o name')).stdout.trim().split('\n')).toHaveLength(3);
	});

	it('patches labels, and the label selects the object at once', async () => {
		const lab = simLab(await labState());
		expect((await lab.run(`kubectl patch deployment rebel-base -p '{"metadata":{"labels":{"tier":"backend"}}}'`)).stdout).toBe('deployment.apps/rebel-base patched\n');
		expect((await lab.run('kubectl get deploy -l tier=backend -o name')).stdout).toBe('deployment.apps/rebel-base\n');
		expect((await lab.run(`kubectl patch deployment rebel-base -p '{"metadata":{"labels":{"tier":null}}}'`)).stdout).toBe('deployment.apps/rebel-base patched\n');
		expect((await lab.run('kubectl get deploy -l tier=backend')).stderr).toBe('No resources found in default namespace.\n');
	});

	const P = `'{"metadata":{"annotations":{"a":"b"}}}'`;
	it.each([
		['kubectl patch svc rebel-base', 1, /^error: must specify --patch or --patch-file containing the contents of the patch\n$/],
		[`kubectl patch -p ${P}`, 1, /^error: You must provide one or more resources by argument or filename\./],
		[`kubectl patch svc -p ${P}`, 1, /resource\(s\) were provided, but no name was specified/],
		[`kubectl patch svc nope -p ${P}`, 1, /^Error from server \(NotFound\): services "nope" not found\n$/],
		// Nothing is half done: the first target is not patched when the second fails.
		[`kubectl patch deploy x-wing rebel-base -p '{"spec":{"replicas":-1}}'`, 1, /^The Deployment "x-wing" is invalid/],
		[`kubectl patch svc rebel-base nope -p ${P}`, 1, /^Error from server \(NotFound\): services "nope" not found\n$/],
		[`kubectl patch svc rebel-base --type frob -p ${P}`, 1, /^error: --type must be one of \[json merge strategic\], not "frob"\n$/],
		[`kubectl patch svc rebel-base -p '{"metadata": {'`, 1, /^error: unable to parse "\{\\"metadata\\": \{": error converting YAML to JSON: yaml: /],
		[`kubectl patch svc rebel-base -p '{"metadata":{"labels":{"a":3}}}'`, 1, /cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string/],
		[`kubectl patch deploy rebel-base -p '{"spec":{"replicas":"3"}}'`, 1, /cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32/],
		[`kubectl patch deploy rebel-base -p '{"spec":{"replicas":-2}}'`, 1, /The Deployment "rebel-base" is invalid: spec\.replicas: Invalid value: -2: must be greater than or equal to 0/],
		[`kubectl patch svc rebel-base -p '{"metadata":{"labels":{"bad key":"x"}}}'`, 1, /The Service "rebel-base" is invalid: metadata\.labels: Invalid value: "bad key"/],
		[`kubectl patch deploy rebel-base -p '{"spec":{"replicas":500}}'`, EXIT.unsupported, /500 replicas for one workload/],
		[`kubectl patch deploy rebel-base -p '{"spec":{"template":{"spec":{"containers":[{"name":"x","image":"y"}]}}}}'`, EXIT.unsupported, /"kubectl patch of spec\.template \(the simulator patches metadata\.labels/],
		[`kubectl patch deploy rebel-base -p '{"spec":{"replicaz":3}}'`, EXIT.unsupported, /kubectl patch of spec\.replicaz/],
		[`kubectl patch svc rebel-base -p '{"spec":{"type":"NodePort"}}'`, EXIT.unsupported, /kubectl patch of spec /],
		[`kubectl patch svc rebel-base -p '{"metadata":{"name":"other"}}'`, EXIT.unsupported, /kubectl patch of metadata\.name/],
		[`kubectl patch svc rebel-base --type json -p '[{"op":"add","path":"/metadata/labels/a","value":"b"}]'`, EXIT.unsupported, /--type json \(JSON patches are not modelled; use --type merge\)/],
		[`kubectl patch svc rebel-base -o yaml -p ${P}`, EXIT.unsupported, /kubectl patch -o yaml/],
		[`kubectl patch deploy rebel-base --subresource scale --type merge -p '{"spec":{"replicas":2}}'`, EXIT.unsupported, /--subresource/],
	])('%s → exit %i, lab unchanged', (command, exitCode, message) => expectRefusedUnchanged(command, exitCode, message));

	it('refuses a strategic merge patch of a Cilium policy like the API server (CRDs take merge patches)', async () => {
		const lab = simLab(await labState());
		await lab.ok('kubectl apply -f manifests/policies/default-deny.yaml');
		const strategic = await lab.run(`kubectl patch cnp default-deny -p '{"metadata":{"labels":{"a":"b"}}}'`);
		expect(strategic.exitCode).toBe(1);
		expect(strategic.stderr).toBe(
			'error: application/strategic-merge-patch+json is not supported by cilium.io/v2, Kind=CiliumNetworkPolicy: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
		);
		expect(await lab.run(`kubectl patch cnp default-deny --type merge -p '{"metadata":{"labels":{"a":"b"}}}'`)).toMatchObject({exitCode: 0, stdout: 'ciliumnetworkpolicy.cilium.io/default-deny patched\n'});
	});
});
