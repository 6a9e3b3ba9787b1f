import {parse as parseYaml} from 'yaml';
import {VERSIONS} from '../../../core/versions.js';
import {failed, ok, type ProgramContext, type ProgramResult} from '../context.js';
import {FlagError, flagSet, flagString, parseFlags, type FlagSpecs} from '../flags.js';
import {isObject} from '../kube/objects.js';
import {nodesOf} from '../kube/pods.js';
import {parseCidr} from '../net.js';
import {pick} from '../random.js';
import {UnsupportedFeature} from '../shell/host.js';
import {bootstrapCluster, displayImage, type KindClusterPlan} from './bootstrap.js';

/** kind v0.29 as the lab uses it: create/delete clusters and list them. Output goes to stderr, like kind's logger. */

const COMMON: FlagSpecs = {name: {type: 'string', short: 'n'}, verbosity: {type: 'int', short: 'v'}, quiet: {type: 'bool', short: 'q'}};
const CREATE: FlagSpecs = {
	...COMMON,
	config: {type: 'string'},
	image: {type: 'string'},
	kubeconfig: {type: 'string'},
	wait: {type: 'string'},
	retain: {type: 'bool'},
};

const SALUTATIONS = [
	'Have a nice day! 👋',
	'Thanks for using kind! 😊',
	'Not sure what to do next? 😅  Check out https://kind.sigs.k8s.io/docs/user/quick-start/',
	'Have a question, bug, or feature request? Let us know! https://kind.sigs.k8s.io/#community 🙂',
];

export function runKind(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const [verb, object, ...rest] = argv;
	try {
		if (verb === 'create' && object === 'cluster') return createCluster(ctx, rest);
		if (verb === 'delete' && object === 'cluster') return deleteCluster(ctx, rest);
		if (verb === 'delete' && object === 'clusters') return deleteClusters(ctx, rest);
		if (verb === 'get' && object === 'clusters') return getClusters(ctx);
		if (verb === 'get' && object === 'nodes') return getNodes(ctx, rest);
		if (verb === 'version') {
			ctx.io.stdout(`kind v${VERSIONS.kind} ${VERSIONS.toolOutputs.kindGo} linux/amd64\n`);
			return ok;
		}
	} catch (error) {
		if (error instanceof FlagError) return failed(ctx.io, `ERROR: ${error.message}`);
		throw error;
	}
	throw new UnsupportedFeature(`kind ${[verb, object].filter(Boolean).join(' ')}`);
}

function planFromConfig(ctx: ProgramContext, configPath: string | undefined): KindClusterPlan | string {
	const defaults = {
		name: 'kind',
		roles: ['control-plane'] as KindClusterPlan['roles'],
		podSubnet: '10.244.0.0/16',
		serviceSubnet: '10.96.0.0/16',
		disableDefaultCNI: false,
		kubeProxy: true,
		nodeImage: VERSIONS.kindNodeImage,
	};
	if (!configPath) return defaults;
	if (!ctx.files.exists(configPath)) return `failed to create cluster: error reading file: open ${configPath}: no such file or directory`;
	let config: unknown;
	try {
		config = parseYaml(ctx.files.read(configPath));
	} catch (error) {
		return `failed to create cluster: unable to decode config: ${(error as Error).message.split('\n')[0]}`;
	}
	if (!isObject(config)) return 'failed to create cluster: unable to decode config: empty config';
	if (config.kind !== 'Cluster') return `failed to create cluster: unknown kind: "${String(config.kind ?? '')}"`;
	if (config.apiVersion !== 'kind.x-k8s.io/v1alpha4') return `failed to create cluster: unknown apiVersion: ${String(config.apiVersion ?? '')}`;
	const net = isObject(config.networking) ? config.networking : {};
	const roles: KindClusterPlan['roles'][number][] = [];
	for (const node of Array.isArray(config.nodes) ? config.nodes : [{role: 'control-plane'}]) {
		const role = isObject(node) ? node.role : undefined;
		if (role !== 'control-plane' && role !== 'worker') return `failed to create cluster: invalid configuration: unknown role: ${String(role)}`;
		roles.push(role);
	}
	if (!roles.includes('control-plane')) return 'failed to create cluster: invalid configuration: must have at least one control-plane node';
	const plan = {
		...defaults,
		name: typeof config.name === 'string' ? config.name : defaults.name,
		roles,
		podSubnet: typeof net.podSubnet === 'string' ? net.podSubnet : defaults.podSubnet,
		serviceSubnet: typeof net.serviceSubnet === 'string' ? net.serviceSubnet : defaults.serviceSubnet,
		disableDefaultCNI: net.disableDefaultCNI === true,
		kubeProxy: net.kubeProxyMode !== 'none',
	};
	for (const [key, cidr] of [['podSubnet', plan.podSubnet], ['serviceSubnet', plan.serviceSubnet]] as const) {
		if (!parseCidr(cidr)) return `failed to create cluster: invalid configuration: invalid ${key}: ${cidr}`;
	}
	return plan;
}

function createCluster(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, CREATE);
	if (flags.args.length > 0) return failed(ctx.io, `ERROR: unknown command "${flags.args[0]}" for "kind create cluster"`);
	const planned = planFromConfig(ctx, flagString(flags, 'config'));
	if (typeof planned === 'string') return failed(ctx.io, `ERROR: ${planned}`);
	const image = flagString(flags, 'image') ?? planned.nodeImage;
	const plan: KindClusterPlan = {...planned, name: flagString(flags, 'name') ?? planned.name, nodeImage: image};
	if (!/^[a-z0-9.-]+$/.test(plan.name)) {
		return failed(ctx.io, `ERROR: failed to create cluster: '${plan.name}' is not a valid cluster name, cluster names must match \`^[a-z0-9.-]+$\``);
	}
	if (ctx.state.clusters[plan.name]) {
		return failed(ctx.io, `ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${plan.name}"`);
	}
	const cluster = bootstrapCluster(ctx.state, plan, ctx.env);
	ctx.state.clusters[plan.name] = cluster;
	const workers = plan.roles.filter((r) => r === 'worker').length;
	const controlPlanes = plan.roles.length - workers;
	const lines = [
		`Creating cluster "${plan.name}" ...`,
		` ✓ Ensuring node image (${displayImage(image)}) 🖼`,
		` ✓ Preparing nodes ${'📦 '.repeat(plan.roles.length)}`,
		...(controlPlanes > 1 ? [' ✓ Configuring the external load balancer ⚖️'] : []),
		' ✓ Writing configuration 📜',
		' ✓ Starting control-plane 🕹️',
		...(plan.disableDefaultCNI ? [] : [' ✓ Installing CNI 🔌']),
		' ✓ Installing StorageClass 💾',
		...(controlPlanes > 1 ? [' ✓ Joining more control-plane nodes 🎮'] : []),
		...(workers > 0 ? [' ✓ Joining worker nodes 🚜'] : []),
	];
	const wait = flagString(flags, 'wait');
	if (wait !== undefined && wait !== '0' && wait !== '0s') {
		lines.push(` ✓ Waiting ≤ ${wait} for control-plane = Ready ⏳`);
		// Without a CNI the control plane never becomes Ready; kind warns and carries on.
		lines.push(plan.disableDefaultCNI ? ' • WARNING: Timed out waiting for Ready ⚠️' : ' • Ready after 12s 💚');
	}
	lines.push(
		`Set kubectl context to "kind-${plan.name}"`,
		'You can now use your cluster with:',
		'',
		`kubectl cluster-info --context kind-${plan.name}`,
		'',
		pick(ctx.env.random, SALUTATIONS),
	);
	ctx.io.stderr(`${lines.join('\n')}\n`);
	return ok;
}

function deleteCluster(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, {...COMMON, kubeconfig: {type: 'string'}});
	const name = flagString(flags, 'name') ?? 'kind';
	ctx.io.stderr(`Deleting cluster "${name}" ...\n`);
	const cluster = ctx.state.clusters[name];
	if (cluster) {
		const nodes = nodesOf(cluster).map((n) => `"${n.metadata.name}"`);
		delete ctx.state.clusters[name];
		ctx.io.stderr(`Deleted nodes: [${nodes.join(' ')}]\n`);
	}
	return ok;
}

function deleteClusters(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, {...COMMON, all: {type: 'bool', short: 'A'}, kubeconfig: {type: 'string'}});
	const names = flagSet(flags, 'all') ? Object.keys(ctx.state.clusters) : flags.args;
	for (const name of names) delete ctx.state.clusters[name];
	ctx.io.stderr(`Deleted clusters: [${names.map((n) => `"${n}"`).join(' ')}]\n`);
	return ok;
}

function getClusters(ctx: ProgramContext): ProgramResult {
	const names = Object.keys(ctx.state.clusters).sort();
	if (names.length === 0) ctx.io.stderr('No kind clusters found.\n');
	else ctx.io.stdout(`${names.join('\n')}\n`);
	return ok;
}

function getNodes(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, {...COMMON, 'all-clusters': {type: 'bool', short: 'A'}});
	const name = flagString(flags, 'name') ?? 'kind';
	const cluster = ctx.state.clusters[name];
	const nodes = cluster ? nodesOf(cluster).map((n) => n.metadata.name) : [];
	if (nodes.length === 0) ctx.io.stderr(`No kind nodes found for cluster "${name}".\n`);
	else ctx.io.stdout(`${nodes.join('\n')}\n`);
	return ok;
}
