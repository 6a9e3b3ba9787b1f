import {Box, Text} from 'ink';
import type {FooterKey} from '../keys/footer-keys.js';

export interface FooterProps {
	readonly width: number;
	readonly keys: readonly FooterKey[];
}

const SEPARATOR = 2;

/** Keys that apply now, as many as fit (the list comes most useful first). */
export function Footer({width, keys}: FooterProps) {
	const shown: FooterKey[] = [];
	let used = 1;
	for (const item of keys) {
		const cost = item.key.length + 1 + item.label.length + (shown.length > 0 ? SEPARATOR : 0);
		if (used + cost > width) break;
		shown.push(item);
		used += cost;
	}
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Text wrap="truncate-end">
				{' '}
				{shown.map((item, i) => (
					<Text key={item.key + item.label}>
						{i > 0 ? '  ' : ''}
						<Text bold color="cyan">
							{item.key}
						</Text>{' '}
						<Text dimColor>{item.label}</Text>
					</Text>
				))}
			</Text>
		</Box>
	);
}
