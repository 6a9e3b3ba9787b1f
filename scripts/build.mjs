// Bundles the CLI into dist/ with esbuild. Bundling cuts start-up time (one file instead of
// hundreds of module loads); code-splitting keeps heavy, rarely needed modules (the
// Kubernetes client, markdown rendering) in chunks that load only when used.
import {build} from 'esbuild';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {applyPatch, DEPENDENCY_PATCHES} from './dependency-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Bundled CommonJS dependencies expect `require` and `__filename` (write-file-atomic hashes
// __filename into its temp names); ESM has neither, so each chunk defines them.
const banner = {
	js: "import {createRequire as __cmtRequire} from 'node:module'; import {fileURLToPath as __cmtPath} from 'node:url'; const require = __cmtRequire(import.meta.url); const __filename = __cmtPath(import.meta.url);",
};
await rm(`${root}/dist`, {recursive: true, force: true});
await build({
	absWorkingDir: root,
	entryPoints: ['src/cli.ts'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	// Folding constants drops React's development build (NODE_ENV is defined below); less to parse at start-up.
	minifySyntax: true,
	minifyWhitespace: true,
	// React's development build leaks performance entries; the CLI always runs production.
	define: {'process.env.NODE_ENV': '"production"'},
	// The Kubernetes client is loaded lazily and only on the live path; keep it a real package.
	external: ['@kubernetes/client-node'],
	banner,
	logLevel: 'warning',
	plugins: [
		{
			// Modules that are imported but never used: loading them only slows the first lesson.
			// Ink imports react-devtools-core only when DEV=true. marked-terminal highlights code
			// blocks with cli-highlight (all of highlight.js) and replaces :emoji: with node-emoji,
			// but the lessons' code blocks are drawn by the app itself, plain, and emoji are off.
			name: 'unused-module-stubs',
			setup(b) {
				const stubs = {
					'react-devtools-core': 'export default {};',
					// Throwing makes marked-terminal fall back to its own `code` style (cyan, as the app draws code).
					'cli-highlight': "export const highlight = () => { throw new Error('not bundled'); };",
					'node-emoji': 'export const get = () => undefined;',
				};
				b.onResolve({filter: /^(react-devtools-core|cli-highlight|node-emoji)$/}, (args) => ({path: args.path, namespace: 'stub'}));
				b.onLoad({filter: /.*/, namespace: 'stub'}, (args) => ({contents: stubs[args.path]}));
			},
		},
		{
			// Speed fixes to dependencies (scripts/dependency-patches.mjs), applied to their text while bundling.
			name: 'dependency-patches',
			setup(b) {
				for (const patch of DEPENDENCY_PATCHES) {
					b.onLoad({filter: patch.file}, async (args) => ({contents: applyPatch(await readFile(args.path, 'utf8'), patch, args.path), loader: 'js'}));
				}
			},
		},
	],
});

// The package's own lessons, parsed now (dist/lessons.json): the TUI draws the learner's first
// lesson from it without loading the parser, as long as the lesson file is unchanged
// (src/lessons/lesson-cache.ts). The writer is bundled to a temporary file and run once.
const writer = await build({
	absWorkingDir: root,
	entryPoints: ['src/lessons/write-lesson-cache.ts'],
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	write: false,
	banner,
	logLevel: 'warning',
});
const temp = await mkdtemp(path.join(os.tmpdir(), 'cmt-build-'));
try {
	const script = path.join(temp, 'write-lesson-cache.mjs');
	await writeFile(script, writer.outputFiles[0].contents);
	const {writeLessonCache} = await import(pathToFileURL(script).href);
	await writeLessonCache(path.join(root, 'lessons'), path.join(root, 'dist', 'lessons.json'));
} finally {
	await rm(temp, {recursive: true, force: true});
}
