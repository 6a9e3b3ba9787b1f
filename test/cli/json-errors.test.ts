import {describe, expect, it} from 'vitest';
import {EXIT} from '../../src/core/exit-codes.js';
import {testCli} from '../helpers/cli.js';

/** Scripts that pass --json read one JSON object on failure too, and the exit code still says why. */
describe('--json on failure', () => {
	it('a usage error: {"schema":1,"error":{"code":"usage",…}} and exit 2', async () => {
		const ran = await testCli().run('probe', '--from', 'nowhere', '--json');
		expect(ran.exitCode).toBe(EXIT.usage);
		const out = JSON.parse(ran.stdout);
		expect(out).toMatchObject({schema: 1, error: {code: 'usage', exitCode: EXIT.usage}});
		expect(out.error.message).toContain('nowhere');
		expect(ran.stderr).toContain('nowhere');
	});

	it('an environment error names its fix in the JSON too (exit 4)', async () => {
		const ran = await testCli().run('status', '--backend', 'kind', '--json');
		expect(ran.exitCode).toBe(EXIT.environment);
		const out = JSON.parse(ran.stdout);
		expect(out.schema).toBe(1);
		expect(out.error.code).toBe('environment');
		expect(out.error.message.length).toBeGreaterThan(0);
	});

	it('without --json, stdout stays empty on failure', async () => {
		const ran = await testCli().run('status', '--backend', 'kind');
		expect(ran.exitCode).toBe(EXIT.environment);
		expect(ran.stdout).toBe('');
	});
});

describe('backend defaults', () => {
	it('status picks the backend like exec, probe and verify (auto: the simulator without Docker)', async () => {
		const ran = await testCli().run('status', '--json');
		expect(ran.exitCode).toBe(EXIT.ok);
		expect(JSON.parse(ran.stdout)).toMatchObject({schema: 1, backend: 'sim'});
	});

	it('up and down keep kind: they build or delete real clusters', async () => {
		const help = await testCli().run('up', '--help');
		expect(help.stdout).toMatch(/--backend <backend>[\s\S]*default: "kind"/);
		const down = await testCli().run('down', '--help');
		expect(down.stdout).toMatch(/default: "kind"/);
		const status = await testCli().run('status', '--help');
		expect(status.stdout).toMatch(/default: "auto"/);
	});
});
