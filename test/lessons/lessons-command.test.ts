import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Command} from 'commander';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {registerLessonsCommands} from '../../src/cli/commands/lessons.js';
import {GOOD, edit} from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function run(...args: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	let exitCode: number | undefined;
	const program = new Command().exitOverride();
	registerLessonsCommands(program, {
		root: ROOT,
		cwd: ROOT,
		stdout: (s) => out.push(s),
		stderr: (s) => err.push(s),
		setExitCode: (code) => {
			exitCode = code;
		},
	});
	await program.parseAsync(['lessons', ...args], {from: 'user'});
	return {stdout: out.join(''), stderr: err.join(''), exitCode};
}

describe('lessons lint', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'cmt-lessons-'));
	});
	afterAll(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('passes on the packaged lessons', async () => {
		const result = await run('lint');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^\d+ lesson\(s\), 0 problem\(s\)\n$/);
	});

	it('reports problems in named files as file:line and exits 1', async () => {
		const file = path.join(dir, '04-global-services.md');
		await writeFile(file, edit(GOOD, '```sh tion', '```sh toin'));
		const result = await run('lint', file);
		expect(result.exitCode).toBe(1);
		expect(result.stdout.split('\n')).toEqual([
			expect.stringMatching(/04-global-services\.md:\d+: unknown target "toin" — expected koornacht, tion, both or lab \(did you mean tion\?\)$/),
			'1 lesson(s), 1 problem(s)',
			'',
		]);
	});

	it('reports chain problems a named draft causes in the next lesson', async () => {
		const packaged = await readFile(path.join(ROOT, 'lessons/04-global-services.md'), 'utf8');
		const file = path.join(dir, '04-global-services.md');
		await writeFile(file, edit(packaged, '    tion: {annotations: {service.cilium.io/global: "true"}}\n---', '---'));
		const result = await run('lint', file);
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain(
			`lessons/05-fault-resilience.md:5: starts differs from the leaves of the previous core lesson (${file}:6): tion: annotation service.cilium.io/global: starts "true", previous leaves absent`,
		);
	});
});

describe('lessons list', () => {
	it('lists lessons as JSON', async () => {
		const result = await run('list', '--json');
		const rows = JSON.parse(result.stdout) as {number: number; id: string; steps: number; optional: boolean}[];
		expect(rows).toContainEqual({number: 4, id: 'global-services', title: 'Global services', steps: 5, optional: false});
	});

	it('lists lessons as text', async () => {
		const result = await run('list');
		expect(result.stdout).toMatch(/^04 {2}global-services +Global services — 5 step\(s\)$/m);
	});
});
