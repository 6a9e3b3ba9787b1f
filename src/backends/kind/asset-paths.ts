import path from 'node:path';
import {quote} from 'shell-quote';
import {isAssetPath, resolveAssetPath} from '../../core/assets.js';

/** A plain word of a shell line with its position (quoted or escaped words are never rewritten). */
interface Word {
	readonly start: number;
	readonly end: number;
	readonly text: string;
	readonly plain: boolean;
	/** The first word after a shell operator (a new simple command starts). */
	readonly first: boolean;
}

const OPERATOR_CHARS = new Set(['|', '&', ';', '(', ')', '<', '>']);
const PLAIN = /^[A-Za-z0-9._/=:@+-]+$/;

/** Splits a line into words with their offsets; operators end words (they are not words). */
function words(line: string): Word[] {
	const out: Word[] = [];
	let start = -1;
	let quote: '"' | "'" | undefined;
	let plain = true;
	let first = true;
	const end = (i: number) => {
		if (start >= 0) {
			const text = line.slice(start, i);
			out.push({start, end: i, text, plain: plain && PLAIN.test(text), first});
			first = false;
		}
		start = -1;
		plain = true;
	};
	for (let i = 0; i < line.length; i++) {
		const ch = line[i] ?? '';
		if (quote) {
			if (ch === quote) quote = undefined;
			else if (ch === '\\' && quote === '"') i++;
			continue;
		}
		if (ch === ' ' || ch === '\t' || ch === '\n' || OPERATOR_CHARS.has(ch)) {
			end(i);
			if (OPERATOR_CHARS.has(ch)) first = true;
			continue;
		}
		if (start < 0) start = i;
		if (ch === "'" || ch === '"') {
			quote = ch;
			plain = false;
		} else if (ch === '\\') {
			plain = false;
			i++;
		}
	}
	end(line.length);
	return out;
}

/**
 * Makes lesson commands work wherever the tool is started: a relative `manifests/…` or
 * `kind-configs/…` path that does not exist in the working folder is rewritten to the
 * installed copy (core/assets.ts decides). Only plain words are touched, `--flag=path` values
 * included; words after a bare `--` run inside a pod and are left alone. Pure.
 */
export function rewriteAssetPaths(
	line: string,
	options: {readonly cwd: string; readonly root: string; readonly exists?: (p: string) => boolean},
): string {
	let result = '';
	let last = 0;
	let inPod = false;
	for (const word of words(line)) {
		if (word.first) inPod = false;
		if (word.text === '--') inPod = true;
		if (inPod || !word.plain) continue;
		const eq = word.text.startsWith('-') ? word.text.indexOf('=') : -1;
		const prefix = eq >= 0 ? word.text.slice(0, eq + 1) : '';
		const value = word.text.slice(prefix.length);
		if (!isAssetPath(value)) continue;
		const resolved = resolveAssetPath(value, options);
		if (resolved === path.resolve(options.cwd, value)) continue;
		result += line.slice(last, word.start) + prefix + quote([resolved]);
		last = word.end;
	}
	return result + line.slice(last);
}
