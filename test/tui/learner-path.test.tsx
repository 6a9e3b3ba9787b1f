import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createSimBackend, emptySimState, memorySimStore} from '../../src/backends/sim/index.js';
import {correctChoices} from '../../src/checks/quiz.js';
import {virtualClock} from '../../src/core/clock.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import type {Lesson} from '../../src/lessons/model.js';
import {emptyProgress, moveTo} from '../../src/state/progress.js';
import {App} from '../../src/tui/app.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {LineStore} from '../../src/tui/store/line-store.js';
import {SessionStore} from '../../src/tui/store/session-store.js';
import {distributionLine} from '../../src/tui/view/distribution.js';
import {memorySaver} from './fixtures.js';
import {frameHeight, KEY, renderTui, type RenderedTui} from './render.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COLUMNS = 100;
const ROWS = 30;

/**
 * The whole learner path through lessons 3 to 8 on the real simulator, keys in and frames
 * out, as a learner at a 100x30 terminal sees it: every step's command, its verdict and
 * the per-cluster counts; `n` refused before a check passes; a deliberately wrong command
 * with the check that says why and the first hint.
 */
describe('learner path, lessons 3 to 8, on the simulator', () => {
	let lessons: Lesson[];
	let store: SessionStore;
	let tui: RenderedTui;
	const saver = memorySaver();

	beforeAll(async () => {
		lessons = [...(await loadCatalog(path.join(ROOT, 'lessons'))).lessons];
		const simStore = memorySimStore(emptySimState(7));
		const backend = createSimBackend({store: simStore, root: ROOT, cwd: mkdtempSync(path.join(os.tmpdir(), 'cmt-tui-path-')), seed: 7});
		const lines = new LineStore();
		store = new SessionStore({lines}, emptyProgress('sim'));
		const start = lessons.find((l) => l.order === 3)!;
		store.attach({
			lessons,
			backend,
			info: {kind: 'sim', label: 'SIMULATION', reason: 'Backend: simulator (--backend sim).'},
			progress: moveTo(emptyProgress('sim'), {lesson: start.id, step: start.steps[0]!.id, screen: 'intro'}),
			saver,
			clock: virtualClock(),
			wipe: () => simStore.reset(),
		});
		tui = await renderTui(<App store={store} lines={lines} markdown={renderMarkdown} />, {columns: COLUMNS, rows: ROWS});
		// A fresh simulated lab: the lab plan builds the base stage, earlier solutions replay.
		await store.prepare();
	});

	afterAll(() => tui?.unmount());

	const verdict = () => {
		const check = store.getState().check;
		return check.status === 'done' ? check.verdict : undefined;
	};

	it('walks every step of lessons 3 to 8', async () => {
		expect(await tui.waitForFrame((f) => f.includes('Press Enter to start') && !f.includes('Preparing'))).toContain('SIMULATION');
		let failedOnPurpose = false;
		for (const lesson of lessons.filter((l) => l.order >= 3 && l.order <= 8)) {
			let frame = await tui.waitForFrame((f) => f.includes(`Lesson ${lesson.order} · ${lesson.title}`) && f.includes('Press Enter to start'));
			expect(frame).toContain(`Steps (${lesson.steps.length})`);
			await tui.press(KEY.enter);
			for (const [index, step] of lesson.steps.entries()) {
				frame = await tui.waitForFrame(`Step ${index + 1} of ${lesson.steps.length} · ${step.title}`);
				expect(frameHeight(frame)).toBeLessThanOrEqual(ROWS - 1);

				if (index === 0) {
					// `n` is refused before the check passed: a skip dialog instead.
					await tui.press('n');
					// A question asks whether to skip it unanswered; a step with a check, whether to skip it unpassed.
					const asks = step.quiz ? 'Skip this question without answering?' : "Skip this step? Its check hasn't passed.";
					expect(await tui.waitForFrame(asks)).toContain(`Step 1 of ${lesson.steps.length}`);
					await tui.press(KEY.escape);
					await tui.waitForFrame((f) => !f.includes(asks));
				}

				if (step.quiz) {
					expect(frame).toContain(step.quiz.choices[0]!.text.slice(0, 40));
					for (const choice of correctChoices(step.quiz)) await tui.press(String(choice + 1));
					await tui.press(KEY.enter);
					frame = await tui.waitForFrame('✔ Correct');
				} else {
					for (const command of step.commands) expect(frame).toContain(command.command.split(' ').slice(0, 3).join(' '));
					if (step.id === 'annotate-koornacht' && !failedOnPurpose) {
						failedOnPurpose = true;
						// A plausible wrong answer, typed: the key misspelt. The check says why, with a hint.
						await tui.press('t');
						await tui.type('kubectl annotate service rebel-base service.cilium.io/globl="true" --overwrite');
						await tui.press(KEY.enter);
						frame = await tui.waitForFrame('✘ Not yet');
						expect(frame).toContain('✘ service rebel-base in Koornacht');
						expect(frame).toContain('expected  service.cilium.io/global="true"');
						expect(frame).toContain('observed  service.cilium.io/global=(absent)');
						expect(frame).toContain('Hint 1/3');
						expect(frame).toContain(step.hints[0]!.slice(0, 40));
						await tui.press('n');
						await tui.waitForFrame('Skip this step?');
						await tui.press(KEY.escape);
					}
					await tui.press(KEY.enter);
					frame = await tui.waitForFrame('✔ Passed');
					expect(frame).toMatch(/Output · ✔ exit 0/);
					const evidence = verdict()?.results.find((r) => r.evidence?.kind === 'replies')?.evidence;
					if (evidence?.kind === 'replies') expect(frame).toContain(distributionLine(evidence.counts, evidence.replies));
				}
				expect(verdict()?.pass, `${lesson.id}/${step.id}`).toBe(true);
				expect(frame).toContain(`${step.title}  ✔ passed`);
				await tui.press('n');
			}
			expect(saver.writes.at(-1)?.lessons[lesson.id]?.completedAt, lesson.id).toBeDefined();
		}
		const last = saver.writes.at(-1)!;
		for (const lesson of lessons.filter((l) => l.order >= 3 && l.order <= 8)) {
			expect(last.lessons[lesson.id]?.passed.length).toBe(lesson.steps.length);
		}
		expect(last.lessons['global-services']?.hints).toEqual({'annotate-koornacht': 1});
	}, 120_000);
});
