import {Box} from 'ink';
import {spinnerFrame, theme} from './theme.js';
import {fitAll} from '../text/wrap.js';
import {Line} from './line.js';

export interface BootScreenProps {
	readonly width: number;
	readonly height: number;
	readonly now: number;
	/** A start-up failure to explain instead of the spinner. */
	readonly fatal?: string;
}

/** Shown for the moment lessons, backend and progress load, or when that failed. */
export function BootScreen({width, height, now, fatal}: BootScreenProps) {
	const lines = fatal
		? [theme.fail("Couldn't start the tutorial:"), '', ...fitAll(fatal.split('\n'), Math.max(20, width - 4)), '', theme.dim('q quits.')]
		: [`${theme.info(spinnerFrame(now))} Loading lessons…`];
	return (
		<Box flexDirection="column" width={width} height={height} paddingX={1} paddingTop={1}>
			{lines.slice(0, Math.max(0, height - 1)).map((line, i) => (
				<Line key={i} text={line} />
			))}
		</Box>
	);
}
