import {spinnerAt} from '../../core/spinner.js';
import chalk from 'chalk';
import type {Target} from '../../core/lab.js';

/**
 * The TUI's few colours, in one place. Calm by default: colour marks state (pass, fail,
 * running) and clusters; everything else is plain or dim. With NO_COLOR chalk's level is 0
 * and every style below returns the text unchanged, so meaning never rests on colour alone.
 */
export const theme = {
	pass: chalk.green,
	fail: chalk.red,
	warn: chalk.yellow,
	info: chalk.cyan,
	dim: chalk.dim,
	bold: chalk.bold,
	italic: chalk.italic,
	key: chalk.bold.cyan,
	title: chalk.bold,
	koornacht: chalk.blue,
	tion: chalk.magenta,
	timeout: chalk.red,
} as const;

/** Ink colour names for boxes and badges (Ink styles `<Text>`/`<Box>` props itself). */
export const inkColors = {
	border: 'gray',
	focus: 'cyan',
	pass: 'green',
	fail: 'red',
	warn: 'yellow',
	live: 'red',
	sim: 'cyan',
} as const;

const BADGE_STYLE: Readonly<Record<Target, (text: string) => string>> = {
	koornacht: chalk.bgBlue.white.bold,
	tion: chalk.bgMagenta.white.bold,
	both: chalk.bgCyan.black.bold,
	lab: chalk.bgGray.white.bold,
};

/** Width of every cluster badge, so commands line up whatever their target. */
export const BADGE_WIDTH = 11;

/** ` KOORNACHT ` / ` TION ` / ` BOTH ` / ` LAB `, padded to one width. */
export function clusterBadge(target: Target): string {
	const label = ` ${target.toUpperCase()} `;
	return BADGE_STYLE[target](label) + ' '.repeat(Math.max(0, BADGE_WIDTH - label.length));
}

export const MARKS = {pass: '✔', fail: '✘', skip: '↷', rewound: '↺', todo: '·', started: '◐', pointer: '›'} as const;


export function spinnerFrame(now: number, intervalMs = 80): string {
	return spinnerAt(Math.floor(now / intervalMs));
}

/** `3.2s`, `1m 05s`. */
export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, ms) / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)}s`;
	const whole = Math.floor(seconds);
	return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
}
