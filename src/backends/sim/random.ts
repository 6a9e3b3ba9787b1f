import {randomInt} from 'node:crypto';
import {stableJson} from '../../core/stable-json.js';
import type {SimState} from './state.js';

/**
 * The lab's PRNG (mulberry32). Its state lives in SimState and advances on every draw, so a fixed
 * seed replays the same lab and two request loops in a row still differ.
 */
export type Random = () => number;

export function stateRandom(state: SimState, fallbackSeed?: number): Random {
	return () => {
		if (!state.random) {
			const seed = (fallbackSeed ?? randomInt(0, 2 ** 32 - 1)) >>> 0;
			state.random = {seed, state: seed};
		}
		const next = (state.random.state + 0x6d2b79f5) >>> 0;
		state.random.state = next;
		let r = Math.imul(next ^ (next >>> 15), next | 1);
		r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
		return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
	};
}

export function randomIndex(random: Random, length: number): number {
	return Math.min(length - 1, Math.floor(random() * length));
}

export function pick<T>(random: Random, items: readonly T[]): T {
	const item = items[randomIndex(random, items.length)];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

/** Kubernetes' name-suffix alphabet (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** The suffix alphabet's hex letters: template hashes look like kubernetes' and are still hex. */
const HASH_ALPHABET = 'bcdf2456789';

export function nameSuffix(random: Random, length = 5): string {
	let out = '';
	for (let i = 0; i < length; i++) out += pick(random, [...SUFFIX_ALPHABET]);
	return out;
}

/** A stable 10-character hash of a pod template, like `pod-template-hash` (two FNV-1a lanes). */
export function templateHash(value: unknown): string {
	const text = stableJson(value);
	let a = 0x811c9dc5;
	let b = 0x01000193;
	for (let i = 0; i < text.length; i++) {
		a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
		b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5) >>> 0;
	}
	let out = '';
	for (let i = 0; i < 10; i++) {
		const lane = i % 2 === 0 ? a : b;
		out += HASH_ALPHABET[lane % HASH_ALPHABET.length];
		if (i % 2 === 0) a = Math.floor(a / HASH_ALPHABET.length);
		else b = Math.floor(b / HASH_ALPHABET.length);
	}
	return out;
}

export function randomHex(random: Random, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
	return out;
}

/** A version-4-looking UID. */
export function randomUid(random: Random): string {
	const h = randomHex(random, 32);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
