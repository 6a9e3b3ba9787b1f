import {Box, Text} from 'ink';
import type {FooterKey} from '../keys/footer-keys.js';

export interface FooterProps {
	readonly width: number;
	readonly keys: readonly FooterKey[];
}

const SEPARATOR = 2;

const cost = (item: FooterKey) => item.key.length + 1 + item.label.length + SEPARATOR;

/** Keys that apply now, as many as fit: pinned ones always, the rest in order of usefulness. */
export function Footer({width, keys}: FooterProps) {
	let room = width - 1 + SEPARATOR - keys.filter((item) => item.pinned).reduce((sum, item) => sum + cost(item), 0);
	const fits = new Set<FooterKey>();
	for (const item of keys) {
		if (item.pinned) continue;
		if (cost(item) > room) break;
		fits.add(item);
		room -= cost(item);
	}
	const shown = keys.filter((item) => item.pinned || fits.has(item));
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
