import {Text} from 'ink';

export interface LineProps {
	/** One row of text; may carry colour. */
	readonly text: string;
}

/**
 * Exactly one terminal row, never zero rows tall (Yoga gives an empty `<Text>` no height,
 * which would shift what follows). Callers fit their text to the width first (`fitRows`),
 * so the truncation here only guards the frame's height; it never cuts what they pass.
 */
export function Line({text}: LineProps) {
	return <Text wrap="truncate-end">{text === '' ? ' ' : text}</Text>;
}
