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

	it('the layers below the engine never reach up: backends, checks, state and lessons import no engine, cli or tui module', () => {
		const lower = ['src/backends', 'src/checks', 'src/state', 'src/lessons'].flatMap(importsOf);
		const offending = lower.filter(({spec}) => /^src\/(engine|cli|tui|app)\//.test(spec));
		expect(offending).toEqual([]);
	});

	it('the engine drives the Backend contract: it imports no cli, tui or composition-root module', () => {
		const offending = importsOf('src/engine').filter(({spec}) => /^src\/(cli|tui|app)\//.test(spec));
		expect(offending).toEqual([]);
	});

	it('the TUI never imports the CLI', () => {
		expect(importsOf('src/tui').filter(({spec}) => spec.startsWith('src/cli/'))).toEqual([]);
	});

	it('the composition root is the only place that opens a backend: only src/app imports the backends\' entry points', () => {
		const offending = importsOf('src')
			.filter(({file}) => !file.startsWith('src/app/') && !file.startsWith('src/backends/'))
			.filter(({spec}) => /^src\/backends\/(kind\/open|select)\.js$/.test(spec));
		expect(offending).toEqual([]);
	});

	it('the Kubernetes client is never imported statically outside the live backend', () => {
		const offending = importsOf('src').filter(
			({file, spec}) => spec.includes('@kubernetes/client-node') && !file.startsWith('src/backends/kind/'),
		);
		expect(offending).toEqual([]);
	});
});
