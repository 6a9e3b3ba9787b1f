import path from 'node:path';
import {clusterOfContext, CLUSTERS, contextOf, isClusterName, type ClusterName} from '../../core/lab.js';
import {STEERING_VARS} from './command-env.js';
import {basename, flagValue, flagValues, simpleCommands, type SimpleCommand} from './command-parse.js';

/**
 * The safety rails of the live backend (anchors §5.10): before anything is spawned, a command
 * is parsed and refused unless it can only reach the lab's own clusters through the tool's
 * own kubeconfig. Pure: the runner supplies what it knows (target, owned clusters, kubeconfig).
 */
export interface SafetyContext {
	readonly target: ClusterName | 'lab';
	/** Lab clusters recorded in the ownership file (created by this tool). */
	readonly owned: readonly ClusterName[];
	/** The kubeconfig the command runs with: the only file a `--kubeconfig` flag may name. */
	readonly kubeconfig: string;
}

export type SafetyVerdict = {readonly ok: true} | {readonly ok: false; readonly reason: string; readonly fix: string};

const OK: SafetyVerdict = {ok: true};
const refuse = (reason: string, fix: string): SafetyVerdict => ({ok: false, reason, fix});

const CONTEXT_TOOLS = new Set(['kubectl', 'cilium', 'hubble', 'helm']);
const CONTEXT_FLAGS = ['--context', '--kube-context', '--destination-context'];
/** Commands that run another command given as their arguments. */
const WRAPPERS = new Set(['env', 'timeout', 'watch', 'time', 'nice', 'nohup', 'xargs', 'sudo', 'command', 'exec', 'stdbuf']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash']);
const READ_ONLY_CONFIG = new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']);
/** kubectl global flags that take a separate value (so the value is not read as a subcommand). */
const KUBECTL_VALUE_FLAGS = new Set([
	'-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token',
	'--as', '--as-group', '--request-timeout', '-v', '--v', '--cache-dir', '-l', '--selector', '-o', '--output', '-c', '--container',
]);
const MAX_DEPTH = 4;

const labContexts = CLUSTERS.map(contextOf).join(' or ');

/** Refuses any command that could reach a context or kubeconfig the tool did not create. */
export function checkCommandSafety(command: string, ctx: SafetyContext, depth = 0): SafetyVerdict {
	if (depth > MAX_DEPTH) return refuse('the command nests shells too deeply to check', 'run the inner command directly');
	for (const simple of simpleCommands(command)) {
		const verdict = checkSimpleCommand(simple, ctx, depth);
		if (!verdict.ok) return verdict;
	}
	return OK;
}

function checkSimpleCommand(simple: SimpleCommand, ctx: SafetyContext, depth: number): SafetyVerdict {
	const envVerdict = checkEnvWords(simple.assignments);
	if (!envVerdict.ok) return envVerdict;
	const words = simple.words;
	const head = basename(words[0] ?? '');
	if (['export', 'unset', 'declare', 'typeset'].includes(head)) return checkEnvWords(words.slice(1));
	let start = 0;
	if (WRAPPERS.has(head)) {
		if (head === 'env') {
			const verdict = checkEnvWords(words.slice(1));
			if (!verdict.ok) return verdict;
		}
		start = words.findIndex((w, i) => i > 0 && (CONTEXT_TOOLS.has(basename(w)) || basename(w) === 'kind' || SHELLS.has(basename(w))));
		if (start < 0) return OK;
	}
	const tool = basename(words[start] ?? '');
	const args = words.slice(start + 1);
	if (SHELLS.has(tool)) {
		const script = flagValue(args, args.indexOf('-c'), ['-c']);
		return script ? checkCommandSafety(script, ctx, depth + 1) : OK;
	}
	if (tool === 'kind') return checkKind(args, ctx);
	if (CONTEXT_TOOLS.has(tool)) return checkContextTool(tool, args, ctx);
	return OK;
}

function checkEnvWords(words: readonly string[]): SafetyVerdict {
	// `NAME=value`, or a bare `NAME` as `export`/`unset` take it.
	const bad = words.find((w) => STEERING_VARS.includes(w.split('=')[0] ?? ''));
	return bad
		? refuse(
				`\`${bad}\` would point the command at another kubeconfig or context`,
				'drop it: the tool sets KUBECONFIG to its own file for every command',
			)
		: OK;
}

function checkKubeconfigFlags(tool: string, args: readonly string[], ctx: SafetyContext): SafetyVerdict {
	for (const value of flagValues(args, ['--kubeconfig'])) {
		if (path.normalize(value) !== path.normalize(ctx.kubeconfig)) {
			return refuse(
				`\`${tool} --kubeconfig ${value}\` names a kubeconfig this tool did not create`,
				`drop --kubeconfig: the command already runs with KUBECONFIG=${ctx.kubeconfig}`,
			);
		}
	}
	return OK;
}

/** The positional words (subcommands and their operands), skipping flags and flag values. */
function positionals(args: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const word = args[i] ?? '';
		if (word.startsWith('-')) {
			if (KUBECTL_VALUE_FLAGS.has(word) || CONTEXT_FLAGS.includes(word) || word === '--name') i++;
			continue;
		}
		out.push(word);
	}
	return out;
}

/** True for invocations that never contact a cluster: version and help. */
function contactsNoCluster(tool: string, args: readonly string[]): boolean {
	if (args.includes('--help') || args.includes('-h')) return true;
	const [sub] = positionals(args);
	if (sub !== 'version') return false;
	return tool === 'helm' || tool === 'hubble' || args.includes('--client');
}

function checkContextTool(tool: string, allArgs: readonly string[], ctx: SafetyContext): SafetyVerdict {
	// After a bare `--` (kubectl exec/run) the words run inside a pod, not on this machine.
	const dashDash = allArgs.indexOf('--');
	const args = tool === 'kubectl' && dashDash >= 0 ? allArgs.slice(0, dashDash) : allArgs;
	const kubeconfigVerdict = checkKubeconfigFlags(tool, args, ctx);
	if (!kubeconfigVerdict.ok) return kubeconfigVerdict;
	if (tool === 'kubectl') {
		const [sub, configSub] = positionals(args);
		if (sub === 'config' && !READ_ONLY_CONFIG.has(configSub ?? '')) {
			return refuse(
				`\`kubectl config ${configSub ?? ''}\` would change the tool's kubeconfig`,
				'the tool manages its kubeconfigs itself; pick a cluster with the lesson target instead',
			);
		}
	}
	if (contactsNoCluster(tool, args)) return OK;
	const contexts = flagValues(args, CONTEXT_FLAGS).flatMap((v) => v.split(','));
	if (ctx.target !== 'lab') {
		if (contexts.length > 0) {
			return refuse(
				`\`${tool}\` names a context (${contexts.join(', ')}) in a command for ${ctx.target}`,
				`drop the context flag: commands for one cluster run with ${ctx.target}'s own kubeconfig; a command that needs both contexts runs lab-wide`,
			);
		}
		return checkOwned([ctx.target], ctx);
	}
	if (contexts.length === 0) {
		return refuse(
			`lab-wide \`${tool}\` names no context`,
			`name the cluster explicitly, e.g. \`${tool} ${tool === 'hubble' || tool === 'helm' ? '--kube-context' : '--context'} ${contextOf('koornacht')} …\``,
		);
	}
	const clusters: ClusterName[] = [];
	for (const context of contexts) {
		const cluster = clusterOfContext(context);
		if (!cluster) return refuse(`context "${context}" is not a lab context`, `use ${labContexts}`);
		clusters.push(cluster);
	}
	return checkOwned(clusters, ctx);
}

function checkOwned(clusters: readonly ClusterName[], ctx: SafetyContext): SafetyVerdict {
	const foreign = clusters.find((c) => !ctx.owned.includes(c));
	return foreign
		? refuse(
				`cluster ${foreign} was not created by clustermesh-tutor, so the tool will not touch it`,
				'run `clustermesh-tutor up` to build the lab; if a kind cluster of that name exists from elsewhere, delete it yourself first (`kind delete cluster --name ' +
					foreign +
					'`)',
			)
		: OK;
}

function checkKind(args: readonly string[], ctx: SafetyContext): SafetyVerdict {
	const kubeconfigVerdict = checkKubeconfigFlags('kind', args, ctx);
	if (!kubeconfigVerdict.ok) return kubeconfigVerdict;
	const [verb, noun, ...operands] = positionals(args);
	const name = flagValues(args, ['--name', '-n'])[0] ?? 'kind';
	const action = `${verb ?? ''} ${noun ?? ''}`;
	switch (action) {
		case 'create cluster':
			if (!isClusterName(name)) return refuse(`\`kind create cluster --name ${name}\` is not a lab cluster`, `the lab's clusters are ${CLUSTERS.join(' and ')}`);
			if (ctx.target !== name) {
				return refuse(
					`\`kind create cluster --name ${name}\` must run in ${name}'s own target`,
					`run it for ${name}, so kind writes only ${name}'s kubeconfig`,
				);
			}
			return OK;
		case 'delete cluster':
			return checkDeletable([name], ctx);
		case 'delete clusters':
			if (args.includes('--all') || args.includes('-A')) {
				return refuse('`kind delete clusters --all` would delete clusters this tool did not create', 'use `clustermesh-tutor down`');
			}
			return operands.length > 0 ? checkDeletable(operands, ctx) : refuse('`kind delete clusters` names no cluster', 'use `clustermesh-tutor down`');
		case 'export kubeconfig':
			if (ctx.target !== name) {
				return refuse(
					`\`kind export kubeconfig --name ${name}\` would write ${name} into another cluster's kubeconfig`,
					`run it for ${name}`,
				);
			}
			return isClusterName(name) ? checkOwned([name], ctx) : refuse(`${name} is not a lab cluster`, `use ${CLUSTERS.join(' or ')}`);
		case 'get clusters':
		case 'build node-image':
			return OK;
		default:
			if (verb === 'version' || verb === undefined) return OK;
			if (!isClusterName(name)) return refuse(`\`kind ${action.trim()}\` targets "${name}", not a lab cluster`, `add --name ${CLUSTERS.join(' or --name ')}`);
			return checkOwned([name], ctx);
	}
}

function checkDeletable(names: readonly string[], ctx: SafetyContext): SafetyVerdict {
	for (const name of names) {
		if (!isClusterName(name) || !ctx.owned.includes(name)) {
			return refuse(
				`kind cluster "${name}" was not created by clustermesh-tutor, so it will not be deleted`,
				'only `clustermesh-tutor down` deletes lab clusters, and only the ones it created',
			);
		}
	}
	return OK;
}

/** The lab cluster a `kind create cluster --name X` in the line creates, if any. */
export function createdCluster(command: string): ClusterName | undefined {
	for (const simple of simpleCommands(command)) {
		const start = simple.words.findIndex((w) => basename(w) === 'kind');
		if (start < 0) continue;
		const args = simple.words.slice(start + 1);
		const [verb, noun] = positionals(args);
		const name = flagValues(args, ['--name', '-n'])[0];
		if (verb === 'create' && noun === 'cluster' && name && isClusterName(name)) return name;
	}
	return undefined;
}
