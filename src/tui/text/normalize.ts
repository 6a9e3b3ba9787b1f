/* eslint-disable no-control-regex -- matching terminal control characters is this module's job */
/**
 * Terminal text clean-up for the output pane. Ink 6.8 strips non-SGR CSI itself but passes
 * `\t` and `\r` through with zero measured width: a tab then expands in the terminal and
 * breaks the pane's border, and a `\r` overwrites the start of the line. So every line is
 * normalised here, once, when it enters the line store.
 */

// CSI sequences (ESC [ … final byte), OSC sequences (ESC ] … BEL or ESC \), and other
// two-byte ESC sequences. SGR (CSI … m) is matched too and kept by the replacer.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// C0 controls except tab (expanded below), plus DEL; newline and \r never reach here.
const CONTROLS = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g;

// Any control character at all (escape, tab and carriage return included).
const ANY_CONTROL = /[\x00-\x1f\x7f]/;

/**
 * U+FE0F after a symbol from the Basic Multilingual Plane asks for its emoji presentation:
 * string-width (and so Ink) counts "⚠️" as two columns, but tmux 3.3 and other
 * wcwidth-based terminals draw it in one, which shifts every border after it. Without the
 * selector the symbol takes its text presentation, one column to both. A selector after a
 * surrogate pair (an astral emoji such as 🏳️) is part of a sequence whose width both agree on.
 */
const EMOJI_SELECTOR = /(?<![\udc00-\udfff])\ufe0f/g;

/** The text with BMP symbols in their text presentation ("⚠️" becomes "⚠"): one width for Ink and the terminal. */
export function textPresentation(text: string): string {
	return text.includes('\ufe0f') ? text.replace(EMOJI_SELECTOR, '') : text;
}

/** Width of a tab stop, as terminals default to. */
const TAB_WIDTH = 8;

/** Keeps colour (SGR) escapes, drops cursor moves, erases, titles and hyperlinks. */
function stripNonSgr(text: string): string {
	return text.replace(ESCAPES, (seq) => (seq.startsWith('\x1b[') && seq.endsWith('m') ? seq : ''));
}

/** Expands tabs to the next tab stop, counting visible columns only (SGR has no width). */
export function expandTabs(line: string, tabWidth = TAB_WIDTH): string {
	if (!line.includes('\t')) return line;
	let out = '';
	let column = 0;
	for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
		if (part.startsWith('\x1b[')) {
			out += part;
			continue;
		}
		for (const ch of part) {
			if (ch === '\t') {
				const pad = tabWidth - (column % tabWidth);
				out += ' '.repeat(pad);
				column += pad;
			} else {
				out += ch;
				column++;
			}
		}
	}
	return out;
}

/**
 * One output line as the pane shows it: the text after the last carriage return (what a
 * progress bar leaves on screen), tabs expanded, only colour escapes kept, symbols in their
 * text presentation (`textPresentation`).
 */
export function normalizeLine(raw: string): string {
	const text = textPresentation(raw);
	// Most output is plain text: nothing to clean (a 200,000-line stream goes through here).
	if (!ANY_CONTROL.test(text)) return text;
	const visible = text.slice(text.lastIndexOf('\r') + 1);
	return expandTabs(stripNonSgr(visible).replace(CONTROLS, ''));
}
