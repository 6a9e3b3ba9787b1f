import type {LessonCommand} from '../../lessons/model.js';
import {wrapWords} from '../text/wrap.js';
import {BADGE_WIDTH, clusterBadge, theme} from '../components/theme.js';

export interface CommandBlockOptions {
	/** Width of the pane's text area. */
	readonly width: number;
	/** Show the whole command (wrapped at spaces) instead of one truncated line. */
	readonly expanded: boolean;
	/** The command running now: marked with ▶. */
	readonly active?: boolean;
}

const PROMPT = '$ ';

/**
 * A runnable command as the step view shows it: a cluster badge (KOORNACHT, TION, BOTH,
 * LAB) and the command. Ink would hard-wrap a long command anywhere, even mid-word; here it
 * is either one line that the view truncates with an ellipsis, or, when expanded, the whole
 * text broken only at spaces, each continuation marked ↳ so it reads as one command.
 */
export function commandBlock(command: LessonCommand, options: CommandBlockOptions): string[] {
	const marker = options.active ? theme.info('▶ ') : '  ';
	const head = `${marker}${clusterBadge(command.target)} ${theme.dim(PROMPT)}`;
	if (!options.expanded) return [head + theme.bold(command.command)];
	const indent = 2 + BADGE_WIDTH + 1;
	const textWidth = Math.max(20, options.width - indent - PROMPT.length);
	const [first = '', ...rest] = wrapWords(command.command, textWidth);
	return [
		head + theme.bold(first),
		...rest.map((line) => `${' '.repeat(indent)}${theme.dim('↳ ')}${theme.bold(line)}`),
	];
}
