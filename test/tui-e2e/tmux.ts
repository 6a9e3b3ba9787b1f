import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** tmux is an apt package, not an npm one: without it the end-to-end tests skip, saying why. */
export const TMUX_MISSING = spawnSync('tmux', ['-V']).status !== 0 ? 'tmux is not installed (apt-get install tmux)' : undefined;

/** The shell's prompt, to tell when a command (the app) has ended. */
export const PROMPT = 'e2e$';

/**
 * How long `waitFor` waits by default. Starting node and the app, or a frame after a key, takes
 * well under a second on an idle machine and many seconds at load 15 on two cores (CI, with
 * other test processes): a generous bound costs nothing when the screen comes, since waits end
 * as soon as it does.
 */
export const SCREEN_PATIENCE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TmuxPane {
	/** The screen as text (what a learner sees now). */
	screen(): string;
	/** The screen with its colour and style escapes. */
	styledScreen(): string;
	/** Named keys (`Enter`, `Escape`, `C-c`, `Down`) or single characters. */
	keys(...keys: string[]): void;
	/** Text typed one character at a time (`send-keys -l 'ab'` would arrive as one paste). */
	type(text: string): Promise<void>;
	/** A line typed into the shell and run (wait for what it shows with `waitFor`). */
	run(command: string): Promise<void>;
	/**
	 * Polls the screen every 50 ms until it contains the text (or matches); returns it. On timeout
	 * (default SCREEN_PATIENCE_MS) throws with what it waited for, the screen, and what runs in the pane.
	 */
	waitFor(match: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
	/** Waits until the app has ended: the normal screen is back with the shell's prompt last. */
	waitForPrompt(timeoutMs?: number): Promise<string>;
	/** tmux format variables, e.g. `#{alternate_on} #{cursor_flag}`. */
	display(format: string): string;
	kill(): void;
}

/**
 * One shell in a detached tmux session on a private socket, sized like a real terminal.
 * The app runs inside that shell, so after it exits the shell's prompt shows whether the
 * terminal came back intact. `CI=false` is in the environment: with CI set, Ink draws only
 * the last frame (ink-engineering §2.7).
 */
export function tmuxShell(options: {socket: string; name: string; columns: number; rows: number; env: Record<string, string>}): TmuxPane {
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', options.socket, ...args], {encoding: 'utf8'});
	const target = ['-t', options.name];
	// The environment goes in the shell's rc file: an interactive bash may rewrite PATH and
	// PS1 from system files after inheriting them, but the rc file runs last.
	const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
	const env = {...options.env, CI: 'false', PS1: `${PROMPT} `};
	const rc = path.join(mkdtempSync(path.join(os.tmpdir(), 'cmt-tmux-')), 'rc');
	writeFileSync(rc, Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}\n`).join(''));
	tmux('new-session', '-d', '-s', options.name, '-x', String(options.columns), '-y', String(options.rows), `bash --noprofile --rcfile ${rc}`);
	// Detached, -x/-y are only a hint: fix the size explicitly.
	tmux('resize-window', ...target, '-x', String(options.columns), '-y', String(options.rows));
	const screen = () => tmux('capture-pane', '-p', ...target);
	const pane: TmuxPane = {
		screen,
		styledScreen: () => tmux('capture-pane', '-p', '-e', ...target),
		keys: (...keys) => {
			for (const key of keys) tmux('send-keys', ...target, key);
		},
		async type(text) {
			// Paced like a typist so each character is its own key; the app also copes with them
			// arriving together (a loaded machine reads them in one chunk), so this is no wait.
			for (const ch of text) {
				tmux('send-keys', ...target, '-l', ch);
				await sleep(5);
			}
		},
		async run(command) {
			tmux('send-keys', ...target, '-l', command);
			tmux('send-keys', ...target, 'Enter');
		},
		async waitFor(match, timeoutMs = SCREEN_PATIENCE_MS) {
			const test =
				typeof match === 'string' ? (s: string) => s.includes(match) : match instanceof RegExp ? (s: string) => match.test(s) : match;
			const started = Date.now();
			for (;;) {
				const s = screen();
				if (test(s)) return s;
				if (Date.now() - started > timeoutMs) {
					const running = pane.display('#{pane_current_command} (alternate screen #{?alternate_on,on,off})');
					throw new Error(`timed out after ${Date.now() - started} ms waiting for ${String(match)}; the pane runs ${running}; screen:\n${s}`);
				}
				await sleep(50);
			}
		},
		waitForPrompt: (timeoutMs) =>
			pane.waitFor(
				(s) => pane.display('#{alternate_on}') === '0' && s.trimEnd().split('\n').at(-1)?.trim() === PROMPT,
				timeoutMs,
			),
		display: (format) => tmux('display', '-p', ...target, format).trim(),
		kill: () => {
			try {
				tmux('kill-session', ...target);
			} catch {
				// The session (or the whole server) is already gone.
			}
			rmSync(path.dirname(rc), {recursive: true, force: true});
		},
	};
	return pane;
}
