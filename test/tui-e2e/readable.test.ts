import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import stringWidth from 'string-width';
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
const jsonStep = hubble.steps.findIndex((s) => s.commands.some((c) => c.command.includes('-o json')));
const jsonCommand = hubble.steps[jsonStep]!.commands[0]!.command;
const policies = lesson('cross-cluster-policies');
const defaultDeny = policies.steps[0]!;
const build = lesson('build-the-lab');
const liveOnly = build.steps[0]!.liveOnly!;
const wireguard = lesson('wireguard');
const statusStep = wireguard.steps.findIndex((s) => s.id === 'status');
const mesh = lesson('mesh-the-clusters');
// The intro's numbered list, item by item, as the learner reads it.
const numbered = [...mesh.intro.matchAll(/^\d\. [^]*?(?=\n\d\. |\n\n|$)/gm)].map((m) => words(m[0]));
/** A refused command's message: the same on both backends, read in full. */
const refused = [
	'clustermesh-tutor did not run this command: `terraform` is not one of the commands this tutorial runs (kubectl, cilium, helm, kind and hubble on its own clusters; grep, head, sort and other text tools on their output)',
	'instead: run it in your own terminal, outside the tutorial, if you mean it',
	'(the tutorial runs only commands it can check stay inside its own lab)',
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

/**
 * Opens a lesson from the list: `moves` rows down (up when negative), Enter, then `y` in the
 * dialog that says `dialog` (after `read` has read it); resolves once the lesson's intro is idle.
 */
async function openFromList(pane: TmuxPane, moves: number, dialog: string, order: number, read?: () => Promise<void>): Promise<void> {
	pane.keys('l');
	await pane.waitFor('you are here');
	for (let i = 0; i < Math.abs(moves); i++) pane.keys(moves < 0 ? 'Up' : 'Down');
	pane.keys('Enter');
	await pane.waitFor(dialog);
	await read?.();
	pane.keys('y');
	await waitIdle(pane, (s) => s.includes('Press Enter to start') && s.includes(`Lesson ${order} ·`));
}

/** The check panel's rows (between its rounded corners), and its "more" marker if it has one. */
function checkPanel(screen: string): {rows: string[]; marker?: string} {
	const rows = screen.split('\n');
	const top = rows.findLastIndex((r) => /^╭─ [✔✘]/.test(r));
	const bottom = rows.findIndex((r, i) => i > top && r.startsWith('╰'));
	const inner = top < 0 || bottom < 0 ? [] : rows.slice(top + 1, bottom);
	const marker = inner.map((r) => /^│\s+((?:↑ \d+ above · )?[↓↑] \d+ (?:more )?lines? (?:above )?\(.*\))\s+│$/.exec(r)?.[1]).find(Boolean);
	return {rows: inner, marker};
}

/**
 * Everything the check panel holds, as a learner reads it: at once when it fits, otherwise
 * as its marker says (Tab to the panel, then ↓ to its end), every screen on the way read.
 */
async function readVerdict(pane: TmuxPane): Promise<string> {
	let screen = pane.screen();
	let text = readable(checkPanel(screen).rows.join('\n'));
	let marker = checkPanel(screen).marker;
	if (!marker) return text;
	expect(marker).toMatch(/^(↑ \d+ above · )?[↓↑] \d+ (more )?lines? (above )?\((Tab( twice)?, then )?↑\/↓\)$/);
	for (let i = 0; i < 3 && marker?.includes('Tab'); i++) {
		pane.keys('Tab');
		screen = await pane.waitFor((s) => checkPanel(s).marker !== marker);
		marker = checkPanel(screen).marker;
	}
	expect(marker).toMatch(/\(↑\/↓\)$/);
	// From the verdict's start (a new hint scrolls the panel to it).
	pane.keys('Home');
	screen = await pane.waitFor((s) => checkPanel(s).marker?.startsWith('↓') === true);
	marker = checkPanel(screen).marker;
	text += ` ${readable(checkPanel(screen).rows.join('\n'))}`;
	const atEnd = (m?: string) => /^↑ \d+ lines? above/.test(m ?? '');
	for (let i = 0; i < 60 && !atEnd(marker); i++) {
		pane.keys('Down');
		const before = marker;
		screen = await pane.waitFor((s) => checkPanel(s).marker !== before);
		marker = checkPanel(screen).marker;
		text += ` ${readable(checkPanel(screen).rows.join('\n'))}`;
	}
	expect(marker).toMatch(/^↑ \d+ lines? above/);
	return text;
}

/** Every bordered row with a ⚠ in it ends in its border at the last column, as the terminal draws it (tmux: ⚠ one column, a U+FE0F none). */
function expectBordersAligned(screen: string, columns: number): void {
	const rows = screen.split('\n').filter((r) => r.includes('⚠') && r.startsWith('│'));
	expect(rows.length, `a bordered ⚠ row on:\n${screen}`).toBeGreaterThan(0);
	for (const row of rows) {
		expect(row.endsWith('│'), row).toBe(true);
		expect(stringWidth(row.replace(/\uFE0F/g, '')), row).toBe(columns);
	}
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

				// A question's right answer, marked by `s` (showing the answer).
				pane.keys('s');
				await pane.waitFor('Show the answer?');
				await expectReadable(pane, 'The question passes once you pick it and press Enter');
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

				// Lesson 9's JSON command, whole and broken only at spaces (a break inside a word would not read back).
				pane.keys('n');
				const opened = await pane.waitFor((s) => s.includes(`Step ${jsonStep + 1} of`) || /Skip this step/.test(s));
				if (!opened.includes(`Step ${jsonStep + 1} of`)) pane.keys('k');
				await waitIdle(pane, (s) => s.includes(`Step ${jsonStep + 1} of`));
				await expectReadable(pane, `KOORNACHT $ ${jsonCommand}`);

				// ⚠️ in the output pane: the inspection marks the policies that rely on the old default, and the borders line up.
				pane.keys('t');
				await pane.waitFor('Type the command');
				await pane.type('cilium clustermesh inspect-policy-default-local-cluster --all-namespaces');
				pane.keys('Enter');
				expectBordersAligned(await pane.waitFor((s) => s.includes('⚠') && /Passed|Not yet/.test(s), 60_000), columns);

				// Lesson 8: a YAML comment wrapped in the step text still reads as the comment; then a
				// typed command that fails, its whole verdict (expected, observed, every hint) read.
				await openFromList(pane, -1, 'further along', policies.order);
				pane.keys('Enter');
				const yaml = await pane.waitFor((s) => s.includes('# an empty rule'));
				const rows = yaml.split('\n');
				const at = rows.findIndex((r) => r.includes('# an empty rule'));
				expect(readable(yaml)).toContain('- {} # an empty rule: allows nothing, but turns ingress enforcement on');
				if (!rows[at]!.includes('ingress enforcement on')) expect(rows[at + 1]!.indexOf('↳ ingress enforcement on'), yaml).toBe(rows[at]!.indexOf('#'));
				pane.keys('t');
				await pane.waitFor('Type the command');
				// Koornacht's context, typed into a step that runs in both clusters: the gate refuses it in Tion.
				await pane.type('kubectl --context kind-koornacht get pods -n nowhere');
				pane.keys('Enter');
				await pane.waitFor('✘ Not yet', 60_000);
				pane.keys('h', 'h');
				// Two more hints: the panel grows (it may now scroll), and h scrolls it to the newest.
				await pane.waitFor(`Hint ${defaultDeny.hints.length}/${defaultDeny.hints.length}`);
				const verdict8 = await readVerdict(pane);
				for (const text of [
					// The verdict quotes the refusal: why, and what to do instead.
					'✘ your command expected exits 0 observed `kubectl --context kind-koornacht get pods -n nowhere` exited with 5: clustermesh-tutor did not run this command: this command runs on tion, but `kubectl` names the context kind-koornacht · instead:',
					...defaultDeny.hints.map((hint, i) => `Hint ${i + 1}/${defaultDeny.hints.length}`),
					...defaultDeny.hints.map(words),
				]) {
					expect(verdict8, `"${text}" read from the check panel`).toContain(text);
				}

				// Lesson 12's check panel, for both clusters.
				await openFromList(pane, wireguard.order - policies.order, 'Catch up to lesson 12?', wireguard.order);
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
				await openFromList(pane, mesh.order - wireguard.order, 'further along', mesh.order);
				await expectReadable(pane, ...numbered);

				// A live-only step's skip instruction, and a long message from the command gate.
				// Emptying the lab is never what Enter does: the dialog says so, and y does it.
				await openFromList(pane, -1, 'further along', build.order, () =>
					expectReadable(pane, 'Enter opens lesson 1 and keeps the lab as it is.', 'y empty the lab · ↵/n open, keep the lab · Esc cancel'),
				);
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
