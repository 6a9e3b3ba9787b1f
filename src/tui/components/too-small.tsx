import {Box, Text} from 'ink';
import {fitAll} from '../text/wrap.js';
import {frameRows, MIN_SIZE, type Size} from '../view/layout.js';
import {theme} from './theme.js';

/** Shown instead of the lesson when the terminal is below `MIN_SIZE`: what to do, in words that fit. */
export function TooSmall({size}: {readonly size: Size}) {
	const width = Math.max(1, size.columns - 2);
	const lines = fitAll(
		[
			theme.bold('Please enlarge the terminal.'),
			`clustermesh-tutor needs at least ${MIN_SIZE.columns}×${MIN_SIZE.rows} (columns × rows) to show a step in full; this one is ${size.columns}×${size.rows}.`,
			theme.dim('It redraws as soon as the window is big enough. q quits.'),
		],
		width,
	);
	const rows = frameRows(size);
	return (
		<Box flexDirection="column" width={size.columns} height={rows} paddingX={1}>
			{lines.slice(0, rows).map((line, i) => (
				<Text key={i} wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
