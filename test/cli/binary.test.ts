import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {ROOT} from '../helpers/cli.js';

const BIN = path.join(ROOT, 'bin', 'clustermesh-tutor.js');

/** Runs the built binary as a user would, in a private state home, without a TTY. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
	const home = mkdtempSync(path.join(tmpdir(), 'cmt-bin-'));
	return spawnSync(process.execPath, [BIN, ...args], {
		encoding: 'utf8',
		cwd: tmpdir(),
		env: {...process.env, CLUSTERMESH_TUTOR_HOME: home, NO_COLOR: '1', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

describe('the built binary', () => {
	beforeAll(() => {
		if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build', '--silent'], {cwd: ROOT});
	});

	it('prints help and its version', () => {
		const help = cli(['--help']);
		expect(help.status).toBe(0);
		for (const command of ['start', 'up', 'down', 'status', 'doctor', 'exec', 'probe', 'verify', 'reset', 'lessons']) {
			expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
		}
		expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		expect(cli(['probe', '--help']).stdout).toContain('--from <cluster>');
	});

	it('works from any folder: lesson manifests resolve inside the installed tool', () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cmt-bin-'));
		const env = {...process.env, CLUSTERMESH_TUTOR_HOME: home, NO_COLOR: '1'};
		const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], {encoding: 'utf8', cwd: tmpdir(), env});
		expect(run(['up', '--backend', 'sim', '--until', 'mesh']).status).toBe(0);
		const apply = run(['exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'kubectl apply -f manifests/app.yaml']);
		expect(apply.status).toBe(0);
		expect(apply.stdout).toContain('deployment.apps/rebel-base created');
	});

	it('refuses the TUI without a terminal (exit 4) and says why', () => {
		const run = cli([]);
		expect(run.status).toBe(4);
		expect(run.stderr).toContain('the interactive tutorial needs a terminal');
	});

	it('auto picks the simulator here and says so on stderr', () => {
		const run = cli(['probe', '--from', 'koornacht']);
		expect(run.stderr).toMatch(/^backend: simulator: /m);
	});
});
