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

	it('are in the built bundle: Yoga never touches fetch, Ink skips equal styles', () => {
		const dist = path.join(ROOT, 'dist');
		const start = readFileSync(path.join(dist, findChunk(dist, 'yoga-layout')), 'utf8');
		expect(start).not.toContain('"function"!=typeof fetch');
		expect(start).toContain('sameStyles');
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
});

/** The bundle chunk that holds a package (its source map lists the package's files). */
function findChunk(dist: string, pkg: string): string {
	for (const name of readdirSync(dist).filter((n) => n.endsWith('.js.map'))) {
		const map = JSON.parse(readFileSync(path.join(dist, name), 'utf8')) as {sources: string[]};
		if (map.sources.some((s) => s.includes(`node_modules/${pkg}/`))) return name.replace(/\.map$/, '');
	}
	throw new Error(`no chunk in ${dist} holds ${pkg}`);
}
