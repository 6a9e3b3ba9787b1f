import {Box, Text} from 'ink';
import type {FooterKey} from '../keys/footer-keys.js';

export interface FooterProps {
	readonly width: number;
	readonly keys: readonly FooterKey[];
}

const SEPARATOR = 2;

const cost = (item: FooterKey, compact: boolean) => item.key.length + (compact ? 0 : 1 + item.label.length) + SEPARATOR;

/**
 * Pure: the keys the footer shows in `width` columns. Pinned keys always, with their labels
 * while they fit and as bare keys (a compact bar) when even they do not; then the rest in
 * order of usefulness, as many as fit.
 */
export function footerLayout(keys: readonly FooterKey[], width: number): {shown: FooterKey[]; compact: boolean} {
	const pinned = keys.filter((item) => item.pinned);
	const pinnedCost = (compact: boolean) => pinned.reduce((sum, item) => sum + cost(item, compact), 0);
	const compact = pinnedCost(false) > width - 1 + SEPARATOR;
	let room = width - 1 + SEPARATOR - pinnedCost(compact);
	const fits = new Set<FooterKey>();
	for (const item of keys) {
		if (item.pinned) continue;
		if (cost(item, compact) > room) break;
		fits.add(item);
		room -= cost(item, compact);
	}
	return {shown: keys.filter((item) => item.pinned || fits.has(item)), compact};
}

/** Keys that apply now, as many as fit (see `footerLayout`). */
export function Footer({width, keys}: FooterProps) {
	const {shown, compact} = footerLayout(keys, width);
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Text wrap="truncate-end">
				{' '}
				{shown.map((item, i) => (
					<Text key={item.key + item.label}>
						{i > 0 ? '  ' : ''}
						<Text bold color="cyan">
							{item.key}
						</Text>
						{compact ? '' : ' '}
						{compact ? '' : <Text dimColor>{item.label}</Text>}
					</Text>
				))}
			</Text>
		</Box>
	);
}
