import {Box, Text} from 'ink';
import {lessonMark, type SessionState} from '../store/session-state.js';
import {wrapWords} from '../text/wrap.js';
import {BottomBox, bottomBoxRows} from './bottom-box.js';
import {MARKS, theme} from './theme.js';
import {Line} from './line.js';

export interface ListScreenProps {
	readonly state: SessionState;
	readonly width: number;
	readonly height: number;
	readonly now: number;
}

const MARK_GLYPH = {done: theme.pass(MARKS.pass), started: theme.warn(MARKS.started), new: theme.dim(MARKS.todo)} as const;

/** Every lesson with its progress mark; the highlighted one's summary below. */
export function ListScreen({state, width, height, now}: ListScreenProps) {
	const modal = bottomBoxRows(state.modal, state.task, state.lessons, width);
	const selected = state.lessons[state.listCursor];
	const summary = selected ? wrapWords(selected.summary, Math.max(20, width - 4)).slice(0, 2) : [];
	const rows = Math.max(0, height - 2 - modal - (summary.length > 0 ? summary.length + 1 : 0));
	// Keep the cursor in view: a window of `rows` lessons around it.
	const first = Math.max(0, Math.min(state.listCursor - Math.floor(rows / 2), state.lessons.length - rows));
	const shown = state.lessons.slice(first, first + rows);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate-end">
				{' '}
				{theme.title('Lessons')}
				{theme.dim(`   ${MARKS.pass} done  ${MARKS.started} started  ${MARKS.todo} not started`)}
			</Text>
			<Text> </Text>
			<Box flexDirection="column" height={rows} flexShrink={0}>
				{shown.map((lesson, i) => {
					const index = first + i;
					const active = index === state.listCursor;
					const current = lesson.id === state.position.lesson ? theme.dim('  ← you are here') : '';
					const tag = lesson.optional ? theme.warn('  advanced') : '';
					const line = ` ${active ? theme.info(MARKS.pointer) : ' '} ${MARK_GLYPH[lessonMark(state.progress, lesson)]} ${String(lesson.order).padStart(2)}  ${active ? theme.bold(lesson.title) : lesson.title}${theme.dim(`  ${lesson.steps.length} steps`)}${tag}${current}`;
					return <Line key={lesson.id} text={line} />;
				})}
			</Box>
			{summary.length > 0 && (
				<Box flexDirection="column" flexShrink={0} paddingX={2} marginTop={1}>
					{summary.map((line, i) => (
						<Line key={i} text={theme.dim(line)} />
					))}
				</Box>
			)}
			<BottomBox width={width} height={modal} modal={state.modal} task={state.task} lessons={state.lessons} now={now} />
		</Box>
	);
}
