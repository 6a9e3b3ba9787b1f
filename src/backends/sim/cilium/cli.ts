import {VERSIONS} from '../../../core/versions.js';
import {failed, ok, resolveContext, type ProgramContext, type ProgramResult} from '../context.js';
import {FlagError, flagBool, flagOccurrences, flagSet, flagString, flagStrings, parseFlags, type FlagSpecs, type ParsedFlags} from '../flags.js';
import {localClusterDefaultReport} from '../datapath/policy.js';
import {findObject, removeObject} from '../kube/objects.js';
import {nodesOf} from '../kube/pods.js';
import {UnsupportedFeature} from '../shell/host.js';
import type {CiliumRelease, ClusterState, MeshPeer} from '../state.js';
import {caCertificateOf, ensureCiliumCa, syncCiliumComponents} from './components.js';
import {agentNodes} from './agents.js';
import {encryptStatusModel, nodeEncryption} from './encryption.js';
import {agentSettings, normalizeCiliumVersion, parseSetValues, validateValues} from './release.js';
import {meshAccess, meshConnectivity, renderCiliumStatus, renderMeshConnectivity} from './status.js';

/**
 * cilium-cli v0.19.7 (Helm mode) as the lessons use it. Progress lines go to stdout like the CLI's
 * logger; failures print `Error: ...` on stderr and exit 1.
 */

const GLOBAL: FlagSpecs = {
	context: {type: 'string'},
	kubeconfig: {type: 'string'},
	namespace: {type: 'string', short: 'n'},
	'helm-release-name': {type: 'string'},
};
const VALUES: FlagSpecs = {
	set: {type: 'strings'},
	'helm-set': {type: 'strings'},
	'set-string': {type: 'strings'},
	'helm-set-string': {type: 'strings'},
	version: {type: 'string'},
	wait: {type: 'bool'},
	'wait-duration': {type: 'string'},
	'dry-run': {type: 'bool'},
	'dry-run-helm-values': {type: 'bool'},
	'helm-values': {type: 'strings', short: 'f'},
	values: {type: 'strings'},
	'set-file': {type: 'strings'},
	'helm-set-file': {type: 'strings'},
};

/** `cilium upgrade`'s value handling (cilium-cli cli/install.go `newCmdUpgradeWithHelm`). */
const UPGRADE: FlagSpecs = {
	...VALUES,
	'reset-then-reuse-values': {type: 'bool'},
	'reuse-values': {type: 'bool'},
	'reset-values': {type: 'bool'},
};

class CliError extends Error {}

/** Moves global flags written before the subcommand (`cilium --context X status`) after it. */
function subcommandFirst(argv: readonly string[]): string[] {
	const leading: string[] = [];
	let i = 0;
	while (i < argv.length && (argv[i] as string).startsWith('-')) {
		const arg = argv[i] as string;
		leading.push(arg);
		const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
		const spec = GLOBAL[name] ?? Object.values(GLOBAL).find((s) => s.short === name);
		if (!arg.includes('=') && spec && spec.type !== 'bool' && argv[i + 1] !== undefined) leading.push(argv[++i] as string);
		i++;
	}
	const rest = argv.slice(i);
	const words = rest.findIndex((a) => a.startsWith('-'));
	const head = words < 0 ? rest : rest.slice(0, words);
	return [...head, ...leading, ...rest.slice(head.length)];
}

export function runCilium(ctx: ProgramContext, rawArgv: readonly string[]): ProgramResult {
	const argv = subcommandFirst(rawArgv);
	const [first, second] = argv;
	try {
		switch (first) {
			case 'install':
				return install(ctx, argv.slice(1));
			case 'upgrade':
				return upgrade(ctx, argv.slice(1));
			case 'uninstall':
				return uninstall(ctx, argv.slice(1));
			case 'status':
				return status(ctx, argv.slice(1));
			case 'version':
				return version(ctx, argv.slice(1));
			case 'config':
				if (second === 'view') return configView(ctx, argv.slice(2));
				break;
			case 'hubble':
				if (second === 'enable') return hubble(ctx, argv.slice(2), true);
				if (second === 'disable') return hubble(ctx, argv.slice(2), false);
				// A foreground process until Ctrl-C: nothing the simulator's one-shot commands can be.
				if (second === 'port-forward') throw new UnsupportedFeature('cilium hubble port-forward (it keeps running until you stop it; `hubble observe -P` opens the same tunnel for one command)');
				break;
			case 'clustermesh':
				if (second === 'enable') return meshEnable(ctx, argv.slice(2));
				if (second === 'disable') return meshDisable(ctx, argv.slice(2));
				if (second === 'status') return meshStatus(ctx, argv.slice(2));
				if (second === 'connect') return meshConnect(ctx, argv.slice(2), true);
				if (second === 'disconnect') return meshConnect(ctx, argv.slice(2), false);
				if (second === 'inspect-policy-default-local-cluster') return meshInspect(ctx, argv.slice(2));
				break;
			case 'encryption':
				if (second === 'status') return encryptionStatus(ctx, argv.slice(2));
				break;
		}
	} catch (error) {
		if (error instanceof FlagError) return failed(ctx.io, `Error: ${error.message}`);
		if (error instanceof CliError) return failed(ctx.io, `Error: ${error.message}`);
		throw error;
	}
	throw new UnsupportedFeature(`cilium ${[first, second].filter((w) => w && !w.startsWith('-')).join(' ')}`.trim());
}

function flagsFor(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
	return parseFlags(argv, {...GLOBAL, ...specs});
}

function clusterFor(ctx: ProgramContext, flags: ParsedFlags, what: string): ClusterState {
	const resolved = resolveContext(ctx, flagString(flags, 'context'));
	if (resolved.ok) return resolved.cluster;
	if (resolved.reason === 'missing-context') throw new CliError(`${what}: unable to create Kubernetes client: context "${resolved.context}" does not exist`);
	throw new CliError(`${what}: Kubernetes cluster unreachable: Get "http://localhost:8080/version": dial tcp [::1]:8080: connect: connection refused`);
}

/** Flags cilium-cli has that the simulator does not model: refused, never silently ignored. */
function refuseUnmodelled(flags: ParsedFlags, command: string): void {
	for (const name of ['dry-run', 'dry-run-helm-values', 'helm-values', 'values', 'set-file', 'helm-set-file']) {
		if (flagSet(flags, name)) throw new UnsupportedFeature(`cilium ${command} --${name}`);
	}
}

/** Mutual authentication deploys SPIRE, which the simulator does not model (its lesson is live-only). */
function refuseUnmodelledValues(values: Record<string, string>): void {
	const key = Object.keys(values).find((k) => k.startsWith('authentication.mutual.'));
	if (key) throw new UnsupportedFeature(`--set ${key} (mutual authentication with SPIRE)`);
}

/** The `--set` values of install and upgrade, validated like the chart does. */
function helmValues(flags: ParsedFlags, what: string): Record<string, string> {
	const values: Record<string, string> = {};
	for (const name of ['set', 'helm-set', 'set-string', 'helm-set-string']) {
		for (const text of flagOccurrences(flags, name)) {
			const parsed = parseSetValues(text);
			if (typeof parsed === 'string') throw new CliError(parsed);
			Object.assign(values, parsed);
		}
	}
	const invalid = validateValues(values);
	if (invalid) throw new CliError(`${what}: execution error at (cilium/templates/validate.yaml:1:1): ${invalid}`);
	refuseUnmodelledValues(values);
	return values;
}

/** A new revision of the release (each `helm upgrade` the CLI runs), rendered into the cluster. */
function revise(ctx: ProgramContext, cluster: ClusterState, release: CiliumRelease, changes: Partial<CiliumRelease>): void {
	cluster.cilium = {...release, ...changes, revision: release.revision + 1};
	syncCiliumComponents(cluster, ctx.env);
}

function install(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, VALUES);
	refuseUnmodelled(flags, 'install');
	const cluster = clusterFor(ctx, flags, 'Unable to install Cilium');
	const requested = flagString(flags, 'version') ?? ctx.ciliumVersionDefault;
	const version = normalizeCiliumVersion(requested);
	if (!version) throw new CliError(`Unable to install Cilium: unable to retrieve helm chart: chart "cilium" version "${requested}" not found (the simulator offers the charts embedded in cilium-cli v${VERSIONS.ciliumCli})`);
	const values = helmValues(flags, 'Unable to install Cilium');
	const kubeProxy = autodetect(ctx, cluster, version, values);
	if (cluster.cilium) throw new CliError('Unable to install Cilium: cannot re-use a name that is still in use');
	cluster.cilium = {
		version,
		values: {...(kubeProxy ? {} : {kubeProxyReplacement: 'true'}), ...values},
		peers: [],
		revision: 1,
	};
	ensureCiliumCa(cluster, ctx.env);
	syncCiliumComponents(cluster, ctx.env);
	return ok;
}

/** What cilium-cli's preinstall step logs (install and upgrade alike); returns whether kube-proxy runs. */
function autodetect(ctx: ProgramContext, cluster: ClusterState, version: string, values: Record<string, string>): boolean {
	ctx.io.stdout(`ℹ️  Using Cilium version ${version}\n`);
	if (values['cluster.name'] === undefined) ctx.io.stdout(`🔮 Auto-detected cluster name: kind-${cluster.name}\n`);
	const kubeProxy = findObject(cluster, 'DaemonSet', 'kube-system', 'kube-proxy') !== undefined;
	ctx.io.stdout(kubeProxy ? '🔮 Auto-detected kube-proxy has been installed\n' : '🔮 Auto-detected kube-proxy has not been installed\nℹ️  Cilium will fully replace all functionalities of kube-proxy\n');
	return kubeProxy;
}

function upgrade(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, UPGRADE);
	refuseUnmodelled(flags, 'upgrade');
	const cluster = clusterFor(ctx, flags, 'Unable to upgrade Cilium');
	const release = cluster.cilium;
	if (!release) throw new CliError('Unable to upgrade Cilium: "cilium" has no deployed releases');
	// --version defaults to the CLI's default chart, not to the installed one: a bare upgrade moves to it.
	const requested = flagString(flags, 'version') ?? ctx.ciliumVersionDefault;
	const version = normalizeCiliumVersion(requested);
	if (!version) throw new CliError(`Unable to upgrade Cilium: unable to retrieve helm chart: chart "cilium" version "${requested}" not found`);
	const values = helmValues(flags, 'Unable to upgrade Cilium');
	// --reset-then-reuse-values (the default) and --reuse-values keep the release's values and merge
	// the new ones in; --reset-values starts from the chart defaults (cilium-cli cli/install.go).
	const reuse = flagBool(flags, 'reuse-values') || !flagBool(flags, 'reset-values');
	const merged = {...(reuse ? release.values : {}), ...values};
	autodetect(ctx, cluster, version, merged);
	revise(ctx, cluster, release, {version, values: merged});
	return ok;
}

function uninstall(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {wait: {type: 'bool'}, timeout: {type: 'string'}});
	const cluster = clusterFor(ctx, flags, 'Unable to uninstall Cilium');
	if (!cluster.cilium) throw new CliError('Unable to uninstall Cilium:  uninstall: Release not loaded: cilium: release: not found');
	ctx.io.stdout('⌛ Uninstalling Cilium\n');
	cluster.cilium = null;
	const ca = findObject(cluster, 'Secret', 'kube-system', 'cilium-ca');
	if (ca) removeObject(cluster, ca);
	syncCiliumComponents(cluster, ctx.env);
	return ok;
}

function status(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {
		wait: {type: 'bool'},
		'wait-duration': {type: 'string'},
		interactive: {type: 'bool'},
		'ignore-warnings': {type: 'bool'},
		output: {type: 'string', short: 'o'},
		verbose: {type: 'bool'},
	});
	const cluster = clusterFor(ctx, flags, 'Unable to determine status');
	const rendered = renderCiliumStatus(cluster);
	if (flagString(flags, 'output') === 'json') {
		// Inferred subset of cilium-cli's status JSON.
		const settings = agentSettings(cluster);
		ctx.io.stdout(
			`${JSON.stringify(
				{
					cluster_name: settings?.clusterName ?? null,
					helm_chart_version: cluster.cilium?.version ?? '',
					errors: rendered.errors,
					nodes: nodesOf(cluster).length,
				},
				null,
				1,
			)}\n`,
		);
	} else ctx.io.stdout(`${rendered.lines.join('\n')}\n`);
	if (rendered.errors.length > 0 && flagBool(flags, 'wait')) {
		throw new CliError('Unable to determine status:  timeout while waiting for status to become successful: context deadline exceeded');
	}
	return ok;
}

function version(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {client: {type: 'bool'}});
	ctx.io.stdout(`cilium-cli: v${VERSIONS.ciliumCli} compiled with ${VERSIONS.toolOutputs.ciliumCliGo} on linux/amd64\ncilium image (default): v${VERSIONS.cilium}\ncilium image (stable): unknown\n`);
	if (flagBool(flags, 'client')) return ok;
	const resolved = resolveContext(ctx, flagString(flags, 'context'));
	const running = resolved.ok && resolved.cluster.cilium ? resolved.cluster.cilium.version : 'unknown. Unable to obtain cilium version. Reason: release: not found';
	ctx.io.stdout(`cilium image (running): ${running}\n`);
	return ok;
}

function configView(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {});
	const cluster = clusterFor(ctx, flags, 'Unable to view configuration');
	const cm = findObject(cluster, 'ConfigMap', 'kube-system', 'cilium-config');
	if (!cm) throw new CliError('Unable to view configuration: configmaps "cilium-config" not found');
	const data = (cm.data ?? {}) as Record<string, string>;
	const keys = Object.keys(data).sort();
	const width = Math.max(...keys.map((k) => k.length)) + 1;
	ctx.io.stdout(keys.map((k) => `${k.padEnd(width)}${data[k]}`).join('\n') + '\n');
	return ok;
}

function requireRelease(cluster: ClusterState, what: string) {
	if (!cluster.cilium) throw new CliError(`${what}: release: not found`);
	return cluster.cilium;
}

function hubble(ctx: ProgramContext, argv: readonly string[], enable: boolean): ProgramResult {
	const flags = flagsFor(argv, {ui: {type: 'bool'}, relay: {type: 'bool'}, wait: {type: 'bool'}});
	const what = enable ? 'Unable to enable Hubble' : 'Unable to disable Hubble';
	const cluster = clusterFor(ctx, flags, what);
	const release = requireRelease(cluster, what);
	const values = enable
		? {
				'hubble.enabled': 'true',
				'hubble.relay.enabled': flagSet(flags, 'relay') ? String(flagBool(flags, 'relay')) : 'true',
				...(flagBool(flags, 'ui') ? {'hubble.ui.enabled': 'true'} : {}),
			}
		: {'hubble.relay.enabled': 'false', 'hubble.ui.enabled': 'false'};
	revise(ctx, cluster, release, {values: {...release.values, ...values}});
	return ok;
}

function meshEnable(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {'service-type': {type: 'string'}, 'enable-kvstoremesh': {type: 'bool'}, wait: {type: 'bool'}});
	const what = 'Unable to enable ClusterMesh';
	const cluster = clusterFor(ctx, flags, what);
	const type = flagString(flags, 'service-type');
	// kind is none of the clouds cilium-cli can auto-expose a service on.
	if (type === undefined) throw new CliError(`${what}: cannot auto-detect service type, please specify using '--service-type' option`);
	if (type !== 'NodePort' && type !== 'LoadBalancer') throw new CliError(`${what}: service type "${type}" is not valid`);
	if (type === 'NodePort') ctx.io.stdout('⚠️  Using service type NodePort may fail when nodes are removed from the cluster!\n');
	const release = requireRelease(cluster, what);
	revise(ctx, cluster, release, {
		values: {
			...release.values,
			'clustermesh.useAPIServer': 'true',
			'clustermesh.config.enabled': 'true',
			'clustermesh.apiserver.service.type': type,
			'clustermesh.apiserver.tls.auto.method': 'cronJob',
		},
	});
	return ok;
}

function meshDisable(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {});
	const what = 'Unable to disable ClusterMesh';
	const cluster = clusterFor(ctx, flags, what);
	const release = requireRelease(cluster, what);
	revise(ctx, cluster, release, {values: {...release.values, 'clustermesh.useAPIServer': 'false', 'clustermesh.config.enabled': 'false'}, peers: []});
	return ok;
}

function meshStatus(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {wait: {type: 'bool'}, 'wait-duration': {type: 'string'}, output: {type: 'string', short: 'o'}, verbose: {type: 'bool'}});
	const what = 'Unable to determine status';
	const cluster = clusterFor(ctx, flags, what);
	const wait = flagBool(flags, 'wait');
	const json = flagString(flags, 'output') === 'json';
	const settings = agentSettings(cluster);
	if (!settings) throw new CliError(`${what}: unable to retrieve ConfigMap "cilium-config": configmaps "cilium-config" not found`);
	const access = meshAccess(cluster);
	if (!access || access.endpoints.length === 0) {
		const reason = access
			? 'unable to derive service IPs automatically'
			: 'unable to get clustermesh service "clustermesh-apiserver": services "clustermesh-apiserver" not found';
		// --wait would retry for 15 minutes before giving up; the simulator gives up at once.
		if (wait) ctx.io.stdout(`⌛ Waiting (0s) for access information: ${reason}\n`);
		throw new CliError(`${what}: ${wait ? 'timeout while waiting for access information: ' : ''}${reason}`);
	}
	const mesh = meshConnectivity(ctx.state, cluster);
	if (json) {
		const clusters = Object.fromEntries(mesh.peers.map((p) => [p.name, {configured: mesh.total, ...(p.connected ? {connected: mesh.total} : {})}]));
		ctx.io.stdout(
			`${JSON.stringify(
				{
					access_information: {service_type: access.type, service_ips: access.endpoints.map((e) => e.split(':')[0]), cluster_name: settings.clusterName, cluster_id: String(settings.clusterId)},
					connectivity: {clusters, total: mesh.total, ...(mesh.peers.some((p) => !p.connected) ? {not_ready: mesh.total} : {})},
					kvstoremesh: {enabled: true},
				},
				null,
				1,
			)}\n`,
		);
	} else {
		const lines = [
			...(access.type === 'NodePort' ? ['⚠️  Service type NodePort detected! Service may fail when nodes are removed from the cluster!'] : []),
			`✅ Service "clustermesh-apiserver" of type "${access.type}" found`,
			'✅ Cluster access information is available:',
			...access.endpoints.map((e) => `  - ${e}`),
			'✅ Deployment clustermesh-apiserver is ready',
			'ℹ️  KVStoreMesh is enabled',
			...renderMeshConnectivity(mesh),
		];
		ctx.io.stdout(`${lines.join('\n')}\n`);
	}
	if (wait && mesh.peers.some((p) => !p.connected)) {
		throw new CliError(`${what}: timeout while waiting for clusters to be connected: ${mesh.total} nodes are not ready`);
	}
	return ok;
}

function meshConnect(ctx: ProgramContext, argv: readonly string[], connect: boolean): ProgramResult {
	const flags = flagsFor(argv, {
		'destination-context': {type: 'strings'},
		'connection-mode': {type: 'string'},
		'allow-mismatching-ca': {type: 'bool'},
		'destination-endpoint': {type: 'strings'},
		'source-endpoint': {type: 'strings'},
		parallel: {type: 'int'},
	});
	const what = connect ? 'Unable to connect cluster' : 'Unable to disconnect cluster';
	const mode = flagString(flags, 'connection-mode') ?? 'bidirectional';
	if (!['bidirectional', 'mesh', 'unicast'].includes(mode)) {
		ctx.io.stdout(`❌ ${mode} is not a correct connection mode.\nAvailable connection modes: bidirectional, mesh, unicast\n`);
		throw new CliError(`${what}: Bad connection mode`);
	}
	const local = clusterFor(ctx, flags, what);
	const destinations = flagStrings(flags, 'destination-context');
	if (destinations.length === 0) throw new CliError(`${what}: no destination context specified`);
	const localRelease = local.cilium;
	if (!localRelease) {
		ctx.io.stdout('❌ Unable to find Helm release for the target cluster\n');
		throw new CliError(`${what}: release: not found`);
	}
	const remotes = destinations.map((d) => {
		const resolved = resolveContext(ctx, d);
		if (!resolved.ok) {
			const reason = resolved.reason === 'missing-context' ? `context "${d}" does not exist` : 'no context';
			throw new CliError(`${what}: unable to create Kubernetes client to access remote cluster "${d}": ${reason}`);
		}
		return resolved.cluster;
	});
	if (!connect) return disconnect(ctx, local, remotes, mode);
	const access = (cluster: ClusterState) => {
		const settings = agentSettings(cluster);
		const context = `kind-${cluster.name}`;
		if (!settings) {
			ctx.io.stdout(`❌ Unable to retrieve access information of cluster "${context}": unable to retrieve ConfigMap "cilium-config": configmaps "cilium-config" not found\n`);
			throw new CliError(`${what}: unable to retrieve ConfigMap "cilium-config": configmaps "cilium-config" not found`);
		}
		ctx.io.stdout(`✨ Extracting access information of cluster ${settings.clusterName}...\n`);
		const info = meshAccess(cluster);
		if (!info) {
			const reason = 'unable to get clustermesh service "clustermesh-apiserver": services "clustermesh-apiserver" not found';
			ctx.io.stdout(`❌ Unable to retrieve access information of cluster "${context}": ${reason}\n`);
			throw new CliError(`${what}: ${reason}`);
		}
		ctx.io.stdout(`🔑 Extracting secrets from cluster ${settings.clusterName}...\n`);
		if (info.type === 'NodePort') ctx.io.stdout('⚠️  Service type NodePort detected! Service may fail when nodes are removed from the cluster!\n');
		if (info.endpoints.length === 0) throw new CliError(`${what}: unable to derive service IPs automatically`);
		ctx.io.stdout(`ℹ️  Found ClusterMesh service IPs: [${info.endpoints.map((e) => e.split(':')[0]).join(' ')}]\n`);
		return settings;
	};
	const localInfo = access(local);
	const planned: {cluster: ClusterState; name: string; tls: boolean}[] = [];
	for (const remote of remotes) {
		const remoteInfo = access(remote);
		if (remoteInfo.clusterId === 0 || remoteInfo.clusterName === 'default') {
			throw new CliError(`${what}: remote cluster has non-unique name (${remoteInfo.clusterName}) and/or ID (${remoteInfo.clusterId})`);
		}
		if (localInfo.clusterId === 0 || localInfo.clusterName === 'default') {
			throw new CliError(`${what}: local cluster has the default name (cluster name: ${localInfo.clusterName}) and/or ID 0 (cluster ID: ${localInfo.clusterId})`);
		}
		if (remoteInfo.clusterName === localInfo.clusterName) throw new CliError(`${what}: remote and local cluster have the same, non-unique name: ${localInfo.clusterName}`);
		if (remoteInfo.clusterId === localInfo.clusterId) throw new CliError(`${what}: remote and local cluster have the same, non-unique ID: ${localInfo.clusterId}`);
		const match = caCertificateOf(local) === caCertificateOf(remote);
		if (!match) {
			// Since cilium-cli v0.19.2 a CA mismatch is an error unless explicitly allowed (cilium-facts §1.5).
			if (!flagBool(flags, 'allow-mismatching-ca')) {
				throw new CliError(
					`${what}: Cilium CA certificates do not match between clusters ${localInfo.clusterName} and ${remoteInfo.clusterName}. Use --allow-mismatching-ca to allow this by adding remote CAs to the CA bundle`,
				);
			}
			ctx.io.stdout('⚠️ Cilium CA certificates do not match between clusters. Multicluster features will be limited!\n');
		}
		if (!remote.cilium) throw new CliError(`${what}: release: not found`);
		planned.push({cluster: remote, name: remoteInfo.clusterName, tls: !match});
	}
	const localContext = `kind-${local.name}`;
	ctx.io.stdout(`ℹ️ Configuring Cilium in cluster ${localContext} to connect to cluster ${planned.map((p) => `kind-${p.cluster.name}`).join(',')}\n`);
	addPeers(ctx, local, planned.map((p) => ({name: p.name, kindCluster: p.cluster.name, tls: p.tls})));
	if (mode !== 'unicast') {
		for (const p of planned) {
			const others = mode === 'mesh' ? [localContext, ...planned.filter((o) => o !== p).map((o) => `kind-${o.cluster.name}`)] : [localContext];
			ctx.io.stdout(`ℹ️ Configuring Cilium in cluster kind-${p.cluster.name} to connect to cluster ${others.join(',')}\n`);
			const peers = [{name: localInfo.clusterName, kindCluster: local.name, tls: p.tls}];
			if (mode === 'mesh') for (const o of planned) if (o !== p) peers.push({name: o.name, kindCluster: o.cluster.name, tls: o.tls});
			addPeers(ctx, p.cluster, peers);
		}
	}
	const arrow = mode === 'unicast' ? '=>' : '<=>';
	if (mode === 'mesh') ctx.io.stdout(`✅ Connected clusters ${planned.map((p) => `kind-${p.cluster.name}`).join(', ')}, and ${localContext}!\n`);
	else for (const p of planned) ctx.io.stdout(`✅ Connected cluster ${localContext} ${arrow} kind-${p.cluster.name}!\n`);
	return ok;
}

function addPeers(ctx: ProgramContext, cluster: ClusterState, peers: MeshPeer[]): void {
	const release = cluster.cilium;
	if (!release) return;
	const kept = release.peers.filter((p) => !peers.some((n) => n.name === p.name));
	revise(ctx, cluster, release, {peers: [...kept, ...peers]});
}

function disconnect(ctx: ProgramContext, local: ClusterState, remotes: ClusterState[], mode: string): ProgramResult {
	const localName = agentSettings(local)?.clusterName;
	const remoteNames = remotes.map((r) => agentSettings(r)?.clusterName ?? '');
	ctx.io.stdout(`ℹ️ Configuring Cilium in cluster kind-${local.name} to disconnect from cluster ${remotes.map((r) => `kind-${r.name}`).join(',')}\n`);
	removePeers(ctx, local, remoteNames);
	if (mode !== 'unicast') {
		for (const remote of remotes) {
			ctx.io.stdout(`ℹ️ Configuring Cilium in cluster kind-${remote.name} to disconnect from cluster kind-${local.name}\n`);
			removePeers(ctx, remote, localName ? [localName] : []);
		}
	}
	const arrow = mode === 'unicast' ? 'x>' : '<x>';
	for (const remote of remotes) ctx.io.stdout(`✅ Disconnected clusters kind-${local.name} ${arrow} kind-${remote.name}!\n`);
	return ok;
}

function removePeers(ctx: ProgramContext, cluster: ClusterState, names: string[]): void {
	const release = cluster.cilium;
	if (!release) return;
	revise(ctx, cluster, release, {peers: release.peers.filter((p) => !names.includes(p.name))});
}

/** Lists policies whose meaning depends on policy-default-local-cluster (peers that name no cluster). */
function meshInspect(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {'all-namespaces': {type: 'bool', short: 'A'}, output: {type: 'string', short: 'o'}});
	const cluster = clusterFor(ctx, flags, 'Unable to inspect policy default local cluster');
	if (!agentSettings(cluster)) throw new CliError('Unable to parse Cilium configuration: unable to get Cilium configuration: configmaps "cilium-config" not found');
	const namespace = flagBool(flags, 'all-namespaces') ? undefined : (flagString(flags, 'namespace') ?? 'default');
	const sections = localClusterDefaultReport(cluster, namespace);
	if (flagString(flags, 'output') === 'json') {
		// Go's encoding/json with `omitempty` leaves empty maps out.
		const nonEmpty = Object.fromEntries(Object.entries(sections).filter(([, entries]) => Object.keys(entries).length > 0));
		ctx.io.stdout(`${JSON.stringify(nonEmpty, null, 1)}\n`);
		return ok;
	}
	const block = (name: string, entries: Record<string, boolean>) => {
		const affected = Object.values(entries).filter(Boolean).length;
		const total = Object.keys(entries).length;
		const lines = [`${affected > 0 ? '⚠️' : '✅'} ${name} ${total - affected}/${total}`];
		for (const [key, diff] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) lines.push(`\t${diff ? '⚠️' : '✅'} ${key}`);
		return lines.join('\n');
	};
	ctx.io.stdout(
		`${[block('CiliumNetworkPolicy', sections.ciliumNetworkPolicies), block('CiliumClusterWideNetworkPolicy', sections.ciliumClusterWideNetworkPolicies), block('NetworkPolicy', sections.networkPolicies)].join('\n\n')}\n`,
	);
	return ok;
}

/**
 * `cilium encryption status`: asks every agent (`cilium encrypt status -o json` in each pod) and
 * sums up per mode (cilium-cli encrypt/status.go `clusterStatus.printStatus`, model.go).
 */
function encryptionStatus(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = flagsFor(argv, {
		output: {type: 'string', short: 'o'},
		node: {type: 'string'},
		'per-node-details': {type: 'bool'},
		'wait-duration': {type: 'string'},
	});
	const what = 'Unable to get encryption status';
	const cluster = clusterFor(ctx, flags, what);
	const node = flagString(flags, 'node');
	const nodes = agentNodes(cluster).filter((n) => node === undefined || n === node);
	// Inferred wording: the CLI finds no agent pod to ask.
	if (nodes.length === 0) throw new CliError(`${what}: no Cilium agent pods found${node === undefined ? '' : ` on node ${node}`}`);
	const statuses = nodes.map((n) => nodeEncryption(ctx.state, cluster, n));
	const json = flagString(flags, 'output') === 'json';
	if (flagBool(flags, 'per-node-details')) {
		for (const s of statuses) ctx.io.stdout(json ? `${JSON.stringify(encryptStatusModel(s), null, 1)}\n` : `Node: ${s.node}\nEncryption: ${s.mode}\n\n`);
		return ok;
	}
	const count = (mode: string) => statuses.filter((s) => s.mode === mode).length;
	const total = statuses.length;
	if (json) {
		const summary = {'total-node-count': total, 'enc-disabled-node-count': count('Disabled') || undefined, 'enc-wireguard-node-count': count('Wireguard') || undefined};
		ctx.io.stdout(`${JSON.stringify(summary, null, 1)}\n`);
		return ok;
	}
	const lines = [count('Disabled') > 0 ? `Encryption: Disabled (${count('Disabled')}/${total} nodes)` : '', count('Wireguard') > 0 ? `Encryption: Wireguard (${count('Wireguard')}/${total} nodes)` : ''];
	// The summary is printed with fmt.Println after its own newline: a blank line ends it.
	ctx.io.stdout(`${lines.filter(Boolean).join('\n')}\n\n`);
	return ok;
}
