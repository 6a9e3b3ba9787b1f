import type {LessonCommand} from '../../lessons/model.js';
import {fitRows} from '../text/wrap.js';
import {BADGE_WIDTH, clusterBadge, theme} from '../components/theme.js';

export interface CommandBlockOptions {
	/** Width of the pane's text area. */
	readonly width: number;
	/** The command running now: marked with ▶. */
	readonly active?: boolean;
}

const PROMPT = '$ ';

/**
 * A runnable command as the step view shows it: a cluster badge (KOORNACHT, TION, BOTH,
 * LAB) and the whole command. Ink would hard-wrap a long command anywhere, even mid-word;
 * here it breaks at spaces (inside a word only when one is wider than the pane), each
 * continuation under the command and marked ↳ so it reads as one command.
 */
export function commandBlock(command: LessonCommand, options: CommandBlockOptions): string[] {
	const marker = options.active ? theme.info('▶ ') : '  ';
	const line = `${marker}${clusterBadge(command.target)} ${theme.dim(PROMPT)}${theme.bold(command.command)}`;
	return fitRows(line, options.width, {indent: 2 + BADGE_WIDTH + 1, mark: theme.dim('↳ ')});
}
