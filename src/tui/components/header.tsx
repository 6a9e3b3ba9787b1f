import {Box, Text} from 'ink';
import {describePlace, lessonPlace} from '../../engine/curriculum.js';
import type {Lesson} from '../../lessons/model.js';
import type {BackendInfo, Screen} from '../store/session-state.js';
import {visibleWidth} from '../text/wrap.js';
import {inkColors} from './theme.js';

export interface HeaderProps {
	readonly width: number;
	readonly screen: Screen;
	/** Every lesson, for the count (undefined while only the learner's own has loaded). */
	readonly lessons?: readonly Lesson[];
	readonly lesson?: Lesson;
	/** 0-based step index. */
	readonly step: number;
	readonly backend?: BackendInfo;
}

/**
 * One row: the product, where the learner is (lesson N/total, title, step i/n) and the
 * backend badge, LIVE or SIMULATION in distinct colours, always visible.
 */
export function Header({width, screen, lessons, lesson, step, backend}: HeaderProps) {
	// Advanced lessons are counted apart; until the catalog loads, the number alone.
	const place = lesson && lessons ? describePlace(lessonPlace(lessons, lesson)) : lesson ? `${lesson.optional ? 'Advanced' : 'Lesson'} ${lesson.order}` : '';
	const badge = backend ? ` ${backend.label} ` : ' … ';
	const stepPart = screen === 'step' && lesson ? ` · Step ${step + 1}/${lesson.steps.length}` : '';
	// Most detail that fits: the title is dropped first (the screen's own title row shows it in full).
	const room = width - visibleWidth(badge) - 1 - ' clustermesh-tutor'.length;
	const choices = lesson && screen !== 'boot' ? [` ${place} · ${lesson.title}${stepPart}`, ` ${place}${stepPart}`, ''] : [''];
	const where = choices.find((text) => visibleWidth(text) <= room) ?? '';
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Box flexGrow={1} flexShrink={1} overflow="hidden">
				<Text wrap="truncate-end">
					<Text bold color="cyan">
						{' '}
						clustermesh-tutor
					</Text>
					<Text>{where}</Text>
				</Text>
			</Box>
			<Box flexShrink={0} marginLeft={1}>
				<Text
					bold
					color={backend ? 'black' : undefined}
					backgroundColor={backend ? (backend.kind === 'kind' ? inkColors.live : inkColors.sim) : undefined}
				>
					{badge}
				</Text>
			</Box>
		</Box>
	);
}
