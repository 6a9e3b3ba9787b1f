import path from 'node:path';
import {createElement} from 'react';
import {render} from 'ink';
import chalk from 'chalk';
import type {LabHost} from '../app/open-lab.js';
import type {BackendChoice} from '../backends/choices.js';
import {systemClock} from '../core/clock.js';
import {TutorError} from '../core/errors.js';
import {errorText} from '../core/text.js';
import {EXIT} from '../core/exit-codes.js';
import {emptyProgress} from '../state/progress.js';
import {acquireSessionLock} from '../state/session-lock.js';
import {App} from './app.js';
import type {MarkdownRenderer} from './markdown/render-markdown.js';
import {LineStore} from './store/line-store.js';
import {ProgressSaver} from './store/progress-saver.js';
import {SessionStore} from './store/session-store.js';
import {CleanupRegistry, enterAlternateScreen, installExitHooks} from './terminal/cleanup.js';

/** Lesson authors can preview another folder of lessons in the TUI. */
const LESSONS_ENV = 'CLUSTERMESH_TUTOR_LESSONS';

/** What the TUI needs from its host: what opening a lab needs, plus a way to set the exit code. */
export interface TuiHost extends LabHost {
	setExitCode(code: number): void;
}

/**
 * Runs the interactive tutorial until the learner quits. The first frame is drawn before
 * anything slow happens: probing Docker, parsing lessons, the simulator, marked-terminal
 * are imported and run behind a loading screen. Fullscreen in the alternate screen,
 * restored on every way out.
 */
export async function startTui(ctx: TuiHost, choice: BackendChoice): Promise<void> {
	// chalk (and so Ink and marked-terminal) ignores NO_COLOR; honour it here (no-color.org).
	if (ctx.env.NO_COLOR) chalk.level = 0;
	// Refused before the screen is taken over, so the message lands in the shell.
	const unlock = await acquireSessionLock(ctx.paths);
	const registry = new CleanupRegistry();
	const removeHooks = installExitHooks(registry, ctx.stderr);
	const lines = new LineStore();
	const store = new SessionStore({lines}, emptyProgress('sim'));
	let saver: ProgressSaver | undefined;
	registry.add(() => store.abortAll());
	enterAlternateScreen(process.stdout, registry);
	const app = (markdown?: MarkdownRenderer) => createElement(App, {store, lines, markdown});
	const instance = render(app(), {exitOnCtrlC: false, patchConsole: false, maxFps: 30});
	const onAbort = () => store.exit();
	ctx.signal.addEventListener('abort', onAbort);

	const boot = async () => {
		const lessonsDir = ctx.env[LESSONS_ENV] ? path.resolve(ctx.cwd, ctx.env[LESSONS_ENV]) : path.join(ctx.root, 'lessons');
		const [{loadCatalog}, {loadProgress}, {openLab}] = await Promise.all([
			import('../lessons/catalog.js'),
			import('../state/progress-file.js'),
			import('../app/open-lab.js'),
		]);
		const [catalog, lab, markdown] = await Promise.all([
			loadCatalog(lessonsDir),
			openLab(ctx, choice),
			import('./markdown/render-markdown.js'),
		]);
		const file = ctx.paths.progress(lab.backend.kind);
		const [progress, clusters] = await Promise.all([
			loadProgress(file, lab.backend.kind),
			lab.backend.observer.clusters().catch(() => undefined),
		]);
		saver = new ProgressSaver(file, (error) => store.report(new Error(`could not save progress to ${file}: ${errorText(error)}`)));
		instance.rerender(app(markdown.renderMarkdown));
		store.attach({
			lessons: catalog.lessons,
			backend: lab.backend,
			info: {kind: lab.backend.kind, label: lab.backend.label, reason: lab.reason},
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
	} finally {
		ctx.signal.removeEventListener('abort', onAbort);
		await saver?.flush();
		lines.dispose();
		registry.run();
		removeHooks();
		await unlock().catch(() => undefined);
	}
}
