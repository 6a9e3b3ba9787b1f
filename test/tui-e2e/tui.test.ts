import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {ownershipStore} from '../../src/backends/kind/ownership.js';
import {statePaths} from '../../src/state/paths.js';
import {emptyProgress, moveTo} from '../../src/state/progress.js';
import {saveProgress} from '../../src/state/progress-file.js';
import {fakeLab} from '../fakes/harness.js';
import {alive, waitForExit} from '../fakes/processes.js';
import {PROMPT, TMUX_MISSING, tmuxShell, type TmuxPane} from './tmux.js';

/** The installed tool under test: this checkout (built by `npm test`), or another build folder. */
const ROOT = process.env.CLUSTERMESH_TUTOR_E2E_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'clustermesh-tutor.js');
const BUILT = existsSync(path.join(ROOT, 'dist', 'cli.js'));
const skip = TMUX_MISSING ?? (BUILT ? undefined : 'the binary is not built (npm test builds it; or run npm run build)');
const SOCKET = `cmt-tui-e2e-${process.pid}`;
const APP = `${process.execPath} ${BIN}`;

const temps: string[] = [];
const tempDir = (prefix: string) => {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	temps.push(dir);
	return dir;
};
afterAll(() => {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

/** A learner who reached lesson 3 (the app lesson), as its progress file says. */
async function atLesson3(home: string, backend: 'sim' | 'kind'): Promise<void> {
	await saveProgress(statePaths(home).progress(backend), moveTo(emptyProgress(backend), {lesson: 'deploy-the-app', step: 'responses', screen: 'intro'}));
}

const RETRYING = /Not yet · retrying in \d+s \(attempt \d+, gives up in \d+s\)/;
const GAVE_UP = /✘ Not yet/;

/**
 * Ctrl-C while a check retries cancels it. The simulator's retry budget is 3 s of wall time, so
 * on a loaded machine the key can arrive after the check has given up; the app, idle then,
 * quits on Ctrl-C as it should. Either outcome is checked, and after a late key the app is
 * started again and the check re-run (`c`) until a Ctrl-C lands while it retries.
 */
async function cancelRetryingCheck(pane: TmuxPane, firstRun: () => Promise<void>): Promise<string> {
	const tries = 5;
	let start = firstRun;
	for (let i = 0; i < tries; i++) {
		await start();
		start = async () => pane.keys('c');
		if (!RETRYING.test(await pane.waitFor((s) => RETRYING.test(s) || GAVE_UP.test(s)))) continue;
		pane.keys('C-c');
		const screen = await pane.waitFor((s) => s.includes('Check cancelled') || (pane.display('#{alternate_on}') === '0' && s.trimEnd().endsWith(PROMPT)));
		if (screen.includes('Check cancelled')) return screen;
		await pane.run(`${APP} --backend sim`);
		await pane.waitFor("Step 4 of 5 · Call Koornacht's rebel base");
	}
	throw new Error(`in ${tries} tries, no Ctrl-C reached the app while the check was retrying; screen:\n${pane.screen()}`);
}

/** The terminal is back: the alternate screen left, the cursor visible, the shell prompt shown. */
async function expectRestored(pane: TmuxPane, exitCode = 0): Promise<void> {
	await pane.waitForPrompt();
	expect(pane.display('#{alternate_on} #{cursor_flag}')).toBe('0 1');
	await pane.run('echo "exit=$?"');
	await pane.waitFor(`exit=${exitCode}`);
}

describe.skipIf(!BUILT)('the built TUI without a terminal', () => {
	it('refuses with a clear message and exit code 4, pointing to `verify`', () => {
		const result = spawnSync(process.execPath, [BIN], {encoding: 'utf8', env: {...process.env, CI: 'false'}, stdio: ['pipe', 'pipe', 'pipe']});
		expect(result.status).toBe(4);
		expect(result.stderr).toContain('the interactive tutorial needs a terminal');
		expect(result.stderr).toContain('clustermesh-tutor verify');
	});
});

describe.skipIf(Boolean(skip))(`the built TUI in a real terminal (tmux)${skip ? `: skipped, ${skip}` : ''}`, () => {
	it('runs a step, passes its check, takes a typed command (Ctrl-C drops one), resumes after quitting and after a crash; Ctrl-C cancels a long simulated check', async () => {
		const home = tempDir('cmt-e2e-sim-');
		await atLesson3(home, 'sim');
		const pane = tmuxShell({
			socket: SOCKET,
			name: 'sim',
			columns: 100,
			rows: 30,
			env: {CLUSTERMESH_TUTOR_HOME: home, HOME: home, NO_COLOR: '1', PATH: process.env.PATH ?? ''},
		});
		try {
			await pane.waitForPrompt();
			await pane.run(`${APP} --backend sim`);
			// The lesson shows first; the backend's reason once it has opened and prepared the lab.
			let screen = await pane.waitFor(
				// The key bar is the frame's last row: an idle one means the whole frame is drawn and the lab
				// task is over (tmux can capture a frame half written, its top new and its bottom old).
				(s) =>
					s.includes('Press Enter to start') &&
					s.includes('Running on the simulator (--backend sim).') &&
					!s.includes('Preparing the simulated lab') &&
					(s.trimEnd().split('\n').at(-1) ?? '').includes('↵ start'),
			);
			expect(screen).toMatch(/clustermesh-tutor Lesson 3\/\d+ · Deploy the app +SIMULATION/);
			expect(pane.display('#{alternate_on}')).toBe('1');

			pane.keys('Enter');
			await pane.waitFor('Step 1 of 5');
			pane.keys('Enter');
			screen = await pane.waitFor('✔ Passed');
			expect(screen).toContain('KOORNACHT $ kubectl apply -f manifests/rebel-base-response-koornacht.yaml');
			expect(screen).toContain('configmap/rebel-base-response created');

			pane.keys('n');
			await pane.waitFor('Step 2 of 5 · Deploy rebel-base and x-wing');
			// Ctrl-C in the command line drops the typed line, as a shell does; the tutorial stays.
			pane.keys('t');
			await pane.waitFor('Type the command · runs in BOTH');
			await pane.type('kubectl get po');
			await pane.waitFor('$ kubectl get po');
			pane.keys('C-c');
			screen = await pane.waitFor('Command line closed, nothing ran');
			expect(screen).not.toContain('Type the command');
			expect(screen).toContain('Step 2 of 5 · Deploy rebel-base and x-wing');
			expect(pane.display('#{alternate_on}')).toBe('1');
			pane.keys('t');
			await pane.waitFor('Type the command · runs in BOTH');
			await pane.type('kubectl apply -f manifests/app.yaml -f manifests/rebel-base-service.yaml');
			await pane.waitFor('$ kubectl apply -f manifests/app.yaml -f manifests/rebel-base-service.yaml');
			pane.keys('Enter');
			screen = await pane.waitFor('✔ Passed');
			expect(screen).toMatch(/\[koornacht\] .*created/);
			expect(screen).toMatch(/\[tion\] .*created/);
			// NO_COLOR is set: no colour anywhere on screen (chalk alone would ignore it).
			const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*(3[0-9]|4[0-9]|9[0-7])[0-9;]*m`);
			expect(pane.styledScreen()).not.toMatch(colour);

			pane.keys('q');
			await expectRestored(pane);
			expect(existsSync(statePaths(home).progress('sim'))).toBe(true);

			// Restart: back at the same step, its pass remembered.
			await pane.run(`${APP} --backend sim`);
			await pane.waitFor('Step 2 of 5 · Deploy rebel-base and x-wing  ✔ passed');

			// A question first: answer it (choice 2 is right) before moving on.
			pane.keys('n');
			await pane.waitFor("Step 3 of 5 · Where will Koornacht's requests go?");
			pane.keys('2');
			pane.keys('Enter');
			await pane.waitFor('✔ Correct');

			// A check that cannot pass retries with a countdown (the simulator's own retry budget); Ctrl-C cancels it.
			pane.keys('n');
			await pane.waitFor('Step 4 of 5');
			screen = await cancelRetryingCheck(pane, async () => {
				pane.keys('t');
				await pane.waitFor('Type the command');
				await pane.type('kubectl scale deployment rebel-base --replicas=0');
				pane.keys('Enter');
			});
			expect(screen).toContain('SIMULATION');

			// A crash (SIGKILL: nothing can run) loses nothing: progress was saved as it changed.
			const app = Number(execFileSync('pgrep', ['-P', pane.display('#{pane_pid}')], {encoding: 'utf8'}).trim());
			process.kill(app, 'SIGKILL');
			await pane.waitFor((s) => s.trimEnd().endsWith('e2e$'));
			// After SIGKILL no handler restores the terminal; `tput` does, as the docs tell learners.
			await pane.run('tput rmcup; tput cnorm; clear');
			await pane.waitForPrompt();
			await pane.run(`${APP} --backend sim`);
			screen = await pane.waitFor("Step 4 of 5 · Call Koornacht's rebel base");
			expect(screen).not.toContain("Koornacht's rebel base  ✔ passed");
			// Ctrl-C with nothing running ends the tutorial as interrupted: 130, as the README's table says (q gave 0 above).
			pane.keys('C-c');
			await expectRestored(pane, 130);
		} finally {
			pane.kill();
		}
	}, 300_000);

	it('Ctrl-C during a long live command kills its whole process group and keeps the app (80x24, fake tools)', async () => {
		const lab = fakeLab();
		await atLesson3(lab.home, 'kind');
		// The lab's clusters count as the tool's own, so the live runner's safety rails let kubectl run.
		const ownership = ownershipStore(lab.paths.ownership);
		await ownership.record('koornacht', 'created');
		await ownership.record('tion', 'created');
		const pane = tmuxShell({
			socket: SOCKET,
			name: 'live',
			columns: 80,
			rows: 24,
			env: {...(lab.env as Record<string, string>), CLUSTERMESH_TUTOR_HOME: lab.home, NO_COLOR: '1', FAKE_HANG: '^kubectl apply'},
		});
		try {
			await pane.waitForPrompt();
			await pane.run(`${APP} --backend kind`);
			// The lesson count shows once the whole catalog (not only this lesson) has loaded.
			let screen = await pane.waitFor((s) => s.includes('Press Enter to start') && /Lesson 3\/\d+ · Deploy the app +LIVE/.test(s));
			pane.keys('Enter');
			await pane.waitFor('Step 1 of 5');
			pane.keys('Enter');
			screen = await pane.waitFor('(fake kubectl) hanging');
			expect(screen).toMatch(/Output · . running \d+\.\ds · command 1\/2 · Ctrl-C cancels/);
			const hung = lab.calls().find((call) => call.hang);
			expect(hung?.grandchild).toBeDefined();
			const pids = [hung!.pid, hung!.grandchild!];
			expect(pids.every(alive)).toBe(true);

			pane.keys('C-c');
			// The output line and the panel's title change in two updates: a frame can show one alone.
			screen = await pane.waitFor((s) => s.includes('^C cancelled') && s.includes('Output · cancelled'));
			await waitForExit(pids);
			expect(screen).toContain('LIVE');

			pane.keys('C-c');
			await expectRestored(pane, 130);
		} finally {
			pane.kill();
			lab.cleanup();
		}
	}, 180_000);
});
