import {Box, Text} from 'ink';
import {textPresentation} from '../text/normalize.js';
import {visibleWidth} from '../text/wrap.js';
import {PANEL_CHROME_ROWS} from '../view/layout.js';
import {Line} from './line.js';

export interface PanelLine {
	/** Stable React key (e.g. the absolute output line number). */
	readonly key: string | number;
	readonly text: string;
}

export interface PanelProps {
	/** Drawn into the top border, may carry colour; given several, the first that fits (longest first). */
	readonly title: string | readonly string[];
	/** Outer width, borders included. */
	readonly width: number;
	/** Outer height, borders included; lines beyond it are not rendered at all. */
	readonly height: number;
	readonly lines: readonly (string | PanelLine)[];
	/** @default 'gray' */
	readonly borderColor?: string;
}

/**
 * A rounded box with its title in the top border and exactly `height` rows. Its lines come
 * fitted to the inner width (`fitRows`), one row each; they are sliced before rendering
 * (Yoga lays out every child, visible or not), so the frame never grows taller.
 */
export function Panel({title, width, height, lines, borderColor = 'gray'}: PanelProps) {
	if (height < PANEL_CHROME_ROWS) return null;
	const inner = height - PANEL_CHROME_ROWS;
	const shown = lines.slice(0, inner).map((line, i) => (typeof line === 'string' ? {key: i, text: line} : line));
	// The longest title that fits the top border ("╭─", the spaced title, at least one "─", "╮").
	const titles = (typeof title === 'string' ? [title] : title).map((t) => ` ${textPresentation(t)} `);
	const label = titles.find((t) => visibleWidth(t) <= width - 4) ?? titles.at(-1) ?? '';
	const fill = Math.max(0, width - 3 - visibleWidth(label));
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text wrap="truncate-end">
				<Text color={borderColor}>╭─</Text>
				{label}
				<Text color={borderColor}>{'─'.repeat(fill)}╮</Text>
			</Text>
			<Box
				flexDirection="column"
				borderStyle="round"
				borderTop={false}
				borderColor={borderColor}
				paddingX={1}
				width={width}
				height={height - 1}
			>
				{shown.map((line) => (
					<Line key={line.key} text={line.text} />
				))}
			</Box>
		</Box>
	);
}
