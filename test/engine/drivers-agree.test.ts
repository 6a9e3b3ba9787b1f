import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Backend} from '../../src/backends/backend.js';
import {createSimBackend, emptySimState, memorySimStore} from '../../src/backends/sim/index.js';
import {virtualClock} from '../../src/core/clock.js';
import {verifyLessons} from '../../src/engine/verify.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import type {Lesson, LessonCommand, Step} from '../../src/lessons/model.js';
import {emptyProgress, moveTo} from '../../src/state/progress.js';
import {LineStore} from '../../src/tui/store/line-store.js';
import {currentStep} from '../../src/tui/store/session-state.js';
import {SessionStore} from '../../src/tui/store/session-store.js';

const root = path.resolve(import.meta.dirname, '../..');
const koornacht = (command: string, line: number): LessonCommand => ({target: 'koornacht', command, line});

/** Two steps whose first command fails: one judged by a check, one by its commands alone. */
const failingFirst: Step[] = [
	{
		id: 'first-command-fails-checked',
		title: 'A failing first command, then a check',
		line: 1,
		prose: '',
		commands: [koornacht('kubectl get deployment no-such-deployment', 1), koornacht('kubectl scale deployment rebel-base --replicas=1', 2)],
		solution: [],
		check: [{type: 'deployment', cluster: 'koornacht', namespace: 'default', name: 'rebel-base', expect: {replicas: 1}}],
		hints: ['Scale rebel-base in Koornacht.'],
		wrong: [],
	},
	{
		id: 'first-command-fails-unchecked',
		title: 'A failing first command, no check',
		line: 1,
		prose: '',
		commands: [koornacht('kubectl get deployment no-such-deployment', 1), koornacht('kubectl get pods', 2)],
		solution: [],
		check: [],
		hints: [],
		wrong: [],
	},
];

/** The real curriculum, with the failing steps appended to lesson 4 (global services). */
async function curriculum(): Promise<Lesson[]> {
	const {lessons} = await loadCatalog(path.join(root, 'lessons'));
	return lessons.map((l) => (l.id === 'global-services' ? {...l, steps: [...l.steps, ...failingFirst]} : l));
}

/** A fresh simulated lab whose backend logs every command it runs. */
function recordedSim() {
	const store = memorySimStore(emptySimState(7));
	const inner = createSimBackend({store, root, cwd: root});
	const log: string[] = [];
	const backend: Backend = {
		kind: inner.kind,
		label: inner.label,
		observer: inner.observer,
		checkTiming: inner.checkTiming,
		run: (request) => {
			log.push(`${request.target}: ${request.command}`);
			return inner.run(request);
		},
	};
	return {store, backend, log};
}

interface StepRecord {
	readonly step: string;
	readonly ran: readonly string[];
	readonly verdict: 'pass' | 'fail' | 'skip';
}

/** `verify` on lesson 4, the lab first brought to its start by verifying lesson 3. */
async function throughVerify(lessons: Lesson[]): Promise<StepRecord[]> {
	const sim = recordedSim();
	await verifyLessons(lessons, sim.backend, {lessons: ['deploy-the-app'], clock: virtualClock()});
	const records: StepRecord[] = [];
	let mark = sim.log.length;
	const ids = new Set(lessons.find((l) => l.id === 'global-services')?.steps.map((s) => s.id));
	await verifyLessons(lessons, sim.backend, {
		lessons: ['global-services'],
		clock: virtualClock(),
		onStep: (entry) => {
			if (ids.has(entry.step)) records.push({step: entry.step, ran: sim.log.slice(mark), verdict: entry.verdict});
			mark = sim.log.length;
		},
	});
	return records;
}

/** A learner in the TUI on lesson 4: Enter on every step (the right answer on questions), then n (skipping what failed). */
async function throughTui(lessons: Lesson[]): Promise<StepRecord[]> {
	const sim = recordedSim();
	const store = new SessionStore({lines: new LineStore({intervalMs: 0})}, emptyProgress('sim'));
	store.attach({
		lessons,
		backend: sim.backend,
		info: {kind: 'sim', label: 'SIMULATION', reason: 'test'},
		progress: moveTo(emptyProgress('sim'), {lesson: 'global-services', step: 'why-still-local', screen: 'intro'}),
		clock: virtualClock(),
		wipe: () => sim.store.reset(),
	});
	await store.prepare();
	store.next(); // intro → step 1
	const records: StepRecord[] = [];
	for (;;) {
		const state = store.getState();
		const step = currentStep(state);
		if (state.position.lesson !== 'global-services' || state.screen !== 'step' || !step) break;
		sim.log.length = 0;
		step.quiz?.choices.forEach((choice, i) => choice.correct && store.toggleChoice(i));
		await store.runStep();
		const {check} = store.getState();
		const verdict = check.status === 'done' ? (check.verdict.pass ? 'pass' : 'fail') : step.liveOnly ? 'skip' : 'pass';
		records.push({step: step.id, ran: [...sim.log], verdict});
		store.next();
		if (store.getState().modal?.kind === 'confirm') await store.answer('alt'); // skip, lab as it is
	}
	return records;
}

describe('one step runner for every driver', () => {
	it('the TUI and verify run the same commands and reach the same verdicts, a failing first command included', async () => {
		const lessons = await curriculum();
		const [tui, verify] = await Promise.all([throughTui(lessons), throughVerify(lessons)]);
		expect(tui).toEqual(verify);
		expect(tui.length).toBe(lessons.find((l) => l.id === 'global-services')?.steps.length);
		expect(tui.filter((r) => r.verdict === 'pass').length).toBeGreaterThan(3);
		// The first command fails, so the second never runs, for the learner and for verify alike.
		expect(tui.filter((r) => r.step.startsWith('first-command-fails'))).toEqual([
			{step: 'first-command-fails-checked', ran: ['koornacht: kubectl get deployment no-such-deployment'], verdict: 'fail'},
			{step: 'first-command-fails-unchecked', ran: ['koornacht: kubectl get deployment no-such-deployment'], verdict: 'fail'},
		]);
	});
});
