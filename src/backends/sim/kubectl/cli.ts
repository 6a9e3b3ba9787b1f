import {VERSIONS} from '../../../core/versions.js';
import {availableContexts, failed, resolveContext, type ProgramContext, type ProgramResult} from '../context.js';
import {FlagError, flagBool, flagSet, flagString, parseFlags, type FlagSpecs} from '../flags.js';
import {nodeVersion} from '../kind/bootstrap.js';
import {UnsupportedFeature} from '../shell/host.js';
import {tabwrite} from '../tabwriter.js';
import {apply, createFromFiles, createImperative, replace} from './apply.js';
import {connect, GLOBAL_FLAGS, helpLine, isKube, KubectlError, type Kube} from './common.js';
import {describe} from './describe.js';
import {exec, run} from './exec.js';
import {get} from './get.js';
import {remove, rollout, scale, setMetadata, wait} from './mutate.js';
import {logs} from './logs.js';
import {patch} from './patch.js';

/** kubectl v1.33 for the commands the lessons use; everything else is refused as unsupported. */

const FILES: FlagSpecs = {filename: {type: 'strings', short: 'f'}, recursive: {type: 'bool', short: 'R'}, kustomize: {type: 'string', short: 'k'}};
const DRY: FlagSpecs = {'dry-run': {type: 'string'}, output: {type: 'string', short: 'o'}, validate: {type: 'string'}, 'field-manager': {type: 'string'}};
const SELECT: FlagSpecs = {selector: {type: 'string', short: 'l'}, 'all-namespaces': {type: 'bool', short: 'A'}, all: {type: 'bool'}};

interface CommandSpec {
	readonly flags: FlagSpecs;
	readonly handler: (kube: Kube, args: readonly string[]) => ProgramResult;
}

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
	apply: {flags: {...FILES, ...DRY, 'server-side': {type: 'bool'}, force: {type: 'bool'}, prune: {type: 'bool'}, overwrite: {type: 'bool'}}, handler: (k) => apply(k)},
	create: {
		flags: {...FILES, ...DRY, 'save-config': {type: 'bool'}, image: {type: 'string'}, replicas: {type: 'int', short: 'r'}, 'from-literal': {type: 'strings'}, port: {type: 'int'}},
		handler: (k, args) => (flagSet(k.flags, 'filename') ? createFromFiles(k) : createImperative(k, args[0] ?? '', args.slice(1))),
	},
	replace: {flags: {...FILES, ...DRY, force: {type: 'bool'}, 'grace-period': {type: 'int'}}, handler: (k) => replace(k)},
	delete: {
		flags: {...FILES, ...SELECT, 'ignore-not-found': {type: 'bool'}, wait: {type: 'bool'}, 'grace-period': {type: 'int'}, force: {type: 'bool'}, now: {type: 'bool'}, timeout: {type: 'string'}, cascade: {type: 'string'}, output: {type: 'string', short: 'o'}},
		handler: remove,
	},
	get: {
		flags: {...SELECT, output: {type: 'string', short: 'o'}, 'show-labels': {type: 'bool'}, watch: {type: 'bool', short: 'w'}, 'no-headers': {type: 'bool'}, 'ignore-not-found': {type: 'bool'}, 'sort-by': {type: 'string'}, 'label-columns': {type: 'strings', short: 'L'}},
		handler: get,
	},
	describe: {flags: {...SELECT, 'show-events': {type: 'bool'}}, handler: describe},
	annotate: {flags: {...SELECT, overwrite: {type: 'bool'}, output: {type: 'string', short: 'o'}, 'resource-version': {type: 'string'}}, handler: (k, a) => setMetadata(k, a, 'annotations')},
	label: {flags: {...SELECT, overwrite: {type: 'bool'}, output: {type: 'string', short: 'o'}, 'resource-version': {type: 'string'}}, handler: (k, a) => setMetadata(k, a, 'labels')},
	logs: {
		flags: {
			container: {type: 'string', short: 'c'},
			tail: {type: 'int'},
			follow: {type: 'bool', short: 'f'},
			since: {type: 'string'},
			'since-time': {type: 'string'},
			previous: {type: 'bool', short: 'p'},
			timestamps: {type: 'bool'},
			'all-containers': {type: 'bool'},
			'all-pods': {type: 'bool'},
			selector: {type: 'string', short: 'l'},
			prefix: {type: 'bool'},
			'limit-bytes': {type: 'int'},
			'ignore-errors': {type: 'bool'},
			'max-log-requests': {type: 'int'},
			'pod-running-timeout': {type: 'string'},
		},
		handler: logs,
	},
	patch: {
		flags: {...FILES, ...DRY, patch: {type: 'string', short: 'p'}, 'patch-file': {type: 'string'}, type: {type: 'string'}, subresource: {type: 'string'}, local: {type: 'bool'}},
		handler: patch,
	},
	scale: {flags: {...SELECT, replicas: {type: 'int'}, 'current-replicas': {type: 'int'}, timeout: {type: 'string'}, output: {type: 'string', short: 'o'}}, handler: scale},
	rollout: {flags: {timeout: {type: 'string'}, watch: {type: 'bool', short: 'w'}, revision: {type: 'int'}}, handler: rollout},
	wait: {flags: {...SELECT, for: {type: 'string'}, timeout: {type: 'string'}}, handler: wait},
	exec: {flags: {stdin: {type: 'bool', short: 'i'}, tty: {type: 'bool', short: 't'}, container: {type: 'string', short: 'c'}, quiet: {type: 'bool', short: 'q'}, 'pod-running-timeout': {type: 'string'}}, handler: exec},
	run: {
		flags: {
			image: {type: 'string'},
			labels: {type: 'strings', short: 'l'},
			restart: {type: 'string'},
			rm: {type: 'bool'},
			stdin: {type: 'bool', short: 'i'},
			tty: {type: 'bool', short: 't'},
			attach: {type: 'bool'},
			command: {type: 'bool'},
			env: {type: 'strings'},
			port: {type: 'string'},
			overrides: {type: 'string'},
			'image-pull-policy': {type: 'string'},
			quiet: {type: 'bool', short: 'q'},
			'pod-running-timeout': {type: 'string'},
		},
		handler: run,
	},
};

/** Global flags take a value unless boolean; they may come before the subcommand. */
function splitCommand(argv: readonly string[]): {command: string | undefined; rest: string[]} {
	const rest: string[] = [];
	let command: string | undefined;
	const byShort = new Map(Object.entries(GLOBAL_FLAGS).flatMap(([n, s]) => (s.short ? [[s.short, n] as const] : [])));
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (command !== undefined) {
			rest.push(arg);
			continue;
		}
		if (arg.startsWith('--')) {
			const name = arg.slice(2).split('=')[0] ?? '';
			const spec = GLOBAL_FLAGS[name];
			if (!spec) throw new FlagError(`unknown flag: --${name}`);
			rest.push(arg);
			if (!arg.includes('=') && spec.type !== 'bool' && argv[i + 1] !== undefined) rest.push(argv[++i] as string);
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) {
			const name = byShort.get(arg[1] as string);
			if (!name) throw new FlagError(`unknown shorthand flag: '${arg[1] ?? ''}' in ${arg}`);
			rest.push(arg);
			if (arg.length === 2 && argv[i + 1] !== undefined) rest.push(argv[++i] as string);
			continue;
		}
		command = arg;
	}
	return {command, rest};
}

export function runKubectl(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	let command: string | undefined;
	let rest: string[];
	try {
		({command, rest} = splitCommand(argv));
	} catch (error) {
		if (error instanceof FlagError) return failed(ctx.io, `error: ${error.message}\nSee 'kubectl --help' for usage.`);
		throw error;
	}
	if (command === undefined) throw new UnsupportedFeature('kubectl without a subcommand');
	// Own properties only: `kubectl constructor` names no command.
	const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
	const other = Object.hasOwn(OTHER_COMMANDS, command) ? OTHER_COMMANDS[command] : undefined;
	try {
		if (other) return other(ctx, rest);
		if (!spec) {
			if (/^[a-z-]+$/.test(command)) throw new UnsupportedFeature(`kubectl ${command}`);
			return failed(ctx.io, `error: unknown command "${command}" for "kubectl"\n\nRun 'kubectl --help' for usage.`);
		}
		const flags = parseFlags(rest, {...GLOBAL_FLAGS, ...spec.flags});
		if (flagSet(flags, 'kustomize')) throw new UnsupportedFeature('kubectl -k (kustomize)');
		if (flagString(flags, 'dry-run') !== undefined && flagString(flags, 'dry-run') !== 'none') throw new UnsupportedFeature('kubectl --dry-run');
		if (flagBool(flags, 'server-side') || flagBool(flags, 'prune')) throw new UnsupportedFeature(`kubectl ${command} --${flagBool(flags, 'prune') ? 'prune' : 'server-side'}`);
		const kube = connect(ctx, flags, command);
		if (!isKube(kube)) return kube;
		return spec.handler(kube, flags.args);
	} catch (error) {
		if (error instanceof FlagError) return failed(ctx.io, `error: ${error.message}\n${helpLine(command)}`);
		if (error instanceof KubectlError) return failed(ctx.io, error.message, error.exitCode);
		throw error;
	}
}

function config(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, {
		...GLOBAL_FLAGS,
		output: {type: 'string', short: 'o'},
		// `config view`'s flags, so it is refused as unmodelled rather than as a usage error.
		raw: {type: 'bool'},
		minify: {type: 'bool'},
		flatten: {type: 'bool'},
	});
	const [verb] = flags.args;
	const contexts = availableContexts(ctx);
	const current = ctx.target === 'lab' ? undefined : contexts[0];
	switch (verb) {
		case 'current-context':
			if (!current) return failed(ctx.io, 'error: current-context is not set');
			ctx.io.stdout(`${current}\n`);
			return {exitCode: 0};
		case 'get-contexts': {
			const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...contexts.map((c) => [c === current ? '*' : '', c, c, c, ''])];
			ctx.io.stdout(`${tabwrite(rows, 3, 6).join('\n')}\n`);
			return {exitCode: 0};
		}
		case 'use-context':
		case 'set-context':
		case 'delete-context':
		case 'rename-context':
		case 'set-cluster':
		case 'set-credentials':
		case 'set':
		case 'unset':
			return failed(
				ctx.io,
				`error: clustermesh-tutor pins every command to its own lab context (${current ?? (contexts.join(', ') || 'none yet')}), so "kubectl config ${verb}" is disabled here; use --context to pick a cluster in lab-wide commands.`,
			);
		default:
			throw new UnsupportedFeature(`kubectl config ${verb ?? ''}`.trim());
	}
}

/** Subcommands outside the resource commands' flag table. */
const OTHER_COMMANDS: Readonly<Record<string, (ctx: ProgramContext, argv: readonly string[]) => ProgramResult>> = {
	config,
	version,
	'cluster-info': clusterInfo,
};

function version(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, {...GLOBAL_FLAGS, client: {type: 'bool'}, output: {type: 'string', short: 'o'}});
	ctx.io.stdout(`Client Version: v${VERSIONS.kubernetes}\nKustomize Version: v${VERSIONS.toolOutputs.kustomize}\n`);
	if (flagBool(flags, 'client')) return {exitCode: 0};
	const resolved = resolveContext(ctx, flagString(flags, 'context'));
	if (!resolved.ok) {
		return failed(ctx.io, resolved.reason === 'missing-context' ? `error: context "${resolved.context}" does not exist` : 'The connection to the server localhost:8080 was refused - did you specify the right host or port?');
	}
	ctx.io.stdout(`Server Version: ${nodeVersion(resolved.cluster.nodeImage)}\n`);
	return {exitCode: 0};
}

/** kind publishes each API server on a random localhost port; derive a stable one per cluster. */
function apiPort(name: string): number {
	let h = 0;
	for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 20000;
	return 35000 + h;
}

function clusterInfo(ctx: ProgramContext, argv: readonly string[]): ProgramResult {
	const flags = parseFlags(argv, GLOBAL_FLAGS);
	if (flags.args[0] === 'dump') throw new UnsupportedFeature('kubectl cluster-info dump');
	const kube = connect(ctx, flags, 'cluster-info');
	if (!isKube(kube)) return kube;
	const url = `https://127.0.0.1:${apiPort(kube.cluster.name)}`;
	ctx.io.stdout(
		`Kubernetes control plane is running at ${url}\nCoreDNS is running at ${url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
	);
	return {exitCode: 0};
}
