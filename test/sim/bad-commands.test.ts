import {readFileSync} from 'node:fs';
import {beforeAll, describe, expect, it} from 'vitest';
import {EXIT} from '../../src/core/exit-codes.js';
import {stableJson} from '../../src/core/stable-json.js';
import {statePaths} from '../../src/state/paths.js';
import {testCli, type CliRun} from '../helpers/cli.js';
import {cpuMsAsync} from '../helpers/wait.js';

/**
 * Hostile and mistyped commands against a built simulated lab: each gets a clear message (the
 * API server's or kubectl's own, or the simulator's "not supported"), its documented exit code,
 * and leaves the lab file byte for byte as it was. No stack trace, no hang.
 */
const UNSUPPORTED = /is not supported by the simulator/;
const LONG = 'a'.repeat(70);

/** What the command gate refuses never reaches the simulator: one message and exit 5 on both backends. */
const GATE = /^clustermesh-tutor did not run this command: .*\n {2}instead: .*\n {2}\(the tutorial runs only commands it can check stay inside its own lab\)\n$/;

const BAD: readonly (readonly [command: string, exitCode: number, message: RegExp])[] = [
	['kubectl delete ns default', 1, /Error from server \(Forbidden\): namespaces "default" is forbidden: this namespace may not be deleted/],
	['kubectl delete namespace kube-system --ignore-not-found', 1, /namespaces "kube-system" is forbidden/],
	// Replica counts: int32, non-negative, and the simulator's own limit.
	['kubectl scale deploy/rebel-base --replicas=5000', EXIT.unsupported, /5000 replicas for one workload \(it models up to 100\)/],
	['kubectl scale deploy/rebel-base --replicas=99999999999', 1, /spec\.replicas: Invalid value: 99999999999: must be less than or equal to 2147483647/],
	['kubectl scale deploy/rebel-base --replicas=99999999999999999999999', 1, /value out of range/],
	['kubectl scale deploy/rebel-base --replicas=-1', 1, /COUNT must be greater than or equal to 0/],
	['kubectl scale deploy/rebel-base --replicas=abc', 1, /strconv\.ParseInt: parsing "abc": invalid syntax/],
	['kubectl scale deploy/rebel-base --replicas=1.5', 1, /invalid syntax/],
	['kubectl scale deploy/rebel-base', 1, /required flag\(s\) "replicas" not set/],
	['kubectl scale svc/rebel-base --replicas=2', 1, /cannot scale services/],
	['kubectl scale deploy/nope --replicas=2', 1, /deployments\.apps "nope" not found/],
	['kubectl create deployment web --image=nginx --replicas=500', EXIT.unsupported, /500 replicas/],
	['kubectl create deployment web --image=nginx --replicas=-3', 1, /spec\.replicas: Invalid value: -3: must be greater than or equal to 0/],
	// Names: DNS-1123 labels for namespaces, subdomains for most objects.
	['kubectl create namespace Bad_Name', 1, /The Namespace "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/],
	['kubectl create namespace a.b', 1, /The Namespace "a\.b" is invalid/],
	[`kubectl create namespace ${LONG}`, 1, /must be no more than 63 characters/],
	["kubectl create namespace ''", 1, /exactly one NAME is required/],
	['kubectl create namespace -bad', 1, /unknown shorthand flag: 'b' in -bad/],
	['kubectl create deployment Bad --image=nginx', 1, /The Deployment "Bad" is invalid: .*RFC 1123 subdomain/],
	['kubectl create configmap UPPER --from-literal=a=b', 1, /The ConfigMap "UPPER" is invalid/],
	['kubectl create configmap cm --from-literal=a=b -n Bad_NS', 1, /namespaces "Bad_NS" not found/],
	// Annotation and label keys and values.
	["kubectl annotate service rebel-base 'bad key=value'", 1, /The Service "rebel-base" is invalid: metadata\.annotations: Invalid value: "bad key": name part must consist/],
	["kubectl annotate service rebel-base '/x=1'", 1, /prefix part must be non-empty/],
	["kubectl annotate service rebel-base 'a/b/c=1'", 1, /a qualified name must consist/],
	["kubectl annotate service rebel-base 'Bad_Prefix.io/x=1'", 1, /prefix part a lowercase RFC 1123 subdomain/],
	["kubectl annotate service rebel-base '=v'", 1, /invalid annotation format: =v/],
	["kubectl annotate service rebel-base '-x=1'", 1, /unknown shorthand flag: 'x'/],
	["kubectl label service rebel-base 'bad key=v'", 1, /metadata\.labels: Invalid value: "bad key"/],
	["kubectl label service rebel-base 'k=bad value'", 1, /a valid label must be an empty string/],
	["kubectl label service rebel-base 'k=-v'", 1, /Invalid value: "-v"/],
	[`kubectl label service rebel-base k=${LONG}`, 1, /must be no more than 63 characters/],
	["kubectl label deploy rebel-base 'app.kubernetes.io/=x'", 1, /name part must be non-empty/],
	// Flags and subcommands, as kubectl words them.
	['kubectl get pods --bogus', 1, /error: unknown flag: --bogus\nSee 'kubectl get --help' for usage\./],
	['kubectl get pods -Z', 1, /unknown shorthand flag: 'Z' in -Z/],
	['kubectl --bogus get pods', EXIT.refused, GATE],
	['kubectl get pods -o', 1, /flag needs an argument: 'o' in -o/],
	['kubectl get pods --context nope', EXIT.refused, GATE],
	['kubectl config --bogus', EXIT.refused, GATE],
	['kubectl version --bogus', 1, /unknown flag: --bogus/],
	['kubectl cluster-info --bogus', 1, /unknown flag: --bogus/],
	['kubectl config view --raw', EXIT.unsupported, /"kubectl config view" is not supported/],
	['kubectl config use-context kind-tion', EXIT.refused, GATE],
	['kubectl get', 1, /you must specify the type of resource to get/],
	['kubectl frobnicate', EXIT.refused, GATE],
	['kubectl Frob!', EXIT.refused, GATE],
	['kubectl toString pods', EXIT.refused, GATE],
	['kubectl constructor', EXIT.refused, GATE],
	['kubectl get constructor', 1, /doesn't have a resource type "constructor"/],
	['kubectl get __proto__', 1, /doesn't have a resource type "__proto__"/],
	['kubectl delete', 1, /You must provide one or more resources/],
	['kubectl delete pod', 1, /no name was specified/],
	['kubectl apply', 1, /must specify one of -f and -k/],
	['kubectl apply -f /nonexistent.yaml', 1, /the path "\/nonexistent\.yaml" does not exist/],
	['kubectl rollout frob deploy/rebel-base', 1, /unknown command "frob" for "kubectl rollout"/],
	['kubectl wait --for=frob deploy/rebel-base', 1, /unrecognized condition: "frob"/],
	['kubectl exec', 1, /you must specify at least one command/],
	['kubectl run x', 1, /required flag\(s\) "image" not set/],
	['cilium status --bogus', 1, /Error: unknown flag: --bogus/],
	['cilium frob', EXIT.unsupported, UNSUPPORTED],
	['kind create cluster --bogus', EXIT.refused, GATE],
	['kind frob', EXIT.refused, GATE],
	['constructor', EXIT.refused, GATE],
	['__proto__', EXIT.refused, GATE],
	['kubectl get pods | constructor', EXIT.refused, GATE],
	['helm install x y', EXIT.unsupported, UNSUPPORTED],
	// kubectl patch: kubectl's and the API server's errors, or unmodelled paths (exit 3).
	['kubectl patch svc rebel-base', 1, /must specify --patch or --patch-file containing the contents of the patch/],
	[`kubectl patch svc rebel-base --type frob -p '{}'`, 1, /--type must be one of \[json merge strategic\], not "frob"/],
	[`kubectl patch svc rebel-base -p '{"metadata": {'`, 1, /unable to parse/],
	[`kubectl patch svc nope -p '{"metadata":{"labels":{"a":"b"}}}'`, 1, /services "nope" not found/],
	[`kubectl patch svc rebel-base -p '{"metadata":{"labels":{"bad key":"x"}}}'`, 1, /The Service "rebel-base" is invalid: metadata\.labels/],
	[`kubectl patch svc rebel-base -p '{"metadata":{"annotations":{"/x":"1"}}}'`, 1, /prefix part must be non-empty/],
	[`kubectl patch deploy rebel-base -p '{"spec":{"replicas":-1}}'`, 1, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/],
	[`kubectl patch deploy rebel-base -p '{"spec":{"replicas":"two"}}'`, 1, /cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32/],
	[`kubectl patch deploy rebel-base -p '{"spec":{"replicas":5000}}'`, EXIT.unsupported, /5000 replicas for one workload/],
	[`kubectl patch deploy rebel-base -p '{"spec":{"template":{"metadata":{"labels":{"a":"b"}}}}}'`, EXIT.unsupported, /kubectl patch of spec\.template/],
	[`kubectl patch svc rebel-base -p '{"status":{}}'`, EXIT.unsupported, /kubectl patch of status/],
	[`kubectl patch svc rebel-base --type json -p '[{"op":"remove","path":"/metadata/labels"}]'`, EXIT.unsupported, /--type json/],
	[`kubectl patch svc rebel-base --patch-file p.yaml`, EXIT.unsupported, /--patch-file/],
	// kubectl logs: kubectl's errors, or what the simulator does not model (exit 3).
	['kubectl logs', 1, /POD or TYPE\/NAME is a required argument for the logs command/],
	['kubectl logs nope', 1, /pods "nope" not found/],
	['kubectl -n kube-system logs ds/cilium -c frob', 1, /container frob is not valid for pod cilium-/],
	['kubectl -n kube-system logs deploy/clustermesh-apiserver -c cilium-agent', 1, /container cilium-agent is not valid for pod clustermesh-apiserver-/],
	['kubectl logs deploy/rebel-base --tail x', 1, /invalid argument "x" for "--tail" flag/],
	['kubectl logs -f deploy/rebel-base', EXIT.unsupported, /kubectl logs -f/],
	['kubectl -n kube-system logs ds/cilium -c cilium-agent --since=10m', EXIT.unsupported, /kubectl logs --since/],
	['kubectl logs deploy/x-wing', EXIT.unsupported, UNSUPPORTED],
	// grep's own usage errors (exit 2).
	['kubectl get pods | grep -A x rebel', 2, /grep: x: invalid context length argument/],
	['kubectl get pods | grep -m many rebel', 2, /grep: invalid max count/],
];

describe('bad simulator commands', () => {
	const cli = testCli();
	const labFile = () => readFileSync(statePaths(cli.home).simState);
	beforeAll(async () => {
		expect((await cli.run('up', '--backend', 'sim')).exitCode).toBe(0);
	}, 60_000);

	it(`refuses all ${BAD.length} clearly, with the documented exit code, and changes nothing`, async () => {
		expect(BAD.length).toBeGreaterThanOrEqual(50);
		const before = labFile();
		for (const [command, exitCode, message] of BAD) {
			let ran: CliRun = {stdout: '', stderr: '', exitCode: -1};
			// CPU time, not wall time: a runaway refusal shows however loaded the machine is.
			const took = await cpuMsAsync(async () => (ran = await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', command)));
			expect({command, exitCode: ran.exitCode}).toEqual({command, exitCode});
			expect(ran.stderr, command).toMatch(message);
			expect(ran.stderr, command).not.toMatch(/\n\s+at |unexpected error/);
			expect(took, command).toBeLessThan(5_000);
			expect(labFile().equals(before), `${command} changed the lab file`).toBe(true);
		}
	}, 120_000);

	it('writes the lab with sorted keys, so equal state is equal bytes whichever process wrote it', async () => {
		const text = labFile().toString();
		expect(`${stableJson(JSON.parse(text))}\n`).toBe(text);
		expect((await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'kubectl get pods -A')).exitCode).toBe(0);
		expect(labFile().toString()).toBe(text);
	});
});
