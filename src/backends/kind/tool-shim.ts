import {chmod, mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {quote} from 'shell-quote';
import {writeFileVerified} from '../../state/verified-write.js';

/**
 * Lessons run `clustermesh-tutor doctor` like any other command, but the tool is often not on
 * PATH (started with `npm start` or `npx`). Live commands therefore get a private bin folder
 * first on PATH whose `clustermesh-tutor` runs this very install with this very Node.
 */
export function toolShimScript(nodePath: string, root: string): string {
	return `#!/bin/sh\nexec ${quote([nodePath, path.join(root, 'bin', 'clustermesh-tutor.js')])} "$@"\n`;
}

/** Writes the shim into `dir` unless it is already there with the same content. */
export async function ensureToolShim(dir: string, script: string): Promise<void> {
	const file = path.join(dir, 'clustermesh-tutor');
	const current = await readFile(file, 'utf8').catch(() => undefined);
	if (current === script) return;
	await mkdir(dir, {recursive: true});
	await writeFileVerified(file, script, {mode: 0o755});
	await chmod(file, 0o755);
}

/** PATH with the shim folder first. */
export function withToolPath(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
	return {...env, PATH: env.PATH ? `${dir}${path.delimiter}${env.PATH}` : dir};
}
