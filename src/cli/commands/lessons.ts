import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Command} from 'commander';
import {UsageError} from '../../core/errors.js';
import {loadCatalog, packageExists, parseLesson, readLessonSources} from '../../lessons/catalog.js';
import {lintLessons} from '../../lessons/lint.js';
import {formatProblem} from '../../lessons/problems.js';

export interface LessonsCommandContext {
	/** The package root (holds lessons/, manifests/, kind-configs/). */
	readonly root: string;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	setExitCode(code: number): void;
}

export function registerLessonsCommands(program: Command, ctx: LessonsCommandContext): void {
	const lessons = program.command('lessons').description('check and list the lessons (for lesson authors)');

	lessons
		.command('lint')
		.description('check lesson files: format, checks, hints, the start/leave chain, command safety')
		.argument('[files...]', 'lesson files to report on (default: every lessons/*.md)')
		.action(async (files: string[]) => {
			const problems = await lint(ctx.root, files);
			for (const problem of problems.list) ctx.stdout(`${formatProblem(problem)}\n`);
			ctx.stdout(`${problems.lessons} lesson(s), ${problems.list.length} problem(s)\n`);
			ctx.setExitCode(problems.list.length > 0 ? 1 : 0);
		});

	lessons
		.command('list')
		.description('list the lessons in order')
		.option('--json', 'print JSON')
		.action(async (options: {json?: boolean}) => {
			const catalog = await loadCatalog(path.join(ctx.root, 'lessons'));
			const rows = catalog.lessons.map((l) => ({
				number: l.order,
				id: l.id,
				title: l.title,
				steps: l.steps.length,
				optional: l.optional,
			}));
			if (options.json) {
				ctx.stdout(`${JSON.stringify(rows, null, 2)}\n`);
				return;
			}
			const idWidth = Math.max(2, ...rows.map((r) => r.id.length));
			for (const r of rows) {
				const number = String(r.number).padStart(2, '0');
				const extra = r.optional ? '  (optional)' : '';
				ctx.stdout(`${number}  ${r.id.padEnd(idWidth)}  ${r.title} — ${r.steps} step(s)${extra}\n`);
			}
		});
}

/**
 * Lints every lesson of the package. Named files take the place of the packaged lesson with
 * the same file name (a draft is linted against the rest of the course), and only problems
 * touching them are reported.
 */
async function lint(root: string, files: readonly string[]) {
	const dir = path.join(root, 'lessons');
	const sources = new Map((await readLessonSources(dir)).map((s) => [path.basename(s.file), s]));
	const named = await Promise.all(
		files.map(async (file) => {
			try {
				return {file, text: await readFile(file, 'utf8')};
			} catch (error) {
				throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
			}
		}),
	);
	for (const n of named) sources.set(path.basename(n.file), n);
	const results = [...sources.values()].map((s) => parseLesson(s.text, s.file));
	const all = lintLessons(results, packageExists(dir));
	if (named.length === 0) return {lessons: results.length, list: all};
	const focus = new Set(named.map((n) => n.file));
	const list = all.filter((p) => focus.has(p.file) || p.related?.some((r) => focus.has(r.file)));
	return {lessons: focus.size, list};
}
