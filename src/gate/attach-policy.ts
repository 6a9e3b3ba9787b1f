import path from 'node:path';
import {checkCommand, simpleCommandWords} from './command-gate.js';
import {flagsNamed, hasFlag, scanArgs, type FlagTable, type ScannedArgs} from './flags.js';
import {CILIUM, EXPANSION, HUBBLE, inPodStart, KUBECTL} from './lab-tools.js';
import {ALLOWED, Refusal, type GateContext, type GateVerdict} from './verdict.js';

/**
 * The gate's attach-mode policy: on clusters the learner attached (their own, shared with
 * other workloads), a command passes the ordinary gate first and then these stricter rules.
 * Lesson commands may change namespaced objects in the lab namespace only; they may read the
 * Cilium agent's view in kube-system; they never change anything cluster-scoped, the Cilium
 * installation, the mesh, or a cluster's existence. Anything not listed is refused.
 */

/** One object a manifest file declares. */
export interface ManifestObject {
	readonly kind: string;
	readonly name?: string;
	readonly namespace?: string;
}

export interface AttachGateContext extends GateContext {
	/** The lab namespace: the only one lesson commands may change. */
	readonly namespace: string;
	readonly contexts: NonNullable<GateContext['contexts']>;
	/** What each of the tool's manifest files declares, by the path a command names (`manifests/app.yaml`). */
	readonly manifests: ReadonlyMap<string, readonly ManifestObject[]>;
}

/** The namespace the Cilium agents run in, which lessons read (never change). */
const CILIUM_NAMESPACE = 'kube-system';
/** kubectl's flags, with `-f FILE` read as a flag and its value (the manifests are checked here). */
const KUBECTL_FLAGS: FlagTable = {long: KUBECTL.long, short: `${KUBECTL.short}f`};
const SHELLS = new Set(['sh', 'bash', 'dash']);

/** Namespaced kinds a lesson may create or change, by every name kubectl accepts (kind, plural, short). */
const NAMESPACED = new Set([
	'pod', 'pods', 'po', 'deployment', 'deployments', 'deploy', 'replicaset', 'replicasets', 'rs', 'statefulset', 'statefulsets', 'sts',
	'service', 'services', 'svc', 'configmap', 'configmaps', 'cm', 'secret', 'secrets', 'serviceaccount', 'serviceaccounts', 'sa',
	'job', 'jobs', 'cronjob', 'cronjobs', 'cj', 'endpoints', 'ep', 'endpointslice', 'endpointslices', 'networkpolicy', 'networkpolicies',
	'netpol', 'role', 'roles', 'rolebinding', 'rolebindings', 'ingress', 'ingresses', 'ing', 'poddisruptionbudget', 'poddisruptionbudgets',
	'pdb', 'horizontalpodautoscaler', 'horizontalpodautoscalers', 'hpa', 'persistentvolumeclaim', 'persistentvolumeclaims', 'pvc',
	'ciliumnetworkpolicy', 'ciliumnetworkpolicies', 'cnp',
]);
/** `kubectl create <what>` generators that make a namespaced object. */
const CREATE_NAMESPACED = new Set([
	'configmap', 'cm', 'secret', 'deployment', 'deploy', 'service', 'svc', 'serviceaccount', 'sa', 'job', 'cronjob', 'cj', 'role',
	'rolebinding', 'poddisruptionbudget', 'pdb', 'ingress', 'ing', 'quota', 'resourcequota',
]);
/** kubectl commands that only read. */
const KUBECTL_READS = new Set(['get', 'describe', 'logs', 'events', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'wait', 'cluster-info', 'config', 'help', 'completion']);
/** kubectl commands that act on objects in one namespace without changing cluster state. */
const KUBECTL_IN_NAMESPACE = new Set(['exec', 'port-forward', 'attach']);
/** kubectl commands that change objects: `<verb> <type>[/<name>]`, or `-f <manifest>`. */
const KUBECTL_WRITES = new Set(['apply', 'create', 'delete', 'patch', 'label', 'annotate', 'scale', 'set', 'replace', 'run', 'expose', 'autoscale', 'rollout']);
const ROLLOUT_READS = new Set(['status', 'history']);
/** kube-system objects a lesson may read: the Cilium agents. */
const AGENT_READS = new Set(['pod', 'pods', 'po', 'daemonset', 'daemonsets', 'ds', 'events', 'event', 'ev']);
/** Flags that would reach beyond the namespace or past what the gate reads. */
const KUBECTL_REFUSED_HERE: Readonly<Record<string, string>> = {
	'--raw': 'reads any API path, secrets of every namespace included',
	'--overrides': 'can rewrite the object, its namespace included',
	'--prune': 'deletes objects the manifest does not list, cluster-scoped ones included',
	'--privileged': 'starts a privileged pod, which can reach into its node',
	'-k': 'applies a kustomization the tutorial does not read first',
	'--kustomize': 'applies a kustomization the tutorial does not read first',
};

/** cilium-cli commands that only read (everything else changes the installation or the mesh). */
const CILIUM_READS = new Set(['status', 'version', 'help', 'completion', 'clustermesh status', 'clustermesh inspect-policy-default-local-cluster', 'hubble port-forward', 'config view']);
const HUBBLE_READS = new Set(['observe', 'status', 'list', 'version', 'help', 'completion']);
/** In the Cilium agent: `cilium-dbg` reads and Hubble's own CLI reads. */
const AGENT_DBG_READS = new Set(['status', 'version', 'service list', 'endpoint list', 'endpoint get', 'identity list', 'identity get', 'node list', 'policy get', 'policy selectors', 'ip list', 'map list', 'map get', 'fqdn cache', 'bpf lb', 'bpf ct', 'bpf policy', 'bpf ipcache', 'bpf nat', 'bpf endpoint']);

export function checkAttachedCommand(line: string, ctx: AttachGateContext): GateVerdict {
	const base = checkCommand(line, ctx);
	if (!base.ok) return base;
	try {
		checkLine(line, ctx, 0);
		return ALLOWED;
	} catch (error) {
		if (error instanceof Refusal) return {ok: false, reason: error.reason, fix: error.fix};
		throw error;
	}
}

function checkLine(line: string, ctx: AttachGateContext, depth: number): void {
	for (const words of simpleCommandWords(line)) {
		const [head, ...rest] = words;
		const args = rest.map((w) => w ?? EXPANSION);
		// The ordinary gate only lets `sh -c SCRIPT` through with the script last and literal.
		if (head && SHELLS.has(head) && depth < 4) checkLine(args.at(-1) ?? '', ctx, depth + 1);
		else if (head === 'kubectl') checkKubectl(args, ctx);
		else if (head === 'cilium') checkCilium(args);
		else if (head === 'hubble') checkHubble(args);
		else if (head === 'helm') throw new Refusal('attach mode runs no helm: a release can install or remove cluster-scoped objects and Cilium itself', 'on attached clusters, change Helm releases yourself, outside the tutorial');
		else if (head === 'kind') throw new Refusal('attach mode has no kind clusters: the tutorial never creates or deletes an attached cluster', 'use `clustermesh-tutor detach` to leave the attached clusters');
	}
}

const attached = (what: string) => `on attached clusters ${what}`;

function checkKubectl(args: readonly string[], ctx: AttachGateContext): void {
	const podStart = inPodStart('kubectl', args);
	const scanned = scanArgs(podStart < 0 ? args : args.slice(0, podStart), KUBECTL_FLAGS);
	const inPod = podStart < 0 ? [] : args.slice(podStart + 1);
	const [verb = '', ...operands] = scanned.positionals;
	for (const [flag, why] of Object.entries(KUBECTL_REFUSED_HERE)) {
		if (hasFlag(scanned, [flag])) throw new Refusal(attached(`\`kubectl ${flag}\` is refused: it ${why}`));
	}
	const namespaces = flagsNamed(scanned, ['-n', '--namespace']).map((f) => f.value ?? '');
	const allNamespaces = hasFlag(scanned, ['-A', '--all-namespaces']);
	const writes = KUBECTL_WRITES.has(verb) && !(verb === 'rollout' && ROLLOUT_READS.has(operands[0] ?? ''));
	if (!KUBECTL_READS.has(verb) && !KUBECTL_IN_NAMESPACE.has(verb) && !writes && verb !== 'rollout') {
		throw new Refusal(attached(`\`kubectl ${verb}\` is refused: it acts on nodes or outside the lab namespace`), `lesson commands change only the ${ctx.namespace} namespace`);
	}
	if (verb === 'auth' || (verb === 'config' && operands[0] !== undefined && !['view', 'get-contexts', 'current-context'].includes(operands[0]))) {
		throw new Refusal(attached(`\`kubectl ${verb} ${operands[0] ?? ''}\` is refused`));
	}
	if (allNamespaces) {
		if (writes || KUBECTL_IN_NAMESPACE.has(verb)) throw new Refusal(attached(`\`kubectl ${verb} --all-namespaces\` would change every namespace`), `drop --all-namespaces: commands run in ${ctx.namespace}`);
		if (isSecretRead(operands)) throw new Refusal(attached('reading secrets of every namespace is refused'));
	}
	const elsewhere = namespaces.find((ns) => ns !== ctx.namespace);
	if (elsewhere !== undefined) checkElsewhere(verb, operands, scanned, inPod, elsewhere, ctx);
	if (writes) checkWrite(verb, operands, scanned, ctx);
}

/** `-n <other namespace>`: only reads of the Cilium agents, and read-only commands inside them. */
function checkElsewhere(verb: string, operands: readonly string[], scanned: ScannedArgs, inPod: readonly string[], ns: string, ctx: AttachGateContext): void {
	const refuse = () => new Refusal(attached(`\`kubectl -n ${ns.replaceAll(EXPANSION, '$…')} ${verb}\` is refused: lesson commands stay in the ${ctx.namespace} namespace`), `drop -n: every command runs in ${ctx.namespace}`);
	if (ns !== CILIUM_NAMESPACE) throw refuse();
	if (verb === 'get' || verb === 'describe') {
		if (!resourceTypes(operands[0]).every((t) => AGENT_READS.has(t))) throw refuse();
		return;
	}
	if (verb === 'logs') {
		const selector = flagsNamed(scanned, ['-l', '--selector']).map((f) => f.value);
		const agent = operands.length === 0 ? selector.length === 1 && selector[0] === 'k8s-app=cilium' : isAgent(operands[0] ?? '');
		if (!agent) throw refuse();
		return;
	}
	if (verb !== 'exec') throw refuse();
	const container = flagsNamed(scanned, ['-c', '--container'])[0]?.value;
	const target = operands[0] ?? '';
	if (!(isAgent(target) || target === EXPANSION) || container !== 'cilium-agent') {
		throw new Refusal(attached('in kube-system only the Cilium agent may be read: `kubectl -n kube-system exec ds/cilium -c cilium-agent -- …`'));
	}
	const [program = '', first = '', second = ''] = inPod;
	const readOnly =
		program === 'hubble' ? HUBBLE_READS.has(first) : ['cilium-dbg', 'cilium'].includes(program) && (AGENT_DBG_READS.has(first) || AGENT_DBG_READS.has(`${first} ${second}`));
	if (!readOnly) throw new Refusal(attached(`\`${inPod.join(' ').replaceAll(EXPANSION, '$…')}\` in the Cilium agent is refused: only its read-only commands (cilium-dbg … list/get/status, hubble observe) run`));
}

function checkWrite(verb: string, operands: readonly string[], scanned: ScannedArgs, ctx: AttachGateContext): void {
	const files = flagsNamed(scanned, ['-f', '--filename']).map((f) => f.value ?? '');
	files.forEach((file) => checkManifest(file, ctx));
	if (verb === 'run') return;
	if (verb === 'create' && files.length === 0) {
		const what = operands[0] ?? '';
		if (!CREATE_NAMESPACED.has(what)) throw new Refusal(attached(`\`kubectl create ${what}\` is refused: it is not a namespaced object a lesson may create`));
		return;
	}
	if (files.length > 0) return;
	if (verb === 'apply' || verb === 'replace') throw new Refusal(attached(`\`kubectl ${verb}\` without one of the tutorial's manifests is refused`));
	// `set image deployment/x …` and `rollout restart deployment/x` name the type after their own subcommand.
	const typed = verb === 'set' || verb === 'rollout' ? operands.slice(1) : operands;
	const types = resourceTypes(typed[0]);
	const cluster = types.find((t) => !NAMESPACED.has(t));
	if (types.length === 0 || cluster !== undefined) {
		throw new Refusal(
			attached(`\`kubectl ${verb} ${(cluster ?? typed[0] ?? '').replaceAll(EXPANSION, '$…')}\` is refused: only namespaced lesson objects in ${ctx.namespace} may change`),
			'namespaces, nodes, CRDs and cluster-wide policies belong to the cluster owner',
		);
	}
}

/** `-f FILE`: one of the tool's manifests, declaring only namespaced objects in the lab namespace. */
function checkManifest(file: string, ctx: AttachGateContext): void {
	const objects = ctx.manifests.get(path.posix.normalize(file));
	if (!objects) {
		throw new Refusal(attached(`\`-f ${file.replaceAll(EXPANSION, '$…')}\` is refused: only the tutorial's own manifests are applied, because the tutorial reads what they change first`));
	}
	for (const object of objects) {
		if (!NAMESPACED.has(object.kind.toLowerCase())) throw new Refusal(attached(`${file} declares a ${object.kind}, which is not a namespaced lesson object`));
		if (object.namespace !== undefined && object.namespace !== ctx.namespace) throw new Refusal(attached(`${file} names namespace ${object.namespace}, outside ${ctx.namespace}`));
	}
}

/** The Cilium agent DaemonSet, or one of its pods by name. */
function isAgent(target: string): boolean {
	return target === 'ds/cilium' || target === 'daemonset/cilium' || /^(pods?\/)?cilium-[a-z0-9]{5}$/.test(target);
}

/** `pods`, `deploy/x-wing`, `cm,svc` → the lowercase type names, without an API group. */
function resourceTypes(operand: string | undefined): string[] {
	if (!operand) return [];
	const types = operand.includes('/') ? [operand.slice(0, operand.indexOf('/'))] : operand.split(',');
	return types.map((t) => (t.split('.')[0] ?? '').toLowerCase());
}

function isSecretRead(operands: readonly string[]): boolean {
	return operands.length === 0 || resourceTypes(operands[0]).some((t) => t === 'secret' || t === 'secrets' || t === 'all');
}

function checkCilium(args: readonly string[]): void {
	const scanned = scanArgs(args, CILIUM);
	const [first = '', second = ''] = scanned.positionals;
	if (hasFlag(scanned, ['--help', '-h']) || CILIUM_READS.has(first) || CILIUM_READS.has(`${first} ${second}`)) return;
	const what = `${first} ${second}`.trim();
	throw new Refusal(
		attached(`\`cilium ${what}\` is refused: it ${first === 'clustermesh' ? 'changes the mesh' : 'changes the Cilium installation or installs test workloads'}, which belongs to the cluster owner`),
		'lessons on attached clusters only read Cilium (status, clustermesh status, hubble port-forward)',
	);
}

function checkHubble(args: readonly string[]): void {
	const scanned = scanArgs(args, HUBBLE);
	const first = scanned.positionals[0] ?? '';
	if (hasFlag(scanned, ['--help', '-h']) || HUBBLE_READS.has(first)) return;
	throw new Refusal(attached(`\`hubble ${first}\` is refused: only hubble observe, status and list run`));
}
