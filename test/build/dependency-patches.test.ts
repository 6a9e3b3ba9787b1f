import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error -- a plain .mjs build script, no types
import {applyPatch, DEPENDENCY_PATCHES} from '../../scripts/dependency-patches.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKENIZE = path.join(ROOT, 'node_modules', '@alcalzone', 'ansi-tokenize', 'build');
const INK = path.join(ROOT, 'node_modules', 'ink', 'build');
interface Patch {
	readonly name: string;
	readonly file: RegExp;
	readonly find: string;
	readonly count: number;
}
const patches = DEPENDENCY_PATCHES as readonly Patch[];
const patch = (name: string) => patches.find((p) => p.name === name)!;

type StyledChar = {readonly value: string; readonly styles: readonly {readonly code: string; readonly endCode: string}[]};
interface Tokenizer {
	tokenize(text: string): unknown[];
	styledCharsFromTokens(tokens: unknown[]): StyledChar[];
	styledCharsToString(chars: StyledChar[]): string;
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'cmt-patches-'));
afterAll(() => rmSync(temp, {recursive: true, force: true}));

describe('dependency patches (scripts/dependency-patches.mjs)', () => {
	it('each matches the installed dependency exactly as often as it expects', () => {
		const files: Record<string, string> = {
			'yoga-without-fetch': path.join(ROOT, 'node_modules', 'yoga-layout', 'dist', 'binaries', 'yoga-wasm-base64-esm.js'),
			'ansi-tokenize-same-styles': path.join(TOKENIZE, 'styledChars.js'),
			'ink-output-caches-across-frames': path.join(INK, 'output.js'),
		};
		expect(Object.keys(files).sort()).toEqual(patches.map((p) => p.name).sort());
		for (const p of patches) {
			const file = files[p.name]!;
			expect(p.file.test(file)).toBe(true);
			expect(() => applyPatch(readFileSync(file, 'utf8'), p, file)).not.toThrow();
		}
	});

	it('refuses a release whose code changed, naming the patch and the file', () => {
		expect(() => applyPatch('export const nothing = 1;', patch('yoga-without-fetch'), 'yoga.js')).toThrow(/yoga-without-fetch: expected 2 .* in yoga\.js, found 0/);
	});

	it('are in the built bundle: Yoga never touches fetch, Ink skips equal styles and keeps its caches', () => {
		const dist = path.join(ROOT, 'dist');
		const start = readFileSync(path.join(dist, findChunk(dist, 'yoga-layout')), 'utf8');
		expect(start).not.toContain('"function"!=typeof fetch');
		expect(start).toContain('sameStyles');
		expect(start).toContain('sharedOutputCaches');
	});

	it('the styles short cut turns every line of styled cells into the same text as before', async () => {
		const original = (await import(pathToFileURL(path.join(TOKENIZE, 'index.js')).href)) as Tokenizer;
		// The patched module beside its siblings' absolute addresses, in a temporary folder.
		const source = applyPatch(readFileSync(path.join(TOKENIZE, 'styledChars.js'), 'utf8'), patch('ansi-tokenize-same-styles')).replace(
			/from "\.\/([\w.]+)"/g,
			(_: string, name: string) => `from ${JSON.stringify(pathToFileURL(path.join(TOKENIZE, name)).href)}`,
		);
		const file = path.join(temp, 'styledChars.mjs');
		writeFileSync(file, source.replace(/^\/\/# sourceMappingURL=.*$/m, ''));
		const patched = (await import(pathToFileURL(file).href)) as Pick<Tokenizer, 'styledCharsToString'>;
		// Text as Ink's cells hold it: characters under colours, intensity, underline and links, some wide.
		const piece = fc.constantFrom('a', 'b', ' ', '你', '\x1b[1m', '\x1b[2m', '\x1b[22m', '\x1b[31m', '\x1b[32m', '\x1b[39m', '\x1b[4m', '\x1b[24m', '\x1b[0m', '\x1b]8;;https://cilium.io\x07', '\x1b]8;;\x07');
		const line = fc.array(piece, {maxLength: 30}).map((parts) => original.styledCharsFromTokens(original.tokenize(parts.join(''))));
		fc.assert(
			fc.property(fc.array(line, {minLength: 1, maxLength: 3}), (lines) => {
				// Ink's grid mixes cells written by different texts on one row.
				const row = lines.flat();
				expect(patched.styledCharsToString(row)).toBe(original.styledCharsToString(row));
			}),
			{numRuns: 500},
		);
	});

	it('Ink draws every frame of a sequence the same with its caches kept across frames', async () => {
		const deps: Record<string, string> = {
			'slice-ansi': path.join(ROOT, 'node_modules', 'slice-ansi', 'index.js'),
			'string-width': path.join(ROOT, 'node_modules', 'string-width', 'index.js'),
			'@alcalzone/ansi-tokenize': path.join(TOKENIZE, 'index.js'),
		};
		// Ink's original Output and the patched one, each importing the same dependencies by their absolute addresses.
		const load = async (name: string, source: string) => {
			const file = path.join(temp, name);
			const resolved = source.replace(/from '([^']+)'/g, (_: string, dep: string) => `from ${JSON.stringify(pathToFileURL(deps[dep]!).href)}`);
			writeFileSync(file, resolved.replace(/^\/\/# sourceMappingURL=.*$/m, ''));
			return ((await import(pathToFileURL(file).href)) as {default: OutputClass}).default;
		};
		const text = readFileSync(path.join(INK, 'output.js'), 'utf8');
		const Original = await load('output-original.mjs', text);
		const Patched = await load('output-patched.mjs', applyPatch(text, patch('ink-output-caches-across-frames')));
		const piece = fc.constantFrom('a', 'bc', ' ', '\n', '你', '✔', '\x1b[1m', '\x1b[22m', '\x1b[31m', '\x1b[39m', '\x1b[0m');
		const write = fc.record({x: fc.nat(12), y: fc.nat(6), text: fc.array(piece, {maxLength: 20}).map((p) => p.join(''))});
		const clip = fc.record({x1: fc.nat(6), x2: fc.integer({min: 6, max: 14}), y1: fc.nat(3), y2: fc.integer({min: 3, max: 8})});
		const op = fc.oneof(write, clip, fc.constant('unclip' as const));
		// Frames share lines (as a screen that changes a little), so later frames hit what earlier ones cached.
		const frames = fc.array(fc.array(op, {maxLength: 12}), {minLength: 2, maxLength: 6});
		fc.assert(
			fc.property(frames, (sequence) => {
				for (const ops of sequence) {
					const draw = (Output: OutputClass) => {
						const output = new Output({width: 14, height: 8});
						for (const o of ops) {
							if (o === 'unclip') output.unclip();
							else if ('text' in o) output.write(o.x, o.y, o.text, {transformers: []});
							else output.clip(o);
						}
						return output.get();
					};
					expect(draw(Patched)).toEqual(draw(Original));
				}
			}),
			{numRuns: 300},
		);
	});
});

interface OutputInstance {
	write(x: number, y: number, text: string, options: {transformers: unknown[]}): void;
	clip(clip: {x1: number; x2: number; y1: number; y2: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type OutputClass = new (options: {width: number; height: number}) => OutputInstance;

/** The bundle chunk that holds a package (its source map lists the package's files). */
function findChunk(dist: string, pkg: string): string {
	for (const name of readdirSync(dist).filter((n) => n.endsWith('.js.map'))) {
		const map = JSON.parse(readFileSync(path.join(dist, name), 'utf8')) as {sources: string[]};
		if (map.sources.some((s) => s.includes(`node_modules/${pkg}/`))) return name.replace(/\.map$/, '');
	}
	throw new Error(`no chunk in ${dist} holds ${pkg}`);
}
