import path from 'node:path';
import {Lexer, type Token, type Tokens} from 'marked';
import type {CheckCondition} from '../checks/spec.js';
import {parseCheckBlock} from './check-schema.js';
import {classifyCodeBlock, splitCommands, type CodeBlockKind} from './code-blocks.js';
import {deepMarkdown, LESSON_LIMITS, longLine} from './limits.js';
import {KEBAB_ID, parseFrontMatter, splitFrontMatter, type FieldLines, type LineProblem} from './front-matter.js';
import type {Lesson, LessonCommand, QuizChoice, Step, WrongAnswer} from './model.js';
import {substitutePlaceholders} from './placeholders.js';
import {sortProblems, type LessonProblem} from './problems.js';
import {parseWrongBlock} from './wrong-block.js';

export interface ParseResult {
	readonly file: string;
	/**
	 * The lesson. When `problems` is not empty it is a best effort (broken parts left out),
	 * good for further linting but not for teaching; absent when the front matter or the
	 * file name is unusable.
	 */
	readonly lesson?: Lesson;
	readonly problems: readonly LessonProblem[];
	/** Lines of front-matter fields, for problems found across files. */
	readonly lines: FieldLines;
}

/** `NN-<id>.md`: the two digits are the lesson's order. */
const FILE_NAME = /^(\d{2})-(.+)\.md$/;

/** Where a step's following blocks go: its body, or a `### Hints|Solution|Explanation` section. */
type Section = 'body' | 'hints' | 'solution' | 'explanation';

interface StepDraft {
	readonly id: string;
	readonly title: string;
	readonly line: number;
	section: Section;
	readonly prose: string[];
	readonly commands: LessonCommand[];
	solution?: {commands: LessonCommand[]; line: number};
	check?: {conditions: readonly CheckCondition[]; liveOnly?: string; line: number};
	hints?: {items: string[]; line: number};
	wrong?: {answers: WrongAnswer[]; line: number};
	quiz?: {choices: QuizChoice[]; line: number};
	explanation?: {parts: string[]; line: number};
}

type Report = (line: number, message: string) => void;

interface Positioned {
	readonly token: Token;
	/** File line of the token's first character. */
	readonly line: number;
}

const newlines = (text: string) => text.split('\n').length - 1;

/** Top-level token raws concatenate to the source, so lines follow from their lengths. */
function positionTokens(tokens: readonly Token[], firstLine: number): Positioned[] {
	let line = firstLine;
	return tokens.map((token) => {
		const leading = /^\n*/.exec(token.raw)?.[0].length ?? 0;
		const at = {token, line: line + leading};
		line += newlines(token.raw);
		return at;
	});
}

/** Blocks the tutor acts on (as opposed to prose and malformed blocks). */
const RUNNABLE_KINDS: ReadonlySet<CodeBlockKind['kind']> = new Set(['run', 'check', 'wrong']);

const isHeading = (t: Token): t is Tokens.Heading => t.type === 'heading';
const isCode = (t: Token): t is Tokens.Code => t.type === 'code';
const isList = (t: Token): t is Tokens.List => t.type === 'list';

/** Code blocks nested in lists or quotes (never run, so a command block there is a mistake). */
function nestedCode(token: Token): Tokens.Code[] {
	const children = [...((token as {items?: Token[]}).items ?? []), ...((token as {tokens?: Token[]}).tokens ?? [])];
	return children.flatMap((child) => (isCode(child) ? [child, ...nestedCode(child)] : nestedCode(child)));
}

/** The default step id: the title in kebab-case. */
export function slugify(title: string): string {
	return title
		.toLowerCase()
		.replace(/['’`*_~]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

const joinProse = (parts: readonly string[]) =>
	parts
		.map((p) => p.trim())
		.filter((p) => p !== '')
		.join('\n\n');

/** Parses one lesson file. Pure: text in, a lesson and/or located problems out. */
export function parseLesson(text: string, file: string): ParseResult {
	const problems: LessonProblem[] = [];
	const report = (line: number, message: string) => problems.push({file, line, message});
	const reportAll = (list: readonly LineProblem[]) => {
		for (const p of list) report(p.line, p.message);
	};
	const noLines: FieldLines = {id: 1, starts: 1, leaves: 1};

	const done = (lines: FieldLines, lesson?: Lesson): ParseResult => ({file, ...(lesson ? {lesson} : {}), problems: capped(file, problems), lines});

	if (Buffer.byteLength(text) > LESSON_LIMITS.fileBytes) {
		report(1, `the file is larger than ${LESSON_LIMITS.fileBytes} bytes, the most a lesson may have: split it into several lessons`);
		return done(noLines);
	}
	// Editors on Windows may save a UTF-8 byte order mark; it is not part of the text.
	const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const unreadable = longLine(normalized);
	if (unreadable) {
		reportAll([unreadable]);
		return done(noLines);
	}
	const substituted = substitutePlaceholders(normalized);
	reportAll(substituted.problems);
	const split = splitFrontMatter(substituted.text);
	if ('message' in split) {
		reportAll([split]);
		return done(noLines);
	}
	const front = parseFrontMatter(split.yaml);
	reportAll(front.problems);

	const name = path.basename(file);
	const nameMatch = FILE_NAME.exec(name);
	if (!nameMatch) {
		report(1, `file name "${name}" must be NN-<id>.md: a two-digit lesson number, a dash, then the lesson id`);
	} else if (front.frontMatter && nameMatch[2] !== front.frontMatter.id) {
		const {id} = front.frontMatter;
		report(front.lines.id, `file name "${name}" does not match the id "${id}": rename it to ${nameMatch[1]}-${id}.md`);
	}

	const deep = deepMarkdown(split.body, split.bodyLine);
	if (deep) {
		reportAll([deep]);
		return done(front.lines);
	}
	const body = parseBody(split.body, split.bodyLine, front.frontMatter?.title, report);
	if (!front.frontMatter || !nameMatch) return done(front.lines);
	const {id, title, summary, optional, ownLab, starts, leaves} = front.frontMatter;
	const lesson: Lesson = {
		id,
		title,
		order: Number(nameMatch[1]),
		optional,
		...(ownLab !== undefined && {ownLab}),
		summary,
		file,
		starts,
		leaves,
		intro: body.intro,
		steps: body.steps,
	};
	return done(front.lines, lesson);
}

/** Sorted problems, at most LESSON_LIMITS.problemsPerFile of them plus one line that counts the rest. */
function capped(file: string, problems: readonly LessonProblem[]): LessonProblem[] {
	const sorted = sortProblems(problems);
	const max = LESSON_LIMITS.problemsPerFile;
	if (sorted.length <= max) return sorted;
	const next = sorted[max] as LessonProblem;
	return [...sorted.slice(0, max), {file, line: next.line, message: `…and ${sorted.length - max} more problems in this file (fix these first)`}];
}

function parseBody(
	body: string,
	bodyLine: number,
	title: string | undefined,
	report: Report,
): {intro: string; steps: Step[]} {
	const intro: string[] = [];
	const drafts: StepDraft[] = [];
	let current: StepDraft | undefined;

	for (const {token, line} of positionTokens(Lexer.lex(body, {gfm: true}), bodyLine)) {
		if (token.type === 'space') continue;
		if (isHeading(token)) {
			if (token.depth === 1) {
				if (current || intro.length > 0) {
					report(line, 'a "# " heading is only allowed once, as the title before the intro');
				} else if (title !== undefined && token.text.trim() !== title) {
					report(line, `the "# " title "${token.text.trim()}" differs from the front-matter title "${title}"`);
				}
				continue;
			}
			if (token.depth === 2) {
				if (drafts.length === LESSON_LIMITS.steps) {
					report(line, `a lesson has at most ${LESSON_LIMITS.steps} steps: split it into several lessons`);
					break;
				}
				current = startStep(token, line, drafts, report);
				drafts.push(current);
				continue;
			}
			if (current) {
				openSection(current, token, line, report);
				continue;
			}
		}
		for (const nested of nestedCode(token)) {
			if (RUNNABLE_KINDS.has(classifyCodeBlock(nested.lang).kind)) {
				report(line, 'a command, check or wrong block inside a list or quote is ignored: move it to the top level, unindented');
			}
		}
		if (!current) {
			const block = isCode(token) ? classifyCodeBlock(token.lang) : undefined;
			if (block?.kind === 'invalid') {
				report(line, block.message);
			} else if (block && RUNNABLE_KINDS.has(block.kind)) {
				report(line, 'commands, checks and wrong answers belong in a step: add a "## " heading before this block');
			} else {
				intro.push(token.raw);
			}
			continue;
		}
		addToStep(current, token, line, report);
	}

	if (drafts.length === 0) report(bodyLine, 'a lesson needs at least one step: a "## " heading');
	return {intro: joinProse(intro), steps: drafts.map((d) => finishStep(d, report))};
}

function startStep(token: Tokens.Heading, line: number, drafts: readonly StepDraft[], report: Report): StepDraft {
	const explicit = /\s*\{#([^}]*)\}\s*$/.exec(token.text);
	const title = explicit ? token.text.slice(0, explicit.index).trim() : token.text.trim();
	let id = explicit?.[1]?.trim() ?? slugify(title);
	if (explicit && !KEBAB_ID.test(id)) report(line, `step id "{#${id}}" must be kebab-case (lowercase letters, digits and dashes)`);
	if (id === '') {
		report(line, 'the step title has no letters or digits to make an id from: add {#some-id}');
		id = `step-${drafts.length + 1}`;
	}
	const earlier = drafts.find((d) => d.id === id);
	if (earlier) report(line, `duplicate step id "${id}" (also on line ${earlier.line}): add a distinct {#id}`);
	return {id, title, line, section: 'body', prose: [], commands: []};
}

function openSection(step: StepDraft, token: Tokens.Heading, line: number, report: Report): void {
	const name = token.text.trim().toLowerCase();
	const once = (present: unknown) => {
		if (present) report(line, `a step has one "### ${token.text.trim()}" section`);
	};
	if (token.depth === 3 && name === 'hints') {
		once(step.hints);
		step.section = 'hints';
	} else if (token.depth === 3 && name === 'solution') {
		once(step.solution);
		step.section = 'solution';
		step.solution ??= {commands: [], line};
	} else if (token.depth === 3 && name === 'explanation') {
		once(step.explanation);
		step.section = 'explanation';
		step.explanation ??= {parts: [], line};
	} else {
		// Any other sub-heading is prose and returns to the step body.
		step.section = 'body';
		step.prose.push(token.raw);
	}
}

function addToStep(step: StepDraft, token: Token, line: number, report: Report): void {
	const block = isCode(token) ? classifyCodeBlock(token.lang) : undefined;
	if (block?.kind === 'invalid') {
		report(line, block.message);
		return;
	}
	switch (step.section) {
		case 'hints':
			if (isList(token) && token.ordered && !step.hints) {
				step.hints = {items: token.items.map((item) => item.text.trim()), line};
			} else {
				report(line, '"### Hints" holds one numbered list (1. nudge, 2. pointer, 3. nearly the answer) and nothing else');
			}
			return;
		case 'solution':
			if (block?.kind === 'run' && isCode(token)) {
				step.solution?.commands.push(...commandsOf(token, block.target, line, report));
			} else if (block?.kind === 'check' || block?.kind === 'wrong') {
				report(line, `a yaml ${block.kind} block belongs in the step body, above "### Hints"`);
			}
			// Other content under "### Solution" is commentary for readers of the file.
			return;
		case 'explanation':
			if (block && block.kind !== 'prose') {
				report(line, 'an explanation holds prose only');
			} else {
				step.explanation?.parts.push(token.raw);
			}
			return;
		case 'body':
			break;
	}
	if (isCode(token) && block?.kind === 'run') {
		step.commands.push(...commandsOf(token, block.target, line, report));
	} else if (isCode(token) && block?.kind === 'check') {
		if (step.check) report(line, 'a step has one yaml check block: put several conditions in one list');
		const parsed = parseCheckBlock(token.text);
		for (const p of parsed.problems) report(line + p.line, p.message);
		step.check ??= {conditions: parsed.conditions, line, ...(parsed.liveOnly !== undefined && {liveOnly: parsed.liveOnly})};
	} else if (isCode(token) && block?.kind === 'wrong') {
		if (step.wrong) report(line, 'a step has one yaml wrong block: list every wrong answer in it');
		const parsed = parseWrongBlock(token.text);
		for (const p of parsed.problems) report(line + p.line, p.message);
		const answers = parsed.answers.map((a) => ({
			label: a.label,
			line: line + a.line,
			commands: a.commands.map((c) => ({target: c.target, command: c.command, line: line + c.line})),
		}));
		step.wrong ??= {answers, line};
	} else if (isList(token) && token.items.some((item) => item.task)) {
		if (!token.items.every((item) => item.task)) report(line, 'a quiz list marks every choice with [ ] or [x]');
		if (step.quiz) report(line, 'a step has one quiz list');
		step.quiz ??= {choices: token.items.map((item) => ({text: item.text.trim(), correct: item.checked === true})), line};
	} else {
		step.prose.push(token.raw);
	}
}

function commandsOf(
	token: Tokens.Code,
	target: LessonCommand['target'],
	line: number,
	report: Report,
): LessonCommand[] {
	const {commands, problems} = splitCommands(token.text, line + 1);
	for (const p of problems) report(p.line, p.message);
	return commands.map((c) => ({target, command: c.command, line: c.line}));
}

function finishStep(draft: StepDraft, report: Report): Step {
	const prose = joinProse(draft.prose);
	if (draft.wrong && !draft.check) {
		report(draft.wrong.line, 'a yaml wrong block needs a yaml check in the same step (the check must reject each wrong answer)');
	}
	if (draft.solution && draft.solution.commands.length === 0) {
		report(draft.solution.line, '"### Solution" has no command block (```sh <target>)');
	}
	if (draft.explanation && !draft.quiz) {
		report(draft.explanation.line, '"### Explanation" belongs to quiz steps (a list of - [ ] / - [x] choices)');
	}
	const step: Step = {
		id: draft.id,
		title: draft.title,
		line: draft.line,
		prose,
		commands: draft.commands,
		solution: draft.solution?.commands.length ? draft.solution.commands : draft.commands,
		check: draft.check?.conditions ?? [],
		hints: draft.hints?.items ?? [],
		wrong: draft.wrong?.answers ?? [],
		...(draft.check?.liveOnly !== undefined && {liveOnly: draft.check.liveOnly}),
	};
	if (!draft.quiz) return step;
	const {choices, line} = draft.quiz;
	if (draft.commands.length > 0 || draft.check) report(draft.line, 'a quiz step has no commands and no check');
	if (choices.length < 2) report(line, 'a quiz needs at least two choices');
	if (!choices.some((c) => c.correct)) report(line, 'a quiz needs at least one correct choice, marked - [x]');
	// A title phrased as a question is the question; otherwise the prose's last paragraph asks
	// it (once), and the paragraphs before it stay prose.
	const titleAsks = draft.title.endsWith('?') || prose === '';
	const paragraphs = prose.split(/\n{2,}/);
	const question = titleAsks ? draft.title : (paragraphs.pop() ?? '');
	const explanation = draft.explanation ? joinProse(draft.explanation.parts) : '';
	return {
		...step,
		prose: titleAsks ? prose : paragraphs.join('\n\n'),
		quiz: {question, choices, ...(explanation !== '' && {explanation})},
	};
}
