import {Box, Text} from 'ink';
import {KEY_HELP} from '../keys/key-help.js';
import {theme} from './theme.js';

export interface HelpScreenProps {
	readonly width: number;
	readonly height: number;
}

const KEY_COLUMN = 12;

/** Every key, grouped; two columns of groups when the terminal is wide enough. */
export function HelpScreen({width, height}: HelpScreenProps) {
	const blocks = KEY_HELP.map((group) => [
		theme.bold(group.title),
		...group.keys.map((k) => `  ${theme.key(k.keys.padEnd(KEY_COLUMN))}${k.action}`),
		'',
	]);
	const twoColumns = width >= 110;
	const columns = twoColumns ? [blocks.slice(0, 2).flat(), blocks.slice(2).flat()] : [blocks.flat()];
	const rows = Math.max(0, height - 2);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate-end">
				{' '}
				{theme.title('Keys')}
				{theme.dim('   any key closes this help')}
			</Text>
			<Text> </Text>
			<Box height={rows} flexShrink={0}>
				{columns.map((lines, c) => (
					<Box key={c} flexDirection="column" width={twoColumns ? Math.floor(width / 2) : width} paddingX={1}>
						{lines.slice(0, rows).map((line, i) => (
							<Text key={i} wrap="truncate-end">
								{line}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
