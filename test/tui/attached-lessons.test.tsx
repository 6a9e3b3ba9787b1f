import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {virtualClock} from '../../src/core/clock.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import type {Lesson} from '../../src/lessons/model.js';
import {emptyProgress, markPassed, moveTo, type Progress} from '../../src/state/progress.js';
import {App} from '../../src/tui/app.js';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {LineStore} from '../../src/tui/store/line-store.js';
import {SessionStore} from '../../src/tui/store/session-store.js';
import {fakeBackend, memorySaver, type FakeBackend} from './fixtures.js';
import {KEY, renderTui, type RenderedTui} from './render.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The TUI on attached clusters, with the real lessons: lessons that need the tutorial's own lab
 * (1, 2, 11, 12, 13 and the advanced ones) are listed with the reason and never run, opened
 * next, or replayed by catch-up. The backend is a stub at the `Backend` boundary, driven as
 * `startTui` drives an attached lab (`info.attached`).
 */
describe('the TUI on attached clusters', () => {
	let lessons: Lesson[];
	let mounted: RenderedTui | undefined;
	const byOrder = (order: number) => lessons.find((l) => l.order === order)!;

	beforeAll(async () => {
		lessons = [...(await loadCatalog(path.join(ROOT, 'lessons'))).lessons];
	});
	afterEach(() => {
		mounted?.unmount();
		mounted = undefined;
	});

	async function attached(progress: Progress): Promise<{store: SessionStore; backend: FakeBackend; tui: RenderedTui}> {
		const lines = new LineStore({intervalMs: 0});
		const backend = fakeBackend('kind');
		const store = new SessionStore({lines}, emptyProgress('attached'));
		store.attach({
			lessons,
			backend,
			info: {kind: 'kind', label: 'ATTACHED kc-east · kc-west', reason: 'Running on your attached clusters.', attached: true},
			progress,
			saver: memorySaver(),
			clock: virtualClock(),
		});
		mounted = await renderTui(<App store={store} lines={lines} markdown={renderMarkdown} />, {columns: 120, rows: 40});
		return {store, backend, tui: mounted};
	}

	const at = (order: number, screen: 'intro' | 'step' = 'intro'): Progress => {
		const lesson = byOrder(order);
		return moveTo(emptyProgress('attached'), {lesson: lesson.id, step: lesson.steps[0]!.id, screen});
	};

	it('lists lessons that need the tutorial\'s own lab with the reason, and refuses to open them', async () => {
		const {store, tui} = await attached(at(3));
		await tui.press('l');
		const frame = await tui.waitForFrame('Lessons');
		expect(frame).toMatch(/ 1 +Build the lab.*skipped · needs the tutorial's own lab: it builds the two kind clusters/);
		expect(frame).toMatch(/ 2 +.*skipped · needs the tutorial's own lab: it enables and connects Cluster Mesh/);
		expect(frame).toMatch(/11 +.*skipped · needs the tutorial's own lab: it changes CoreDNS in kube-system/);
		expect(frame).not.toMatch(/ 4 +Global services.*skipped/);
		// Up twice from lesson 3: lesson 1.
		await tui.press(KEY.up, KEY.up, KEY.enter);
		const refused = await tui.waitForFrame('skipped on attached clusters');
		expect(refused).toContain("Lesson 1 is skipped on attached clusters: it needs the tutorial's own lab");
		expect(store.getState().position.lesson).toBe(byOrder(3).id);
	});

	it('a saved position in a skipped lesson opens the first lesson that runs instead', async () => {
		const {store} = await attached(at(1));
		expect(store.getState().position.lesson).not.toBe(byOrder(1).id);
		expect(store.getState().runnable.some((l) => l.ownLab !== undefined)).toBe(false);
	});

	it('`n` past lesson 10 finishes the course instead of opening lesson 11', async () => {
		const ten = byOrder(10);
		const last = ten.steps.at(-1)!;
		let progress = ten.steps.reduce((p, s) => markPassed(p, ten.id, s.id), at(10));
		progress = moveTo(progress, {lesson: ten.id, step: last.id, screen: 'step'});
		const {store, tui} = await attached(progress);
		await tui.waitForFrame(last.title);
		await tui.press('n');
		await tui.waitForFrame(() => store.getState().screen !== 'step');
		expect(store.getState().screen).toBe('finish');
		expect(store.getState().position.lesson).toBe(ten.id);
		expect(tui.frame()).not.toContain(byOrder(11).title);
	});

	it('`p` before lesson 3 does not go back into lesson 2', async () => {
		const {store, tui} = await attached(at(3));
		await tui.waitForFrame(byOrder(3).title);
		await tui.press('p');
		expect(store.getState().position.lesson).not.toBe(byOrder(2).id);
	});

	it('catch-up to lesson 8 replays lessons 3 to 7, never the solutions of lessons 1 and 2', async () => {
		const {store, backend, tui} = await attached(at(3));
		await tui.press('l');
		await tui.waitForFrame('Lessons');
		for (let i = 0; i < 5; i++) await tui.press(KEY.down);
		expect(store.getState().lessons[store.getState().listCursor]?.order).toBe(8);
		await tui.press(KEY.enter);
		await tui.waitForFrame('Catch up to lesson 8?');
		await tui.press('y');
		await tui.waitForFrame('Caught up');
		const ran = backend.ran.map((r) => r.command);
		const solutions = (orders: number[]) => orders.flatMap((o) => byOrder(o).steps.flatMap((s) => s.solution.map((c) => c.command)));
		expect(ran.length).toBeGreaterThan(0);
		for (const command of solutions([1, 2])) expect(ran).not.toContain(command);
		expect(ran.some((c) => /kind create|cilium (install|clustermesh (enable|connect))/.test(c))).toBe(false);
		for (const command of ran) expect(solutions([3, 4, 5, 6, 7])).toContain(command);
		expect(store.getState().position.lesson).toBe(byOrder(8).id);
	});
});
