import {Box} from 'ink';
import {lessonMark, lessonUnavailable, type SessionState} from '../store/session-state.js';
import {plural} from '../../core/text.js';
import {fitAll, fitRows} from '../text/wrap.js';
import {BottomBox, bottomBoxRows} from './bottom-box.js';
import {MARKS, theme} from './theme.js';
import {Line} from './line.js';

export interface ListScreenProps {
	readonly state: SessionState;
	readonly width: number;
	readonly height: number;
	readonly now: number;
}

const MARK_GLYPH = {done: theme.pass(MARKS.pass), rewound: theme.warn(MARKS.rewound), started: theme.warn(MARKS.started), new: theme.dim(MARKS.todo)} as const;

/** Columns before a lesson's title: pointer, mark, order. */
const TITLE_COLUMN = 9;

/**
 * Pure: which lessons are in view: a window around the cursor whose wrapped rows fit
 * `rows`, grown one lesson below, then one above, while they fit (the cursor stays central).
 */
export function listWindow(heights: readonly number[], cursor: number, rows: number): {first: number; last: number} {
	let first = Math.max(0, Math.min(cursor, heights.length - 1));
	let last = first;
	let used = heights[first] ?? 0;
	for (let grew = true; grew; ) {
		grew = false;
		const below = heights[last + 1];
		if (below !== undefined && used + below <= rows) {
			last++;
			used += below;
			grew = true;
		}
		const above = heights[first - 1];
		if (above !== undefined && used + above <= rows) {
			first--;
			used += above;
			grew = true;
		}
	}
	return {first, last};
}

/** Every lesson with its progress mark, wrapped, never cut; the highlighted one's summary below. */
export function ListScreen({state, width, height, now}: ListScreenProps) {
	const modal = bottomBoxRows(state.modal, state.task, state.lessons, width);
	const selected = state.lessons[state.listCursor];
	const summary = selected ? fitAll([theme.dim(selected.summary)], Math.max(20, width - 4)) : [];
	const marks = state.lessons.map((lesson) => lessonMark(state, lesson));
	// ↺ is explained only when a lesson has it: passes kept from before the lab was rebuilt.
	const rewound = marks.includes('rewound') ? `  ${MARKS.rewound} to run again (lab rebuilt)` : '';
	const heading = fitRows(` ${theme.title('Lessons')}${theme.dim(`   ${MARKS.pass} done${rewound}  ${MARKS.started} started  ${MARKS.todo} not started`)}`, width, {indent: 1});
	const rows = Math.max(0, height - heading.length - 1 - modal - (summary.length > 0 ? summary.length + 1 : 0));
	const entries = state.lessons.map((lesson, index) => {
		const active = index === state.listCursor;
		const current = lesson.id === state.position.lesson ? theme.dim('  ← you are here') : '';
		const unavailable = lessonUnavailable(state, lesson);
		// On attached clusters a lesson that needs the tutorial's own lab is listed with the reason, and skipped.
		const tag = unavailable ? theme.dim(`  skipped · ${unavailable}`) : lesson.optional ? theme.warn('  advanced · live clusters only') : '';
		const line = ` ${active ? theme.info(MARKS.pointer) : ' '} ${MARK_GLYPH[marks[index] ?? 'new']} ${String(lesson.order).padStart(2)}  ${active ? theme.bold(lesson.title) : lesson.title}${theme.dim(`  ${plural(lesson.steps.length, 'step')}`)}${tag}${current}`;
		const rows = fitRows(line, width, {indent: TITLE_COLUMN});
		// Advanced lessons are listed apart: they are not part of the course and need live clusters.
		const firstAdvanced = lesson.optional && !state.lessons[index - 1]?.optional;
		return firstAdvanced ? ['', ...fitRows(` ${theme.title('Advanced')}${theme.dim('   optional, live clusters only, not counted in the course')}`, width, {indent: 1}), ...rows] : rows;
	});
	const {first, last} = listWindow(
		entries.map((e) => e.length),
		state.listCursor,
		rows,
	);
	// The rows around the list say which way more lessons are (↑/↓ reach them).
	const above = first > 0 ? theme.dim(`   ↑ ${plural(first, 'more lesson')} above`) : '';
	const below = last < entries.length - 1 ? theme.dim(`   ↓ ${plural(entries.length - 1 - last, 'more lesson')} below`) : '';
	const shown = entries.slice(first, last + 1).flatMap((e, i) => e.map((text, j) => ({key: `${state.lessons[first + i]?.id}.${j}`, text})));
	return (
		<Box flexDirection="column" width={width} height={height}>
			{heading.map((line, i) => (
				<Line key={`h${i}`} text={line} />
			))}
			<Line text={above} />
			<Box flexDirection="column" height={rows} flexShrink={0}>
				{shown.slice(0, rows).map((row) => (
					<Line key={row.key} text={row.text} />
				))}
			</Box>
			{summary.length > 0 && (
				<>
					<Line text={below} />
					<Box flexDirection="column" flexShrink={0} paddingX={2}>
						{summary.map((line, i) => (
							<Line key={i} text={line} />
						))}
					</Box>
				</>
			)}
			<BottomBox width={width} height={modal} modal={state.modal} task={state.task} lessons={state.lessons} now={now} />
		</Box>
	);
}
