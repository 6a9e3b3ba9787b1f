import {Box} from 'ink';
import {KEY_HELP} from '../keys/key-help.js';
import {fitAll} from '../text/wrap.js';
import {Line} from './line.js';
import {theme} from './theme.js';

export interface HelpScreenProps {
	readonly width: number;
	readonly height: number;
}

const KEY_COLUMN = 12;

/** Every key, grouped, in one column (it fits 80x24; a long action wraps under itself). */
export function HelpScreen({width, height}: HelpScreenProps) {
	const lines = fitAll([
		`${theme.title('Keys')}${theme.dim('   any key closes this help; q quits')}`,
		...KEY_HELP.flatMap((group) => [
			theme.bold(group.title),
			...group.keys.map((k) => `  ${theme.key(k.keys.padEnd(KEY_COLUMN))}${k.action}`),
		]),
	], width - 2, {indent: 2 + KEY_COLUMN});
	return (
		<Box flexDirection="column" width={width} height={height} paddingX={1}>
			{lines.slice(0, height).map((line, i) => (
				<Line key={i} text={line} />
			))}
		</Box>
	);
}
