import {access} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import {createElement} from 'react';
import {render} from 'ink';
import chalk from 'chalk';
import type {LabHost} from '../app/open-lab.js';
import type {BackendChoice} from '../backends/choices.js';
import type {LabKind} from '../core/backend-kind.js';
import {systemClock} from '../core/clock.js';
import {TutorError} from '../core/errors.js';
import {errorText} from '../core/text.js';
import {EXIT} from '../core/exit-codes.js';
import {emptyProgress, type Progress} from '../state/progress.js';
import {acquireSessionLock} from '../state/session-lock.js';
import {App, type Preview} from './app.js';
import {firstLesson, lessonLocations, likelyLab, previewProgress, progressTimes} from './first-lesson.js';
import type {MarkdownRenderer} from './markdown/render-markdown.js';
import {LineStore} from './store/line-store.js';
import {ProgressSaver} from './store/progress-saver.js';
import {SessionStore} from './store/session-store.js';
import {CleanupRegistry, enterAlternateScreen, installExitHooks} from './terminal/cleanup.js';

/** What the TUI needs from its host: what opening a lab needs, plus a way to set the exit code. */
export interface TuiHost extends LabHost {
	setExitCode(code: number): void;
}

/** Stored progress. On a first run there is no file yet, and no validator (zod) to load for it. */
async function readProgress(file: string, kind: LabKind): Promise<Progress> {
	try {
		await access(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyProgress(kind);
	}
	const {loadProgress} = await import('../state/progress-file.js');
	return loadProgress(file, kind);
}

/** What the first frame shows: the prose renderer and, when it can be read, the learner's lesson. */
interface FirstScreen {
	readonly markdown: MarkdownRenderer;
	readonly preview?: Preview;
}

/** How long the first frame waits for the learner's lesson (from the build's cache it takes a few ms) before drawing the loading screen. */
const FIRST_FRAME_WAIT_MS = 100;

/**
 * The learner's lesson and the prose renderer, before the backend is chosen: `auto` probes
 * Docker and kind, which can take seconds, so the lab whose progress is shown is the likely
 * one (see likelyLab) and the badge waits for the choice unless the learner named it.
 */
async function loadFirstScreen(ctx: TuiHost, choice: BackendChoice): Promise<FirstScreen> {
	const {lessonsDir, cacheFile} = lessonLocations(ctx);
	const [markdown, lab] = await Promise.all([
		import('./markdown/render-markdown.js'),
		progressTimes(ctx.paths.progress).then((times) => likelyLab(choice, times)),
	]);
	const progress = await previewProgress(ctx.paths.progress(lab), lab);
	const first = await firstLesson(lessonsDir, progress.current?.lesson, cacheFile).catch(() => undefined);
	const kind = choice === 'auto' ? undefined : choice;
	return {markdown: markdown.renderMarkdown, preview: first && {lessons: [first], progress, kind, partial: true}};
}

/**
 * Runs the interactive tutorial until the learner quits. The first frame shows the learner's
 * lesson (loaded while the session lock is taken); the catalog, the validated progress and
 * the backend load behind it. Fullscreen in the alternate screen, restored on every way out.
 */
export async function startTui(ctx: TuiHost, choice: BackendChoice): Promise<void> {
	// chalk (and so Ink and marked-terminal) ignores NO_COLOR; honour it here (no-color.org).
	if (ctx.env.NO_COLOR) chalk.level = 0;
	const firstScreen = loadFirstScreen(ctx, choice);
	// Marked as handled: when the lock is refused, nobody waits for the first screen.
	firstScreen.catch(() => undefined);
	// Refused before the screen is taken over, so the message lands in the shell.
	const unlock = await acquireSessionLock(ctx.paths);
	const registry = new CleanupRegistry();
	const removeHooks = installExitHooks(registry, ctx.stderr);
	const lines = new LineStore();
	const store = new SessionStore({lines}, emptyProgress('sim'));
	let saver: ProgressSaver | undefined;
	registry.add(() => store.abortAll());
	enterAlternateScreen(process.stdout, registry);
	const app = (markdown?: MarkdownRenderer, preview?: Preview) => createElement(App, {store, lines, markdown, preview});
	const ready = await Promise.race([firstScreen.catch(() => undefined), delay(FIRST_FRAME_WAIT_MS)]);
	// Ink holds a frame that follows another within 1000/maxFps ms until that much has passed. The
	// app paces its own redraws (output at most every 50 ms through LineStore, the clock every
	// 100 ms through useNow), so the throttle only merges bursts: at 250 a command's "exit 0" (or
	// a key's answer) waits at most 4 ms behind an output frame, where 60 held it up to 17.
	const instance = render(app(ready?.markdown, ready?.preview), {exitOnCtrlC: false, patchConsole: false, maxFps: 250});
	// SIGINT (from `kill -INT`; in raw mode the keyboard's Ctrl-C arrives as a key) ends the session as interrupted.
	const onAbort = () => store.exit('interrupted');
	ctx.signal.addEventListener('abort', onAbort);

	// Loading order: what the first screen needs came first; then the catalog and the
	// validated progress of the lab the choice opens; the backend (the simulator or the live
	// clients) loads last, and keys work from the moment it is attached.
	const boot = async () => {
		const {markdown, preview} = await firstScreen;
		if (!ready) instance.rerender(app(markdown, preview));
		// Let the frame reach the terminal before the catalog's parsing holds the event loop.
		await delay(0);
		const {lessonsDir} = lessonLocations(ctx);
		const [{decideLab, openLab}, {loadCatalog}] = await Promise.all([import('../app/open-lab.js'), import('../lessons/catalog.js')]);
		const decided = await decideLab(ctx, choice);
		const kind = decided.decision.kind === 'sim' ? 'sim' : 'kind';
		const file = ctx.paths.progress(kind);
		const [firstProgress, catalog] = await Promise.all([readProgress(file, kind), loadCatalog(lessonsDir)]);
		instance.rerender(app(markdown, {lessons: catalog.lessons, progress: firstProgress, kind}));
		const lab = await openLab(ctx, choice, {decided});
		// The live backend can fall back to the simulator, and attached clusters are a lab of their own: each keeps its own progress.
		const progressFile = ctx.paths.progress(lab.kind);
		const [progress, clusters] = await Promise.all([
			progressFile === file ? firstProgress : readProgress(progressFile, lab.kind),
			lab.backend.observer.clusters().catch(() => undefined),
		]);
		saver = new ProgressSaver(progressFile, (error) => store.report(new Error(`could not save progress to ${progressFile}: ${errorText(error)}`)));
		instance.rerender(app(markdown));
		store.attach({
			lessons: catalog.lessons,
			backend: lab.backend,
			info: {kind: lab.backend.kind, label: lab.backend.label, reason: lab.reason, attached: lab.kind === 'attached'},
			progress,
			saver,
			// Real time on both backends: the simulator declares its own short retry budget, and a
			// failing check then shows the same countdown (and can be cancelled) as on live clusters.
			clock: systemClock,
			wipe: lab.wipe,
		});
		if (clusters?.length === 0) await store.prepare();
	};
	boot().catch((error: unknown) => {
		ctx.setExitCode(error instanceof TutorError ? error.exitCode : EXIT.failed);
		store.fail(errorText(error));
	});

	try {
		await instance.waitUntilExit();
		// Ctrl-C is an interruption, as everywhere in the tool: 130, where q quits with 0.
		if (store.getState().exiting === 'interrupted') ctx.setExitCode(EXIT.interrupted);
	} finally {
		ctx.signal.removeEventListener('abort', onAbort);
		await saver?.flush();
		lines.dispose();
		registry.run();
		removeHooks();
		await unlock().catch(() => undefined);
	}
}
