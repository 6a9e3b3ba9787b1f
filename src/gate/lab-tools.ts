import path from 'node:path';
import {CLUSTERS, contextOf, isClusterName, type ClusterName} from '../core/lab.js';
import {checkKindArchive, checkNodeImage} from './image-files.js';
import {flagsNamed, hasFlag, scanArgs, type FlagTable, type ScannedArgs} from './flags.js';
import {Refusal, type GateContext} from './verdict.js';

/**
 * Rules for the programs that reach a cluster: kubectl, kind, helm, cilium and hubble. Each one
 * may only reach a lab cluster this tool created, through the tool's own kubeconfig. Arguments
 * arrive with expansions replaced by EXPANSION (only expansions that cannot become a flag get
 * this far), so a flag value built from one is seen and refused.
 */

/** Stands for an expansion inside an argument. */
export const EXPANSION = '\u0000';

export const LAB_TOOLS = ['kubectl', 'kind', 'helm', 'cilium', 'hubble'] as const;
export type LabTool = (typeof LAB_TOOLS)[number];

export function isLabTool(name: string): name is LabTool {
	return (LAB_TOOLS as readonly string[]).includes(name);
}

const set = (...names: string[]) => new Set(names);

export const KUBECTL: FlagTable = {
	long: set(
		'--namespace', '--context', '--kubeconfig', '--cluster', '--user', '--server', '--token', '--request-timeout', '--cache-dir',
		'--as', '--as-group', '--as-uid', '--v', '--vmodule', '--certificate-authority', '--client-certificate', '--client-key',
		'--tls-server-name', '--password', '--username', '--profile', '--profile-output', '--selector', '--output', '--container',
		'--filename', '--field-selector', '--timeout', '--replicas', '--for', '--since', '--tail', '--template', '--sort-by',
		'--kustomize', '--image', '--port', '--label-columns', '--grace-period', '--field-manager', '--overrides',
	),
	short: 'nslockLv',
};
/** Flags that point kubectl at another API server or identity, or write files outside the lab. */
const KUBECTL_REFUSED = [
	'--server', '-s', '--token', '--cluster', '--user', '--username', '--password', '--certificate-authority', '--client-certificate',
	'--client-key', '--tls-server-name', '--insecure-skip-tls-verify', '--profile', '--profile-output', '--cache-dir',
];
/**
 * Flags kubectl may take before its subcommand. Another one could swallow the next word as its
 * value, so the gate would misread which subcommand runs (and whether `--` starts a pod command).
 */
const KUBECTL_GLOBALS = new Set([
	...KUBECTL.long, '-n', '-s', '-v', '-h', '--help', '--match-server-version', '--warnings-as-errors', '--disable-compression', '--insecure-skip-tls-verify',
]);
/** kubectl subcommands the gate knows; any other word may be a plugin (`kubectl-<word>` on PATH). */
const KUBECTL_SUBCOMMANDS = set(
	'get', 'describe', 'apply', 'create', 'delete', 'patch', 'label', 'annotate', 'scale', 'rollout', 'logs', 'exec', 'run', 'wait',
	'version', 'config', 'cluster-info', 'explain', 'api-resources', 'api-versions', 'top', 'port-forward', 'debug', 'expose', 'set',
	'replace', 'auth', 'events', 'kustomize', 'attach', 'autoscale', 'cordon', 'uncordon', 'drain', 'taint', 'completion', 'help',
);
/** Subcommands whose words after `--` are a command run inside a container, not on this machine. */
const KUBECTL_IN_POD = set('exec', 'run', 'debug');
const READ_ONLY_CONFIG = set('view', 'get-contexts', 'current-context', 'get-clusters', 'get-users');

const KIND: FlagTable = {long: set('--name', '--kubeconfig', '--config', '--image', '--wait', '--verbosity'), short: 'nv'};

const HELM: FlagTable = {
	long: set(
		'--kube-context', '--kubeconfig', '--namespace', '--kube-apiserver', '--kube-token', '--kube-as-user', '--kube-as-group',
		'--kube-ca-file', '--kube-tls-server-name', '--repo', '--version', '--set', '--set-string', '--set-file', '--values', '--timeout',
		'--post-renderer', '--post-renderer-args', '--registry-config', '--repository-config', '--repository-cache', '--output',
	),
	short: 'nfo',
};
/** Flags helm may take before its subcommand (see KUBECTL_GLOBALS). */
const HELM_GLOBALS = new Set(['--kube-context', '--kubeconfig', '--namespace', '-n', '--debug', '--help', '-h']);
const HELM_REFUSED = [
	'--kube-apiserver', '--kube-token', '--kube-as-user', '--kube-as-group', '--kube-ca-file', '--kube-tls-server-name',
	'--kube-insecure-skip-tls-verify', '--post-renderer', '--post-renderer-args',
];
/** helm subcommands the gate knows; any other word may be a helm plugin (a program). */
const HELM_SUBCOMMANDS = set(
	'install', 'upgrade', 'uninstall', 'delete', 'list', 'ls', 'status', 'get', 'history', 'rollback', 'repo', 'search', 'show',
	'template', 'version', 'test', 'dependency', 'dep', 'pull', 'lint', 'create', 'package', 'env', 'completion', 'help',
);

export const CILIUM: FlagTable = {
	long: set('--context', '--destination-context', '--multi-cluster', '--kubeconfig', '--namespace', '--version', '--set', '--values', '--service-type', '--destination-endpoint'),
	short: 'n',
};
export const HUBBLE: FlagTable = {long: set('--kube-context', '--kubeconfig', '--server', '--config', '--kube-namespace'), short: ''};

/** The flags of each tool that pick a kubeconfig context. */
const CONTEXT_FLAGS: Readonly<Record<Exclude<LabTool, 'kind'>, readonly string[]>> = {
	kubectl: ['--context'],
	helm: ['--kube-context'],
	cilium: ['--context', '--destination-context', '--multi-cluster'],
	hubble: ['--kube-context'],
};
const TABLES: Readonly<Record<LabTool, FlagTable>> = {kubectl: KUBECTL, kind: KIND, helm: HELM, cilium: CILIUM, hubble: HUBBLE};

/** Where a kubectl call's in-container command starts (after `--` of exec/run/debug), or -1. */
export function inPodStart(tool: string, args: readonly string[]): number {
	if (tool !== 'kubectl') return -1;
	const scanned = scanArgs(args, KUBECTL);
	return scanned.endOfOptions >= 0 && KUBECTL_IN_POD.has(scanned.positionals[0] ?? '') ? scanned.endOfOptions : -1;
}

/** Checks one call of a lab tool; `args` are the host-side arguments (no in-container command). */
export function checkLabTool(tool: LabTool, args: readonly string[], ctx: GateContext): void {
	const scanned = scanArgs(args, TABLES[tool]);
	checkKubeconfigFlag(tool, scanned, ctx);
	if (tool === 'kind') return checkKind(scanned, ctx);
	if (tool === 'kubectl') checkKubectl(scanned);
	if (tool === 'helm') checkHelm(scanned);
	if (tool === 'hubble') checkHubble(scanned);
	if (tool === 'cilium' && hasFlag(scanned, ['--destination-endpoint'])) {
		throw new Refusal('`cilium --destination-endpoint` connects to an endpoint the tutorial did not create', 'drop --destination-endpoint');
	}
	checkContexts(tool, scanned, ctx);
}

function checkKubeconfigFlag(tool: LabTool, scanned: ScannedArgs, ctx: GateContext): void {
	const values = flagsNamed(scanned, ['--kubeconfig']);
	const value = values[0]?.value;
	if (values.length > 1 || (values.length === 1 && (value === undefined || value.includes(EXPANSION) || path.normalize(value) !== path.normalize(ctx.kubeconfig)))) {
		const what = values.length > 1 ? `\`${tool}\` gives --kubeconfig more than once` : `\`--kubeconfig ${(value ?? '').replaceAll(EXPANSION, '$…')}\` names another kubeconfig`;
		throw kubeconfigRefusal(what, ctx);
	}
}

/**
 * The refusal for anything that would reach a kubeconfig other than the tutorial's own (a path
 * into `~/.kube`, `--kubeconfig`, `KUBECONFIG=`): the one reason whose fix works, dropping it.
 */
export function kubeconfigRefusal(what: string, ctx: GateContext, drop = '--kubeconfig and KUBECONFIG'): Refusal {
	const contexts = ctx.target === 'lab' ? `contexts ${CLUSTERS.map((c) => labContext(ctx, c)).join(' and ')}` : `context ${labContext(ctx, ctx.target)}`;
	return new Refusal(
		`${what}: the tutorial uses only its own kubeconfig, with the lab's ${contexts}, set for you`,
		`drop ${drop}: every command already runs with that kubeconfig`,
	);
}

function checkKubectl(scanned: ScannedArgs): void {
	const overriding = scanned.flags.find((f) => KUBECTL_REFUSED.includes(f.name));
	if (overriding) {
		throw new Refusal(
			`\`kubectl ${overriding.name}\` would point kubectl at another API server, user or file than the lab's`,
			`drop ${overriding.name}: the tutorial's kubeconfig already says where the lab is`,
		);
	}
	checkGlobals('kubectl', scanned, KUBECTL_GLOBALS);
	const [sub, configSub] = scanned.positionals;
	if (sub !== undefined && !KUBECTL_SUBCOMMANDS.has(sub)) {
		throw new Refusal(
			`\`kubectl ${sub.replaceAll(EXPANSION, '$…')}\` is not one of the kubectl commands the tutorial runs (or a plugin, which is another program)`,
			'check the spelling, or run it in your own terminal',
		);
	}
	if (sub === 'config' && !READ_ONLY_CONFIG.has(configSub ?? '')) {
		throw new Refusal(
			`\`kubectl config ${configSub ?? ''}\` would change the tutorial's kubeconfig`,
			'leave the kubeconfig to the tutorial: it picks the right context for every command',
		);
	}
}

function checkHelm(scanned: ScannedArgs): void {
	const overriding = scanned.flags.find((f) => HELM_REFUSED.includes(f.name));
	if (overriding) throw new Refusal(`\`helm ${overriding.name}\` would reach another API server or run another program`, `drop ${overriding.name}`);
	checkGlobals('helm', scanned, HELM_GLOBALS);
	const sub = scanned.positionals[0];
	if (sub !== undefined && !HELM_SUBCOMMANDS.has(sub)) {
		throw new Refusal(
			`\`helm ${sub.replaceAll(EXPANSION, '$…')}\` is not one of the helm commands the tutorial runs (or a plugin, which is another program)`,
			'check the spelling, or run it in your own terminal',
		);
	}
}

function checkGlobals(tool: LabTool, scanned: ScannedArgs, known: ReadonlySet<string>): void {
	const unknown = scanned.leading.find((f) => !known.has(f.name));
	if (unknown) {
		throw new Refusal(`\`${tool} ${unknown.name}\` before the subcommand is not an option the tutorial knows, so it cannot tell which subcommand runs`, `put ${unknown.name} after the subcommand`);
	}
}

function checkHubble(scanned: ScannedArgs): void {
	if (hasFlag(scanned, ['--config'])) throw new Refusal('`hubble --config` reads connection settings from a file the tutorial did not write', 'drop --config');
	for (const {value} of flagsNamed(scanned, ['--server'])) {
		if (!/^(localhost|127\.0\.0\.1):\d+$/.test(value ?? '')) {
			throw new Refusal(
				`\`hubble --server ${value ?? ''}\` is not a local port-forward of the lab's Hubble Relay`,
				'run `cilium hubble port-forward`, then use --server localhost:4245',
			);
		}
	}
}

/** True for invocations that never contact a cluster: help, completion, kubeconfig reads and client-only versions. */
function contactsNoCluster(tool: LabTool, scanned: ScannedArgs): boolean {
	if (hasFlag(scanned, ['--help', '-h']) || scanned.positionals[0] === 'help' || scanned.positionals[0] === 'completion') return true;
	// Only the read-only `kubectl config` subcommands get this far; they read the tool's kubeconfig.
	if (tool === 'kubectl' && scanned.positionals[0] === 'config') return true;
	if (scanned.positionals[0] !== 'version') return false;
	return tool === 'helm' || tool === 'hubble' || hasFlag(scanned, ['--client']);
}

function checkContexts(tool: Exclude<LabTool, 'kind'>, scanned: ScannedArgs, ctx: GateContext): void {
	const clusters: ClusterName[] = [];
	for (const name of CONTEXT_FLAGS[tool]) {
		const given = flagsNamed(scanned, [name]);
		if (given.length > 1) throw new Refusal(`\`${tool}\` repeats ${name}: it would use only one of them`, `give ${name} once`);
		const value = given[0]?.value;
		if (given.length === 0) continue;
		if (value === undefined || value.includes(EXPANSION)) {
			throw new Refusal(`\`${tool} ${name}\` takes its value from a variable or \`$(…)\`, so the tutorial cannot tell which cluster it picks`, 'write the context out');
		}
		// A cluster's own kubeconfig holds only its own context, so naming it changes nothing.
		if (ctx.target !== 'lab' && value === labContext(ctx, ctx.target)) continue;
		if (ctx.target !== 'lab') {
			throw new Refusal(
				`this command runs on ${ctx.target}, but \`${tool}\` names the context ${value}`,
				`drop ${name}: on ${ctx.target} the command already uses ${labContext(ctx, ctx.target)}`,
			);
		}
		const cluster = CLUSTERS.find((c) => labContext(ctx, c) === value);
		if (!cluster) throw new Refusal(`context "${value}" is not one of the lab's; the tutorial reaches only its own clusters`, `use ${CLUSTERS.map((c) => labContext(ctx, c)).join(' or ')}`);
		clusters.push(cluster);
	}
	if (contactsNoCluster(tool, scanned)) return;
	if (ctx.target !== 'lab') return checkOwned([ctx.target], ctx);
	if (clusters.length === 0) {
		const flag = CONTEXT_FLAGS[tool][0] ?? '--context';
		throw new Refusal(`this command runs for both clusters, and \`${tool}\` names neither`, `name the cluster, e.g. \`${tool} ${flag} ${labContext(ctx, 'koornacht')} …\``);
	}
	checkOwned(clusters, ctx);
}

/** A lab cluster's context: kind's `kind-<cluster>`, or the attached cluster's copied context. */
function labContext(ctx: GateContext, cluster: ClusterName): string {
	return ctx.contexts?.[cluster] ?? contextOf(cluster);
}

function checkOwned(clusters: readonly ClusterName[], ctx: GateContext): void {
	const foreign = clusters.find((c) => !ctx.owned.includes(c));
	if (foreign) {
		throw new Refusal(
			`cluster ${foreign} was not created by clustermesh-tutor, so the tutorial will not touch it`,
			`run \`clustermesh-tutor up\` to build the lab; if a kind cluster of that name exists from elsewhere, delete it yourself first (\`kind delete cluster --name ${foreign}\`)`,
		);
	}
}

function checkKind(scanned: ScannedArgs, ctx: GateContext): void {
	const [verb, noun, ...operands] = scanned.positionals;
	const action = `${verb ?? ''} ${noun ?? ''}`.trim();
	if (hasFlag(scanned, ['--help', '-h']) || verb === 'version' || verb === undefined || action === 'get clusters') return;
	if (action === 'delete clusters') {
		if (hasFlag(scanned, ['--all', '-A'])) throw new Refusal('`kind delete clusters --all` would delete clusters the tutorial did not create', 'use `clustermesh-tutor down`');
		if (operands.length === 0) throw new Refusal('`kind delete clusters` names no cluster', 'use `clustermesh-tutor down`');
		return operands.forEach((name) => checkDeletable(name, ctx));
	}
	// `kind load docker-image IMAGE…` names images; no other cluster action takes operands.
	if (operands.length > 0 && verb !== 'load') throw new Refusal(`\`kind ${action}\` has words the tutorial does not know (${operands.join(' ')})`, `write \`kind ${action} --name ${CLUSTERS.join('|')}\``);
	const names = flagsNamed(scanned, ['--name', '-n']);
	if (names.length !== 1) {
		throw new Refusal(
			names.length === 0 ? `\`kind ${action}\` names no cluster (kind would use "kind")` : `\`kind ${action}\` repeats --name (kind keeps only the last one)`,
			`give exactly one --name ${CLUSTERS.join(' or --name ')}`,
		);
	}
	const name = names[0]?.value ?? '';
	if (!isClusterName(name)) throw new Refusal(`\`kind ${action} --name ${name.replaceAll(EXPANSION, '$…')}\` is not a lab cluster`, `the lab's clusters are ${CLUSTERS.join(' and ')}`);
	switch (action) {
		case 'create cluster':
		case 'export kubeconfig':
			if (ctx.target !== name) throw new Refusal(`\`kind ${action} --name ${name}\` runs only in a command for ${name} itself`, `run it on ${name}, so kind writes only ${name}'s kubeconfig`);
			if (action === 'create cluster') return flagsNamed(scanned, ['--image']).forEach((f) => checkNodeImage(f.value));
			return checkOwned([name], ctx);
		case 'delete cluster':
			return checkDeletable(name, ctx);
		case 'get nodes':
		case 'get kubeconfig':
		case 'export logs':
		case 'load docker-image':
			return checkOwned([name], ctx);
		case 'load image-archive':
			checkKindArchive(operands, ctx);
			return checkOwned([name], ctx);
		default:
			throw new Refusal(`\`kind ${action}\` is not a kind command the tutorial runs`, 'use `clustermesh-tutor up` and `down` for the lab clusters');
	}
}

function checkDeletable(name: string, ctx: GateContext): void {
	if (!isClusterName(name) || !ctx.owned.includes(name)) {
		throw new Refusal(
			`kind cluster "${name.replaceAll(EXPANSION, '$…')}" was not created by clustermesh-tutor, so it will not be deleted`,
			'only `clustermesh-tutor down` deletes lab clusters, and only the ones it created',
		);
	}
}

/** The lab cluster `kind create cluster --name X` creates, when the arguments say so. */
export function kindCreates(args: readonly string[]): ClusterName | undefined {
	const scanned = scanArgs(args, KIND);
	const [verb, noun] = scanned.positionals;
	const name = flagsNamed(scanned, ['--name', '-n'])[0]?.value;
	return verb === 'create' && noun === 'cluster' && name !== undefined && isClusterName(name) ? name : undefined;
}

/** Whether a kubectl call prints only `kind/name` lines (`get -o name`): such output can never become a flag. */
export function printsNamesOnly(args: readonly string[]): boolean {
	const scanned = scanArgs(args, KUBECTL);
	const outputs = flagsNamed(scanned, ['-o', '--output']);
	return outputs.length === 1 && outputs[0]?.value === 'name' && scanned.positionals[0] === 'get' && !hasFlag(scanned, ['--raw']);
}
