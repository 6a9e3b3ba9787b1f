import {VERSIONS} from '../../../core/versions.js';

/**
 * What the lab's images contain, as far as the simulator models them. A command an image is known
 * to lack fails like the real shell (`not found`, 127); anything the simulator does not model at
 * all is refused as unsupported instead of pretending.
 */
export interface ImageProfile {
	readonly name: string;
	/** Programs the simulator runs in this image. */
	readonly commands: ReadonlySet<string>;
	/** Programs known to be absent from the image. */
	readonly absent: ReadonlySet<string>;
	/** curl's version, for its User-Agent and wording. */
	readonly curlVersion: string | null;
}

const SHELL = ['sh', 'bash', 'echo', 'printf', 'true', 'false', ':', 'exit', 'wait', 'export', 'test', '[', 'seq', 'sleep', 'cat', 'hostname', 'head', 'wc', 'grep', 'base64'];

const PROFILES: readonly {match: RegExp; profile: ImageProfile}[] = [
	{
		// cilium/json-mock v1.3.9+ (node slim, Debian): curl, iproute2, dnsutils (cilium-facts §4).
		match: /json-mock/,
		profile: {name: 'json-mock', commands: new Set([...SHELL, 'curl', 'getent', 'nslookup']), absent: new Set(['wget', 'ping']), curlVersion: VERSIONS.toolOutputs.curlXWing},
	},
	{
		// nginx (Debian bookworm): curl is installed, DNS tools are not.
		match: /(^|\/)nginx[:@]/,
		profile: {name: 'nginx', commands: new Set([...SHELL, 'curl', 'getent']), absent: new Set(['nslookup', 'dig', 'wget', 'ping']), curlVersion: VERSIONS.toolOutputs.curlRebelBase},
	},
	{
		match: /quay\.io\/cilium\/cilium:/,
		// The agent image ships the hubble CLI next to cilium-dbg (cilium-facts §5).
		profile: {name: 'cilium', commands: new Set([...SHELL, 'cilium-dbg', 'cilium', 'cilium-health', 'hubble']), absent: new Set(['curl', 'wget']), curlVersion: null},
	},
];

export function imageProfile(image: string): ImageProfile | null {
	return PROFILES.find((p) => p.match.test(image))?.profile ?? null;
}
