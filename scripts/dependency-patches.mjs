// Speed fixes to dependencies, applied to their text when scripts/build.mjs bundles them. Each
// must match exactly as often as expected: a release that changed the code fails the build
// instead of silently losing the fix. test/build/dependency-patches.test.ts checks both.

export const DEPENDENCY_PATCHES = [
	{
		// Yoga (Ink's layout engine) embeds its WebAssembly as a data: URI and reads it with fetch()
		// when fetch exists; on Node that first touch of fetch loads undici (10-15 ms before the
		// first frame) only to decode the string. Without fetch, the same loader decodes the bytes
		// itself (its path for runtimes without fetch).
		name: 'yoga-without-fetch',
		file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		find: '"function"!=typeof fetch',
		replace: 'true',
		count: 2,
	},
	{
		// Ink turns every cell of every frame back into text with styledCharsToString, which diffs
		// the styles of neighbouring cells through four new Sets each; equal styles (nearly every
		// cell) need no diff. The same short cut @alcalzone/ansi-tokenize made in 0.3 (isSameStyle
		// in styledChars.js), which Ink 6 does not take (it pins ^0.2). About 2.5 ms of 6.5 a frame.
		name: 'ansi-tokenize-same-styles',
		file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		find: '        else {\n            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
		replace: '        else if (!sameStyles(chars[i - 1].styles, char.styles)) {\n            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
		count: 1,
		append: `
function sameStyles(from, to) {
    if (from === to) return true;
    if (from.length !== to.length) return false;
    for (let i = 0; i < from.length; i++) if (from[i].code !== to[i].code || from[i].endCode !== to[i].endCode) return false;
    return true;
}
`,
	},
	{
		// Ink builds a new OutputCaches for every frame, so each frame tokenizes and measures every
		// line of the screen again, though nearly all of them are the last frame's. One set kept
		// across frames (emptied when it grows past a bound, as output streams through) tokenizes a
		// line once. Safe to share: the cells a line is cut into are only read after (get() copies
		// them into its rows; wide characters' fillers are new objects).
		name: 'ink-output-caches-across-frames',
		file: /ink[\\/]build[\\/]output\.js$/,
		find: '    caches = new OutputCaches();',
		replace: '    caches = sharedOutputCaches();',
		count: 1,
		append: `
let sharedCaches;
function sharedOutputCaches() {
    if (sharedCaches === undefined || sharedCaches.styledChars.size > 1000 || sharedCaches.blockWidths.size > 1000 || sharedCaches.widths.size > 20000) sharedCaches = new OutputCaches();
    return sharedCaches;
}
`,
	},
];

/** The patched text of one dependency file; throws when the code to patch is not found exactly `count` times. */
export function applyPatch(source, patch, file = patch.name) {
	const found = source.split(patch.find).length - 1;
	if (found !== patch.count) throw new Error(`dependency patch ${patch.name}: expected ${patch.count} of ${JSON.stringify(patch.find)} in ${file}, found ${found}`);
	return source.replaceAll(patch.find, patch.replace) + (patch.append ?? '');
}
