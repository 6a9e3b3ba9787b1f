import {Buffer} from 'node:buffer';
import {VERSIONS} from '../../../core/versions.js';
import {meshNodes, renderAgentStatus, renderHealthStatus, renderNodeList} from '../cilium/agent-view.js';
import {encryptStatusModel, nodeEncryption, renderEncryptStatus} from '../cilium/encryption.js';
import {nginxDocuments, resolve, RESOLVER_ATTEMPT_MS, type Net} from '../datapath/network.js';
import {serviceAnnotations, serviceBackends, servicePorts} from '../datapath/services.js';
import {FlagError, flagString, parseFlags} from '../flags.js';
import {parseGrep, runGrep} from '../grep.js';
import {field, listObjects} from '../kube/objects.js';
import {UnsupportedFeature} from '../shell/host.js';
import {byteOrder, tabwrite} from '../tabwriter.js';
import {runCurl} from './curl.js';
import {hubble} from './hubble.js';
import {kubeDnsIp, type Shell, type ShellIo} from './shell.js';

/** The programs the simulator runs inside containers. Each returns its exit status. */

type Tool = (shell: Shell, args: readonly string[], io: ShellIo) => number;

function notFound(shell: Shell, name: string, io: ShellIo): number {
	io.err(shell.dialect === 'sh' ? `sh: 1: ${name}: not found\n` : `bash: line 1: ${name}: command not found\n`);
	return 127;
}

export function runTool(shell: Shell, rawName: string, args: readonly string[], io: ShellIo): number {
	const name = rawName.includes('/') ? (rawName.split('/').pop() ?? rawName) : rawName;
	const {profile} = shell.container;
	if (profile.absent.has(name)) return notFound(shell, rawName, io);
	const tool = TOOLS[name];
	if (!tool || !profile.commands.has(name)) throw new UnsupportedFeature(`"${rawName}" inside the ${profile.name} container`);
	return tool(shell, args, io);
}

const escapes = (text: string) =>
	text.replace(/\\(n|t|r|\\|c)/g, (_m, c: string) => ({n: '\n', t: '\t', r: '\r', '\\': '\\', c: ''})[c] ?? c);

const echo: Tool = (shell, args, io) => {
	let rest = [...args];
	let newline = true;
	let interpret = shell.dialect === 'sh';
	while (rest[0] && /^-[neE]+$/.test(rest[0]) && (shell.dialect === 'bash' || rest[0] === '-n')) {
		const flag = rest[0];
		if (flag.includes('n')) newline = false;
		if (flag.includes('e')) interpret = true;
		if (flag.includes('E')) interpret = false;
		rest = rest.slice(1);
	}
	const text = rest.join(' ');
	io.out((interpret ? escapes(text) : text) + (newline ? '\n' : ''));
	return 0;
};

const printf: Tool = (_shell, args, io) => {
	const [format, ...values] = args;
	if (format === undefined) {
		io.err('printf: usage: printf format [arguments]\n');
		return 2;
	}
	let queue = [...values];
	do {
		let used = 0;
		io.out(
			escapes(
				format.replace(/%([-0-9]*)([sdbc%])/g, (_m, width: string, conv: string) => {
					if (conv === '%') return '%';
					const value = queue[used++] ?? '';
					const text = conv === 'd' ? String(Number.parseInt(value, 10) || 0) : conv === 'b' ? escapes(value) : conv === 'c' ? value.charAt(0) : value;
					const w = Number(width.replace('-', '')) || 0;
					return width.startsWith('-') ? text.padEnd(w) : text.padStart(w);
				}),
			),
		);
		queue = queue.slice(Math.max(used, 1));
		if (used === 0) break;
	} while (queue.length > 0);
	return 0;
};

const seq: Tool = (_shell, args, io) => {
	const nums = args.filter((a) => !a.startsWith('-') || /^-\d/.test(a)).map(Number);
	if (nums.length === 0 || nums.some((n) => !Number.isFinite(n))) {
		io.err(`seq: invalid floating point argument: '${args.find((a) => !Number.isFinite(Number(a))) ?? ''}'\n`);
		return 1;
	}
	const [first, step, last] = nums.length === 1 ? [1, 1, nums[0] ?? 1] : nums.length === 2 ? [nums[0] ?? 1, 1, nums[1] ?? 1] : [nums[0] ?? 1, nums[1] ?? 1, nums[2] ?? 1];
	const out: string[] = [];
	for (let n = first; step > 0 ? n <= last : n >= last; n += step) {
		out.push(String(n));
		if (out.length > 100_000 || step === 0) break;
	}
	if (out.length > 0) io.out(`${out.join('\n')}\n`);
	return 0;
};

const cat: Tool = (shell, args, io) => {
	const files = args.filter((a) => a !== '-' && !a.startsWith('-'));
	if (files.length === 0) {
		io.out(io.stdin);
		return 0;
	}
	let status = 0;
	for (const file of files) {
		const content = shell.readFile(file) ?? nginxFile(shell, file);
		if (content === null) {
			io.err(`cat: ${file}: No such file or directory\n`);
			status = 1;
		} else io.out(content);
	}
	return status;
};

function nginxFile(shell: Shell, file: string): string | null {
	const root = '/usr/share/nginx/html';
	if (shell.container.profile.name !== 'nginx' || !file.startsWith(`${root}/`)) return null;
	const {cluster, pod} = shell.container.endpoint;
	return nginxDocuments(cluster, pod).get(file.slice(root.length)) ?? null;
}

function readInput(shell: Shell, files: readonly string[], io: ShellIo, tool: string): string | null {
	if (files.length === 0) return io.stdin;
	let text = '';
	for (const f of files) {
		const content = shell.readFile(f) ?? nginxFile(shell, f);
		if (content === null) {
			io.err(`${tool}: ${f}: No such file or directory\n`);
			return null;
		}
		text += content;
	}
	return text;
}

function lines(text: string): string[] {
	const all = text.split('\n');
	if (all[all.length - 1] === '') all.pop();
	return all;
}

const head: Tool = (shell, args, io) => {
	let count = 10;
	const files: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i] as string;
		if (a === '-n') count = Number(args[++i]);
		else if (/^-n?\d+$/.test(a)) count = Number(a.replace(/^-n?/, ''));
		else files.push(a);
	}
	const text = readInput(shell, files, io, 'head');
	if (text === null) return 1;
	const selected = lines(text).slice(0, count);
	if (selected.length > 0) io.out(`${selected.join('\n')}\n`);
	return 0;
};

const wc: Tool = (shell, args, io) => {
	const flags = args.filter((a) => a.startsWith('-')).join('');
	const text = readInput(shell, args.filter((a) => !a.startsWith('-')), io, 'wc');
	if (text === null) return 1;
	const counts = {l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: Buffer.byteLength(text)};
	const wanted = (['l', 'w', 'c'] as const).filter((k) => flags.includes(k));
	io.out(`${(wanted.length > 0 ? wanted : (['l', 'w', 'c'] as const)).map((k) => counts[k]).join(' ')}\n`);
	return 0;
};

const grep: Tool = (shell, args, io) => {
	const command = parseGrep(args);
	if ('usage' in command) {
		io.err(command.usage);
		return 2;
	}
	const text = readInput(shell, command.files, io, 'grep');
	if (text === null) return 2;
	const {out, status} = runGrep(command, text);
	io.out(out);
	return status;
};

const base64: Tool = (shell, args, io) => {
	const decode = args.includes('-d') || args.includes('--decode');
	const text = readInput(shell, args.filter((a) => !a.startsWith('-')), io, 'base64');
	if (text === null) return 1;
	if (decode) io.out(Buffer.from(text, 'base64').toString('utf8'));
	else {
		const encoded = Buffer.from(text).toString('base64');
		io.out(args.includes('-w0') ? encoded : `${(encoded.match(/.{1,76}/g) ?? ['']).join('\n')}\n`);
	}
	return 0;
};

const test: Tool = (shell, rawArgs) => {
	const args = rawArgs[rawArgs.length - 1] === ']' ? rawArgs.slice(0, -1) : [...rawArgs];
	const evaluate = (a: readonly string[]): boolean => {
		if (a[0] === '!') return !evaluate(a.slice(1));
		if (a.length === 0) return false;
		if (a.length === 1) return (a[0] ?? '') !== '';
		if (a.length === 2) {
			const [op, v = ''] = a;
			if (op === '-z') return v === '';
			if (op === '-n') return v !== '';
			if (op === '-f' || op === '-e') return shell.readFile(v) !== null;
			throw new UnsupportedFeature(`test ${op}`);
		}
		const [l = '', op, r = ''] = a;
		switch (op) {
			case '=':
			case '==':
				return l === r;
			case '!=':
				return l !== r;
			case '-eq':
				return Number(l) === Number(r);
			case '-ne':
				return Number(l) !== Number(r);
			case '-lt':
				return Number(l) < Number(r);
			case '-le':
				return Number(l) <= Number(r);
			case '-gt':
				return Number(l) > Number(r);
			case '-ge':
				return Number(l) >= Number(r);
		}
		throw new UnsupportedFeature(`test expression "${a.join(' ')}"`);
	};
	return evaluate(args) ? 0 : 1;
};

/** Sleeping is instant, but its time counts on the command's clock (it dates Hubble's flows). */
const sleep: Tool = (shell, args) => {
	const seconds = args.reduce((sum, a) => {
		const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(a);
		return sum + (m ? Number(m[1]) * ({s: 1, m: 60, h: 3600}[m[2] || 's'] ?? 1) : 0);
	}, 0);
	shell.container.net.clock.elapsedMs += seconds * 1000;
	return 0;
};

const hostname: Tool = (shell, args, io) => {
	const {endpoint} = shell.container;
	io.out(`${args.includes('-i') ? endpoint.ip : endpoint.pod.metadata.name}\n`);
	return 0;
};

/** DNS lookups give up after the resolver's timeouts (5 s, 2 attempts). */
const RESOLVER_TIMEOUT_MS = 2 * RESOLVER_ATTEMPT_MS;

/** Resolves like the pod's libc, spending the resolver's timeout on the command's clock when nobody answers. */
function lookup(shell: Shell, name: string) {
	const {net, endpoint} = shell.container;
	const r = resolve(net, endpoint, name, RESOLVER_TIMEOUT_MS);
	net.clock.elapsedMs += r.kind === 'timeout' ? RESOLVER_TIMEOUT_MS : 1;
	return r;
}

const getent: Tool = (shell, args, io) => {
	const [database, ...keys] = args;
	if (database !== 'hosts' && database !== 'ahosts') throw new UnsupportedFeature(`getent ${database ?? ''}`);
	let status = 0;
	for (const key of keys) {
		const r = lookup(shell, key);
		if (r.kind !== 'address') {
			status = 2;
			continue;
		}
		io.out(database === 'hosts' ? `${r.ip.padEnd(15)} ${r.name}\n` : `${r.ip.padEnd(15)} STREAM ${r.name}\n${r.ip.padEnd(15)} DGRAM  \n${r.ip.padEnd(15)} RAW    \n`);
	}
	return keys.length === 0 ? 1 : status;
};

const nslookup: Tool = (shell, args, io) => {
	const name = args.find((a) => !a.startsWith('-'));
	if (name === undefined) throw new UnsupportedFeature('interactive nslookup');
	const server = kubeDnsIp(shell.container);
	const r = lookup(shell, name);
	if (r.kind === 'timeout') {
		io.out(';; connection timed out; no servers could be reached\n\n');
		return 1;
	}
	const header = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
	if (r.kind === 'nxdomain') {
		io.out(`${header}** server can't find ${name}: NXDOMAIN\n\n`);
		return 1;
	}
	io.out(`${header}Name:\t${r.name}\nAddress: ${r.ip}\n\n`);
	return 0;
};

const curl: Tool = (shell, args, io) =>
	runCurl(shell.container.net, shell.container.endpoint, shell.container.profile.curlVersion ?? VERSIONS.toolOutputs.curlXWing, args, {
		stdout: io.out,
		stderr: io.err,
		writeFile: (path, content) => {
			if (path !== '/dev/null') shell.files.set(path, content);
		},
	});

/**
 * `cilium-dbg service list [--clustermesh-affinity]`: the agent's load-balancing table, sorted by
 * frontend (cilium-dbg/cmd/service_list.go); with the flag, backends the affinity prefers are marked.
 */
function serviceList(shell: Shell, affinity: boolean): string {
	const {net, endpoint} = shell.container;
	const services: {id: string; type: string; backends: string[]}[] = [];
	for (const svc of listObjects(endpoint.cluster, 'Service')) {
		const spec = field(svc, 'spec');
		if (spec.clusterIP === 'None') continue;
		const annotations = serviceAnnotations(svc);
		for (const port of servicePorts(svc)) {
			const set = serviceBackends(net.state, endpoint.cluster, svc, port);
			const all = annotations.global ? [...set.local, ...set.remote] : set.local;
			const preferred = new Set(annotations.affinity === 'none' ? [] : set.selected);
			services.push({
				id: `${String(spec.clusterIP)}:${port.port}/${port.protocol}`,
				type: String(spec.type ?? 'ClusterIP'),
				backends: all.map((b, i) => `${i + 1} => ${b.endpoint.ip}:${b.port}/${port.protocol} (active)${affinity && preferred.has(b) ? ' (preferred)' : ''}`),
			});
		}
	}
	services.sort((a, b) => byteOrder(a.id, b.id));
	const rows: string[][] = [['Frontend', 'Service Type', 'Backend', '']];
	for (const service of services) {
		rows.push([service.id, service.type, service.backends[0] ?? '', '']);
		for (const extra of service.backends.slice(1)) rows.push(['', '', extra, '']);
	}
	return `${tabwrite(rows, 3, 5).join('\n')}\n`;
}

const ciliumDbg: Tool = (shell, args, io) => {
	const [sub, verb] = args;
	const {net, endpoint} = shell.container;
	const rest = args.slice(2);
	const plain = (words: readonly string[]) => words.every((w) => w === '--clustermesh-affinity');
	if (sub === 'service' && (verb === 'list' || verb === 'ls') && plain(rest)) {
		io.out(serviceList(shell, rest.includes('--clustermesh-affinity')));
		return 0;
	}
	if (sub === 'status' && args.length === 1) {
		io.out(renderAgentStatus(net.state, endpoint.cluster, endpoint.node, probeTime(net)));
		return 0;
	}
	if (sub === 'node' && (verb === 'list' || verb === 'ls') && rest.length === 0) {
		io.out(renderNodeList(meshNodes(net.state, endpoint.cluster, endpoint.node)));
		return 0;
	}
	if (sub === 'encrypt' && verb === 'status') {
		const refused = new UnsupportedFeature(`cilium-dbg encrypt status ${args.slice(2).join(' ')}`);
		let output: string | undefined;
		try {
			const flags = parseFlags(args.slice(2), {output: {type: 'string', short: 'o'}});
			if (flags.args.length > 0) throw refused;
			output = flagString(flags, 'output');
		} catch (error) {
			throw error instanceof FlagError ? refused : error;
		}
		if (output !== undefined && output !== 'json') throw refused;
		const status = nodeEncryption(net.state, endpoint.cluster, endpoint.node);
		// command.PrintOutput indents JSON by two spaces.
		io.out(output === 'json' ? `${JSON.stringify(encryptStatusModel(status), null, 2)}\n` : renderEncryptStatus(status));
		return 0;
	}
	throw new UnsupportedFeature(`cilium-dbg ${args.filter((a) => !a.startsWith('-')).join(' ')}`.trim());
};

/** `cilium-health status`: the agent's probes of every node it knows, remote clusters included. */
const ciliumHealth: Tool = (shell, args, io) => {
	if (args.length !== 1 || (args[0] !== 'status' && args[0] !== 'connectivity')) throw new UnsupportedFeature(`cilium-health ${args.join(' ')}`.trim());
	const {net, endpoint} = shell.container;
	io.out(renderHealthStatus(meshNodes(net.state, endpoint.cluster, endpoint.node), probeTime(net)));
	return 0;
};

/** The agents probe continuously; their latest round is a few seconds old. */
function probeTime(net: Net): Date {
	return new Date(net.env.now.getTime() + net.clock.elapsedMs - 20_000);
}

const TOOLS: Readonly<Record<string, Tool>> = {
	echo,
	printf,
	true: () => 0,
	false: () => 1,
	test,
	'[': test,
	seq,
	sleep,
	cat,
	head,
	wc,
	grep,
	base64,
	hostname,
	getent,
	nslookup,
	curl,
	'cilium-dbg': ciliumDbg,
	'cilium-health': ciliumHealth,
	cilium: ciliumDbg,
	hubble,
};
