import {Box, Text} from 'ink';
import type {Lesson} from '../../lessons/model.js';
import type {BackendInfo, Screen} from '../store/session-state.js';
import {inkColors} from './theme.js';

export interface HeaderProps {
	readonly width: number;
	readonly screen: Screen;
	readonly lessons: readonly Lesson[];
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
	const last = Math.max(0, ...lessons.filter((l) => !l.optional).map((l) => l.order));
	const where =
		lesson && screen !== 'boot'
			? ` Lesson ${lesson.order}/${last} · ${lesson.title}${screen === 'step' ? ` · Step ${step + 1}/${lesson.steps.length}` : ''}`
			: '';
	const badge = backend ? ` ${backend.label} ` : ' … ';
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
