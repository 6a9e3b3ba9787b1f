// marked-terminal ships no types, and @types/marked-terminal pins an old marked (a second
// copy in the tree, ink-engineering §0): this declares just what the TUI uses.
declare module 'marked-terminal' {
	import type {MarkedExtension} from 'marked';

	type Style = (text: string) => string;

	export interface TerminalRendererOptions {
		readonly width?: number;
		readonly reflowText?: boolean;
		readonly tab?: number;
		readonly emoji?: boolean;
		readonly showSectionPrefix?: boolean;
		readonly unescape?: boolean;
		readonly code?: Style;
		readonly blockquote?: Style;
		readonly html?: Style;
		readonly heading?: Style;
		readonly firstHeading?: Style;
		readonly hr?: Style;
		readonly listitem?: Style;
		readonly table?: Style;
		readonly paragraph?: Style;
		readonly strong?: Style;
		readonly em?: Style;
		readonly codespan?: Style;
		readonly del?: Style;
		readonly link?: Style;
		readonly href?: Style;
		readonly text?: Style;
	}

	export function markedTerminal(options?: TerminalRendererOptions, highlightOptions?: unknown): MarkedExtension;
}
