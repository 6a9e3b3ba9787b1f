import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function importsOf(dir: string): Array<{file: string; spec: string}> {
	return readdirSync(path.join(root, dir), {recursive: true, encoding: 'utf8'})
		.filter((f) => /\.tsx?$/.test(f))
		.flatMap((f) => {
			const file = path.join(dir, f);
			const text = readFileSync(path.join(root, file), 'utf8');
			return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => ({
				file,
				spec: path.posix.join(path.posix.dirname(file), m[1] ?? m[2] ?? ''),
			}));
		});
}

describe('module boundaries', () => {
	it('checks see the lab only through the Observer: nothing in src/checks imports a backend implementation', () => {
		const offending = importsOf('src/checks').filter(({spec}) => /src\/backends\/(sim|kind)\//.test(spec));
		expect(offending).toEqual([]);
	});

	it('the engine and lessons depend on the Backend contract, not on a backend implementation', () => {
		const offending = [...importsOf('src/engine'), ...importsOf('src/lessons')].filter(({spec}) =>
			/src\/backends\/(sim|kind)\//.test(spec),
		);
		expect(offending).toEqual([]);
	});

	it('the Kubernetes client is never imported statically outside the live backend', () => {
		const offending = importsOf('src').filter(
			({file, spec}) => spec.includes('@kubernetes/client-node') && !file.startsWith('src/backends/kind/'),
		);
		expect(offending).toEqual([]);
	});
});
