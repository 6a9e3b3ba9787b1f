import {Box, Text} from 'ink';
import type {Notice} from '../store/session-state.js';

const ICON: Readonly<Record<Notice['tone'], string>> = {info: 'ℹ', success: '✔', warn: '!', error: '✘'};
const COLOR: Readonly<Record<Notice['tone'], string>> = {info: 'cyan', success: 'green', warn: 'yellow', error: 'red'};

export interface NoticeLineProps {
	readonly width: number;
	readonly notice?: Notice;
}

/** The row under the header: why a key was refused, what an action did, which backend and why. */
export function NoticeLine({width, notice}: NoticeLineProps) {
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Text wrap="truncate-end" color={notice ? COLOR[notice.tone] : undefined}>
				{notice ? ` ${ICON[notice.tone]} ${notice.text}` : ' '}
			</Text>
		</Box>
	);
}
