import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** Top-level folders shipped with the tool that lesson commands reference by relative path. */
export const ASSET_DIRS = ['manifests', 'kind-configs', 'lessons'] as const;

/**
 * The folder the tool is installed in (the one holding `lessons/`). Source files live two
 * levels below it (src/core), the bundle one level (dist); walking up covers both.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
	let dir = path.dirname(from);
	for (let i = 0; i < 5; i++) {
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'lessons'))) return dir;
		dir = path.dirname(dir);
	}
	throw new Error(`cannot find the clustermesh-tutor install folder above ${from}`);
}

/** Whether a relative path names something under a shipped folder (`manifests/…`, `kind-configs/…`). */
export function isAssetPath(file: string): boolean {
	if (path.isAbsolute(file)) return false;
	const top = path.normalize(file).replace(/^(\.\/)+/, '').split(path.sep)[0] ?? '';
	return (ASSET_DIRS as readonly string[]).includes(top);
}

/**
 * Resolves a path named in a lesson command. A path that exists relative to the working
 * folder wins (the learner's own files); `manifests/...` and `kind-configs/...` otherwise
 * resolve inside the installed tool, so lessons work wherever the tool is started.
 */
export function resolveAssetPath(
	file: string,
	options: {cwd: string; root: string; exists?: (p: string) => boolean},
): string {
	const exists = options.exists ?? existsSync;
	if (path.isAbsolute(file)) return file;
	const local = path.resolve(options.cwd, file);
	if (exists(local)) return local;
	return isAssetPath(file) ? path.join(options.root, path.normalize(file).replace(/^(\.\/)+/, '')) : local;
}
