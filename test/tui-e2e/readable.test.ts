import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {correctChoices} from '../../src/checks/quiz.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import {statePaths} from '../../src/state/paths.js';
import {emptyProgress, moveTo} from '../../src/state/progress.js';
import {saveProgress} from '../../src/state/progress-file.js';
import {TMUX_MISSING, tmuxShell, type TmuxPane} from './tmux.js';

/**
 * A learner reads everything, at 80x24 and up: each text below must be on screen in full
 * (wrapped over rows, never cut with an ellipsis or off the edge).
 */
const ROOT = process.env.CLUSTERMESH_TUTOR_E2E_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'clustermesh-tutor.js');
const BUILT = existsSync(path.join(ROOT, 'dist', 'cli.js'));
const skip = TMUX_MISSING ?? (BUILT ? undefined : 'the binary is not built (npm test builds it; or run npm run build)');
const SOCKET = `cmt-readable-${process.pid}`;

const temps: string[] = [];
afterAll(() => {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

/**
 * The screen as one line of words: panel borders and the continuation marks wrapping adds
 * are dropped and every run of spaces (a row break included) becomes one space, so a text
 * wrapped over rows reads as written, and a cut one (`…`, or missing words) does not.
 */
export function readable(screen: string): string {
	return screen
		.replace(/[│╭╮╰╯─]/g, ' ')
		.replace(/↳ /g, ' ')
		.replace(/\s+/g, ' ');
}

/** Text as it reads on screen: markdown emphasis and code marks drawn without their markers (NO_COLOR keeps backticks). */
const words = (text: string) => text.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();

/** The lesson files' own words, so the test follows the lessons. */
const catalog = await loadCatalog(path.join(ROOT, 'lessons'));
const lesson = (id: string) => {
	const found = catalog.lessons.find((l) => l.id === id);
	if (!found) throw new Error(`no lesson ${id}`);
	return found;
};
const hubble = lesson('hubble-drops');
const quizStep = hubble.steps.findIndex((s) => s.quiz !== undefined);
const quiz = hubble.steps[quizStep]!.quiz!;
const rightAnswer = quiz.choices[correctChoices(quiz)[0]!]!.text;
const build = lesson('build-the-lab');
const liveOnly = build.steps[0]!.liveOnly!;
const wireguard = lesson('wireguard');
const statusStep = wireguard.steps.findIndex((s) => s.id === 'status');
const mesh = lesson('mesh-the-clusters');
// The intro's numbered list, item by item, as the learner reads it.
const numbered = [...mesh.intro.matchAll(/^\d\. [^]*?(?=\n\d\. |\n\n|$)/gm)].map((m) => words(m[0]));
/** The command gate's refusal: the same long message on both backends. */
const refused = [
	'clustermesh-tutor refused to run this command: `terraform` is not a command the gate can analyse',
	'The tool only runs what it can prove stays inside the lab; run it in your own shell if you mean it.',
];

/**
 * Waits until the screen matches and the app is idle (no lab task, the footer's step keys
 * back). One look is enough, with no settling delay: the app starts a lab task in the same
 * update that shows its screen (the simulator's preparation right after the lesson loads, a
 * catch-up on `y`), so no idle-looking frame comes before one, and each `match` names a
 * screen that only shows once its task has ended.
 */
async function waitIdle(pane: TmuxPane, match: (screen: string) => boolean): Promise<string> {
	const idle = (s: string) => match(s) && !/Preparing|catching up|resetting|Catching up|Applying the solution|Resetting/.test(s) && s.includes('l lessons');
	return pane.waitFor(idle, 120_000);
}

async function expectReadable(pane: TmuxPane, ...texts: string[]): Promise<void> {
	// On a timeout the assertions below say which text is missing from the last screen.
	const screen = await pane.waitFor((s) => texts.every((t) => readable(s).includes(t))).catch(() => pane.screen());
	for (const text of texts) expect(readable(screen), `"${text}" in full on:\n${screen}`).toContain(text);
}

describe.skipIf(Boolean(skip)).concurrent(`everything a learner must read is on screen in full (tmux)${skip ? `: skipped, ${skip}` : ''}`, () => {
	for (const [columns, rows] of [
		[80, 24],
		[100, 30],
		[120, 40],
	] as const) {
		it(`at ${columns}x${rows}`, async () => {
			const home = mkdtempSync(path.join(os.tmpdir(), 'cmt-readable-'));
			temps.push(home);
			await saveProgress(statePaths(home).progress('sim'), moveTo(emptyProgress('sim'), {lesson: hubble.id, step: hubble.steps[quizStep]!.id, screen: 'step'}));
			const pane = tmuxShell({
				socket: SOCKET,
				name: `r${columns}`,
				columns,
				rows,
				env: {CLUSTERMESH_TUTOR_HOME: home, HOME: home, NO_COLOR: '1', PATH: process.env.PATH ?? ''},
			});
			try {
				await pane.waitForPrompt();
				await pane.run(`${process.execPath} ${BIN} --backend sim`);
				// Ready once the simulator has opened and built the lab up to here (its notice says so).
				await waitIdle(pane, (s) => s.includes(`Step ${quizStep + 1} of`) && s.includes('Running on the simulator'));

				// A question's right answer, marked by `s` (the solution).
				pane.keys('s');
				await pane.waitFor('Show the solution?');
				pane.keys('y');
				await expectReadable(pane, `${words(rightAnswer)} ✔`);

				// Lesson 9's drop verdicts, after running its Hubble step.
				pane.keys('n');
				await pane.waitFor(/Skip this (step|question)/);
				pane.keys('k');
				await pane.waitFor(`Step ${quizStep + 2} of`);
				pane.keys('Enter');
				await pane.waitFor(/Passed|Not yet/, 60_000);
				const verdict = readable(await pane.waitFor((s) => /(EGRESS|INGRESS) DENIED/.test(readable(s)))).match(/(EGRESS|INGRESS) DENIED/)![0];
				await expectReadable(pane, `policy-verdict:none ${verdict} (TCP Flags: SYN)`, 'Policy denied DROPPED (TCP Flags: SYN)');

				// Lesson 12's check panel, for both clusters.
				pane.keys('l');
				await pane.waitFor('you are here');
				for (let i = 0; i < wireguard.order - hubble.order; i++) pane.keys('Down');
				pane.keys('Enter');
				await pane.waitFor('Catch up to lesson 12?');
				pane.keys('y');
				await waitIdle(pane, (s) => s.includes('Press Enter to start') && s.includes(`Lesson ${wireguard.order} ·`));
				pane.keys('Enter');
				await pane.waitFor(`Step 1 of ${wireguard.steps.length}`);
				// Skip (and catch up through) every step before the status step.
				for (let step = 1; step <= statusStep; step++) {
					pane.keys('n');
					await pane.waitFor(/Skip this (step|question)/);
					pane.keys('y');
					await waitIdle(pane, (s) => s.includes(`Step ${step + 1} of`));
				}
				pane.keys('Enter');
				await pane.waitFor('Passed', 60_000);
				await expectReadable(pane, '✔ encryption in Koornacht observed wireguard,', '✔ encryption in Tion observed wireguard,');

				// Lesson 2's numbered list (its intro).
				pane.keys('l');
				await pane.waitFor('you are here');
				for (let i = 0; i < wireguard.order - mesh.order; i++) pane.keys('Up');
				pane.keys('Enter');
				await pane.waitFor('further along');
				pane.keys('y');
				await waitIdle(pane, (s) => s.includes('Press Enter to start') && s.includes(`Lesson ${mesh.order} ·`));
				await expectReadable(pane, ...numbered);

				// A live-only step's skip instruction, and a long message from the command gate.
				pane.keys('l');
				await pane.waitFor('you are here');
				pane.keys('Up', 'Enter');
				await pane.waitFor('further along');
				pane.keys('y');
				await waitIdle(pane, (s) => s.includes('Press Enter to start') && s.includes(`Lesson ${build.order} ·`));
				pane.keys('Enter');
				await expectReadable(pane, `⚠ Live clusters only: ${liveOnly}. Press n to skip this step.`);
				pane.keys('t');
				await pane.waitFor('Type the command');
				await pane.type('terraform plan');
				pane.keys('Enter');
				await expectReadable(pane, ...refused);
				pane.keys('q');
				await pane.waitForPrompt();
			} finally {
				pane.kill();
			}
		}, 240_000);
	}
});
