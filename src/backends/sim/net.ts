/** IPv4 arithmetic for the simulator's address plans (pod CIDRs, service ranges, the kind network). */

export function ipToNumber(ip: string): number | null {
	const parts = ip.split('.');
	if (parts.length !== 4) return null;
	let n = 0;
	for (const p of parts) {
		if (!/^\d{1,3}$/.test(p)) return null;
		const v = Number(p);
		if (v > 255) return null;
		n = n * 256 + v;
	}
	return n;
}

export function numberToIp(n: number): string {
	return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export interface Cidr {
	readonly base: number;
	readonly bits: number;
}

export function parseCidr(cidr: string): Cidr | null {
	const [ip, bitsText] = cidr.split('/');
	const base = ipToNumber(ip ?? '');
	const bits = Number(bitsText);
	if (base === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return null;
	const size = 2 ** (32 - bits);
	return {base: base - (base % size), bits};
}

export function cidrSize(cidr: Cidr): number {
	return 2 ** (32 - cidr.bits);
}

/** The nth address of a range (0 is the network address). */
export function nthAddress(cidr: Cidr, n: number): string {
	return numberToIp(cidr.base + n);
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
	const n = ipToNumber(ip);
	return n !== null && n >= cidr.base && n < cidr.base + cidrSize(cidr);
}

/** The nth /24 inside a larger range: kind gives every node one of these as its podCIDR. */
export function subnet24(cidr: Cidr, index: number): string {
	return `${numberToIp(cidr.base + index * 256)}/24`;
}

export function isIpv4(text: string): boolean {
	return ipToNumber(text) !== null;
}
