import {httpRequest, resolve, RESOLVER_ATTEMPT_MS, type HttpOutcome, type Net} from '../datapath/network.js';
import type {Endpoint} from '../datapath/endpoints.js';
import {randomIndex} from '../random.js';
import {UnsupportedFeature} from '../shell/host.js';

/** curl as the lab uses it inside a pod: one new connection per URL, real exit codes and messages. */

export interface CurlIo {
	stdout(text: string): void;
	stderr(text: string): void;
	writeFile(path: string, content: string): void;
}

interface CurlOptions {
	silent: boolean;
	showError: boolean;
	verbose: boolean;
	output: string | null;
	writeOut: string | null;
	method: string | null;
	maxTimeMs: number | null;
	connectTimeoutMs: number | null;
	head: boolean;
	include: boolean;
	fail: boolean;
	data: string | null;
	urls: string[];
}

const BOOL_SHORT: Record<string, keyof CurlOptions> = {s: 'silent', S: 'showError', v: 'verbose', I: 'head', i: 'include', f: 'fail'};
const VALUE_SHORT: Record<string, string> = {o: 'output', w: 'write-out', X: 'request', m: 'max-time', H: 'header', d: 'data', A: 'user-agent', u: 'user', e: 'referer', b: 'cookie'};
const BOOL_LONG: Record<string, keyof CurlOptions | null> = {
	silent: 'silent',
	'show-error': 'showError',
	verbose: 'verbose',
	head: 'head',
	include: 'include',
	fail: 'fail',
	location: null,
	insecure: null,
	'http1.1': null,
	ipv4: null,
	'no-progress-meter': null,
	compressed: null,
};
const VALUE_LONG = new Set(['output', 'write-out', 'request', 'max-time', 'connect-timeout', 'header', 'data', 'data-raw', 'user-agent', 'retry', 'referer', 'user', 'cookie']);
const IGNORED_SHORT = new Set(['L', 'k', '4', 'N']);

class CurlUsageError extends Error {}

function parseSeconds(text: string, flag: string): number {
	const n = Number(text);
	if (!Number.isFinite(n) || n < 0) throw new CurlUsageError(`curl: option ${flag}: expected a proper numerical parameter`);
	return Math.round(n * 1000);
}

function parseCurl(args: readonly string[]): CurlOptions {
	const o: CurlOptions = {silent: false, showError: false, verbose: false, output: null, writeOut: null, method: null, maxTimeMs: null, connectTimeoutMs: null, head: false, include: false, fail: false, data: null, urls: []};
	const setValue = (name: string, value: string, flag: string) => {
		switch (name) {
			case 'output':
				o.output = value;
				break;
			case 'write-out':
				o.writeOut = value;
				break;
			case 'request':
				o.method = value;
				break;
			case 'max-time':
				o.maxTimeMs = parseSeconds(value, flag);
				break;
			case 'connect-timeout':
				o.connectTimeoutMs = parseSeconds(value, flag);
				break;
			case 'data':
			case 'data-raw':
				o.data = value;
				break;
		}
	};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] as string;
		if (arg.startsWith('--')) {
			const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
			if (name in BOOL_LONG) {
				const key = BOOL_LONG[name];
				if (key) (o[key] as boolean) = true;
			} else if (VALUE_LONG.has(name)) {
				const value = inline ?? args[++i];
				if (value === undefined) throw new CurlUsageError(`curl: option ${arg}: requires parameter`);
				setValue(name, value, arg);
			} else throw new CurlUsageError(`curl: option ${arg}: is unknown`);
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) {
			for (let j = 1; j < arg.length; j++) {
				const letter = arg[j] as string;
				const bool = BOOL_SHORT[letter];
				if (bool) (o[bool] as boolean) = true;
				else if (IGNORED_SHORT.has(letter)) continue;
				else if (VALUE_SHORT[letter]) {
					const rest = arg.slice(j + 1);
					const value = rest || args[++i];
					if (value === undefined) throw new CurlUsageError(`curl: option -${letter}: requires parameter`);
					setValue(VALUE_SHORT[letter] as string, value, `-${letter}`);
					break;
				} else throw new CurlUsageError(`curl: option -${letter}: is unknown`);
			}
			continue;
		}
		o.urls.push(arg);
	}
	return o;
}

interface ParsedUrl {
	readonly host: string;
	readonly port: number;
	readonly path: string;
}

function parseUrl(text: string): ParsedUrl | string {
	const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d+))?([/?#].*)?$/.exec(text);
	if (!m) return `curl: (3) URL rejected: Malformed input to a URL function`;
	const scheme = (m[1] ?? 'http').toLowerCase();
	if (scheme === 'https') throw new UnsupportedFeature('curl https:// (TLS to pods is not modeled)');
	if (scheme !== 'http') return `curl: (1) Protocol "${scheme}" not supported`;
	if (!m[2]) return 'curl: (3) URL rejected: No host part in the URL';
	const path = m[4] && !m[4].startsWith('/') ? `/${m[4]}` : (m[4] ?? '/');
	return {host: m[2].toLowerCase(), port: Number(m[3] ?? 80), path};
}

function jitter(net: Net): number {
	return 1 + randomIndex(net.env.random, 20);
}

/** `-w`: the variables the lab uses, and curl's backslash escapes. */
function writeOut(format: string, status: number, ip: string, size: number): string {
	return format
		.replace(/%\{(http_code|response_code)\}/g, String(status).padStart(3, '0'))
		.replace(/%\{remote_ip\}/g, ip)
		.replace(/%\{size_download\}/g, String(size))
		.replace(/%\{time_total\}/g, '0.004521')
		.replace(/%\{[a-z_]+\}/g, '')
		.replace(/\\n/g, '\n')
		.replace(/\\t/g, '\t')
		.replace(/\\r/g, '\r');
}

function progressMeter(size: number): string {
	const header = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
	const pct = size > 0 ? '100' : '  0';
	const line = `${pct} ${String(size).padStart(5)}  ${pct} ${String(size).padStart(5)}    0     0  ${String(size * 100).padStart(5)}      0 --:--:-- --:--:-- --:--:-- ${String(size * 100).padStart(5)}`;
	return `${header}\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r${line}\n`;
}

/** Runs curl in `client`'s network namespace; returns curl's exit code. */
export function runCurl(net: Net, client: Endpoint, curlVersion: string, args: readonly string[], io: CurlIo): number {
	let options: CurlOptions;
	try {
		options = parseCurl(args);
	} catch (error) {
		if (error instanceof CurlUsageError) {
			io.stderr(`${error.message}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
			return 2;
		}
		throw error;
	}
	if (options.urls.length === 0) {
		io.stderr(`curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
		return 2;
	}
	let exit = 0;
	for (const url of options.urls) exit = fetchOne(net, client, curlVersion, options, url, io);
	return exit;
}

function fetchOne(net: Net, client: Endpoint, curlVersion: string, o: CurlOptions, url: string, io: CurlIo): number {
	const showErrors = !o.silent || o.showError;
	/** Time curl spent waiting, added to the command's virtual clock. */
	const waited = (ms: number) => {
		net.clock.elapsedMs += ms;
		return ms;
	};
	const fail = (code: number, message: string) => {
		if (!o.silent) io.stderr(progressMeter(0));
		if (showErrors) io.stderr(`curl: (${code}) ${message}\n`);
		if (o.writeOut !== null) io.stdout(writeOut(o.writeOut, 0, '', 0));
		return code;
	};
	const parsed = parseUrl(url);
	if (typeof parsed === 'string') {
		if (showErrors) io.stderr(`${parsed}\n`);
		return Number(/\((\d+)\)/.exec(parsed)?.[1] ?? 3);
	}
	// With neither --max-time nor --connect-timeout, a dropped SYN ends with the kernel's ~130 s of retries (inferred).
	const limitMs = Math.min(o.maxTimeMs ?? Infinity, o.connectTimeoutMs ?? Infinity);
	const timeoutMs = Number.isFinite(limitMs) ? limitMs : 130_000;
	const resolution = resolve(net, client, parsed.host, timeoutMs);
	if (resolution.kind === 'timeout') {
		// The resolver gives up after ~5 s per attempt; a shorter --max-time hits first (curl lib/multi.c).
		if (o.maxTimeMs !== null && o.maxTimeMs < RESOLVER_ATTEMPT_MS) return fail(28, `Resolving timed out after ${waited(o.maxTimeMs + jitter(net))} milliseconds`);
		waited(Math.min(timeoutMs, 2 * RESOLVER_ATTEMPT_MS));
		return fail(6, `Could not resolve host: ${parsed.host}`);
	}
	if (resolution.kind === 'nxdomain') {
		waited(2);
		return fail(6, `Could not resolve host: ${parsed.host}`);
	}
	const method = o.method ?? (o.head ? 'HEAD' : o.data !== null ? 'POST' : 'GET');
	if (o.verbose) {
		io.stderr(`* Host ${parsed.host}:${parsed.port} was resolved.\n* IPv4: ${resolution.ip}\n*   Trying ${resolution.ip}:${parsed.port}...\n`);
	}
	const outcome: HttpOutcome = httpRequest(net, client, resolution.ip, parsed.port, {method, path: parsed.path, host: parsed.host, userAgent: `curl/${curlVersion}`}, timeoutMs);
	if (outcome.kind === 'refused') return fail(7, `Failed to connect to ${parsed.host} port ${parsed.port} after ${waited(outcome.ip === '127.0.0.1' ? 0 : 1)} ms: Couldn't connect to server`);
	if (outcome.kind === 'dropped') {
		if (o.maxTimeMs !== null && (o.connectTimeoutMs === null || o.maxTimeMs <= o.connectTimeoutMs)) {
			return fail(28, `Connection timed out after ${waited(o.maxTimeMs + jitter(net))} milliseconds`);
		}
		if (o.connectTimeoutMs !== null) return fail(28, `Failed to connect to ${parsed.host} port ${parsed.port} after ${waited(o.connectTimeoutMs + jitter(net))} ms: Timeout was reached`);
		return fail(28, `Failed to connect to ${parsed.host} port ${parsed.port} after ${waited(timeoutMs + randomIndex(net.env.random, 900))} ms: Couldn't connect to server`);
	}
	const {response} = outcome;
	waited(3);
	if (o.verbose) {
		io.stderr(`* Connected to ${parsed.host} (${outcome.ip}) port ${parsed.port}\n* using HTTP/1.x\n> ${method} ${parsed.path} HTTP/1.1\n> Host: ${parsed.host}${parsed.port === 80 ? '' : `:${parsed.port}`}\n> User-Agent: curl/${curlVersion}\n> Accept: */*\n> \n`);
		io.stderr(`< HTTP/1.1 ${response.status} ${response.reason}\n${response.headers.map(([k, v]) => `< ${k}: ${v}\n`).join('')}< \n`);
	}
	if (o.fail && response.status >= 400) return fail(22, `The requested URL returned error: ${response.status}`);
	const head = `HTTP/1.1 ${response.status} ${response.reason}\r\n${response.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
	const content = (o.include || o.head ? head : '') + (o.head ? '' : response.body);
	if (!o.silent && !o.verbose) io.stderr(progressMeter(response.body.length));
	if (o.output !== null && o.output !== '-') io.writeFile(o.output, content);
	else io.stdout(content);
	if (o.verbose) io.stderr(`* Connection #0 to host ${parsed.host} left intact\n`);
	if (o.writeOut !== null) io.stdout(writeOut(o.writeOut, response.status, outcome.ip, response.body.length));
	return 0;
}
