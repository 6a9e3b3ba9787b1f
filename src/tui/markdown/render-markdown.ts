import chalk from 'chalk';
import {Marked, type MarkedExtension, type Tokens} from 'marked';
import {markedTerminal} from 'marked-terminal';
import stripAnsi from 'strip-ansi';
import {fitCodeRows, wrapStyled} from '../text/wrap.js';

/**
 * Lesson prose as terminal lines, at exactly the pane's width. marked-terminal reflows
 * paragraphs and lists; code blocks are drawn here instead, line for line, a too-long line
 * broken at its spaces with each continuation row marked ↳ (`fitCodeRows`): Ink would
 * hard-wrap it anywhere, and an unmarked continuation of a YAML comment reads as YAML.
 * This module imports marked-terminal, which is slow to load (it pulls in highlight.js),
 * so the app imports it lazily.
 */

/**
 * marked-terminal's `text` renderer returns `token.text` and ignores inline children, so
 * `**bold**` and `code` in tight list items print literally (marked-terminal #304/#371);
 * it also never reflows them. Tight list items are the only block-level `text` tokens, so
 * this parses their inline children and wraps them to the list's width.
 */
function listItemFix(width: number): MarkedExtension {
	return {
		renderer: {
			text(token) {
				if (typeof token !== 'object' || !('tokens' in token) || !token.tokens) return false;
				return wrapStyled(this.parser.parseInline(token.tokens), width, (s) => stripAnsi(s).length).join('\n');
			},
		},
	};
}

/** A list item's text starts after the list indent and the bullet (`  * `). */
const LIST_INDENT = 4;

const CACHE_SIZE = 200;
const cache = new Map<string, readonly string[]>();
const renderers = new Map<number, Marked>();

function rendererFor(width: number): Marked {
	let md = renderers.get(width);
	if (!md) {
		md = new Marked(
			markedTerminal({
				width,
				reflowText: true,
				tab: 2,
				emoji: false,
				showSectionPrefix: false,
				heading: chalk.bold,
				firstHeading: chalk.bold,
				// Without colour (NO_COLOR) inline code keeps its backticks, or it would vanish into the prose.
				codespan: (text) => (chalk.level > 0 ? chalk.cyan(text) : `\`${text}\``),
				code: chalk.cyan,
				strong: chalk.bold,
				em: chalk.italic,
				blockquote: chalk.dim.italic,
				link: chalk.blue,
				href: chalk.blue.underline,
			}),
			listItemFix(width),
		);
		renderers.set(width, md);
	}
	return md;
}

/** Marks the continuation rows of a wrapped code line (as the command lines and the output pane do). */
const CODE_CONTINUATION = '↳ ';

function codeLines(token: Tokens.Code, width: number): string[] {
	return token.text
		.replace(/\t/g, '  ')
		.split('\n')
		.flatMap((line) => fitCodeRows(`  ${line}`, width, CODE_CONTINUATION))
		.map((row) => row.replace(/^( *)(↳ )?(.*)$/, (_, indent: string, mark: string | undefined, code: string) => `${indent}${mark ? chalk.dim(mark) : ''}${chalk.cyan(code)}`));
}

/** Renders markdown to lines no wider than `width`. */
export function renderMarkdown(source: string, width: number): readonly string[] {
	const safeWidth = Math.max(20, Math.floor(width));
	const key = `${safeWidth}\u0000${source}`;
	const hit = cache.get(key);
	if (hit) {
		// Refresh recency: the Map's insertion order is the eviction order.
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const md = rendererFor(safeWidth);
	const out: string[] = [];
	for (const token of md.lexer(source)) {
		if (token.type === 'space') continue;
		// Lists render at a narrower width: marked-terminal indents them after reflowing.
		const renderer = token.type === 'list' ? rendererFor(Math.max(20, safeWidth - LIST_INDENT)) : md;
		const block = token.type === 'code' ? codeLines(token as Tokens.Code, safeWidth) : renderer.parser([token]).replace(/\n+$/, '').split('\n');
		if (out.length > 0) out.push('');
		out.push(...block);
	}
	const lines = out.map((line) => line.replace(/\s+$/, ''));
	cache.set(key, lines);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
	return lines;
}

/** The signature the views use, so they can take the renderer once it has loaded. */
export type MarkdownRenderer = typeof renderMarkdown;
