import {Text} from 'ink';

export interface LineProps {
	/** One row of text; may carry colour. */
	readonly text: string;
}

/**
 * Exactly one terminal row: truncated with an ellipsis instead of wrapping, and never
 * zero rows tall (Yoga gives an empty `<Text>` no height, which would shift what follows).
 */
export function Line({text}: LineProps) {
	return <Text wrap="truncate-end">{text === '' ? ' ' : text}</Text>;
}
