import {Box, Text} from 'ink';
import type {Notice} from '../store/session-state.js';
import {fitRows} from '../text/wrap.js';

const ICON: Readonly<Record<Notice['tone'], string>> = {info: 'ℹ', success: '✔', warn: '!', error: '✘'};
const COLOR: Readonly<Record<Notice['tone'], string>> = {info: 'cyan', success: 'green', warn: 'yellow', error: 'red'};

/** Pure: the notice as rows of the given width (at least one row, blank when there is none). */
export function noticeRows(notice: Notice | undefined, width: number): string[] {
	if (!notice) return [' '];
	return fitRows(` ${ICON[notice.tone]} ${notice.text.replace(/\s*\n\s*/g, ' ')}`, width - 1, {indent: 3});
}

export interface NoticeLineProps {
	readonly width: number;
	readonly notice?: Notice;
	/** Rows it may take (the app sizes the body around them). */
	readonly rows: number;
}

/** The rows under the header: why a key was refused, what an action did, which backend and why. Wrapped, never cut. */
export function NoticeLine({width, notice, rows}: NoticeLineProps) {
	const lines = noticeRows(notice, width).slice(0, Math.max(1, rows));
	return (
		<Box width={width} height={lines.length} flexShrink={0} flexDirection="column">
			{lines.map((line, i) => (
				<Text key={i} wrap="truncate-end" color={notice ? COLOR[notice.tone] : undefined}>
					{line}
				</Text>
			))}
		</Box>
	);
}
