import path from 'node:path';
import {createSimBackend, emptySimState, memorySimStore, simSnapshots} from '../../backends/sim/index.js';
import {virtualClock} from '../../core/clock.js';
import {UsageError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {proveLessons, type AuthorReport, type CheckProof} from '../../engine/author-test.js';
import {findLesson, loadCatalog, packageExists, parseLesson, readLessonSources, readLessonText} from '../../lessons/catalog.js';
import {lintLessons} from '../../lessons/lint.js';
import {formatProblem} from '../../lessons/problems.js';
import type {LessonsCommandContext} from '../commands/lessons.js';

/** The seed the author harness uses, so its verdicts are reproducible run to run. */
export const AUTHOR_TEST_SEED = 1977;

const PROOF_MARK: Record<CheckProof['failsBefore'], string> = {proved: '✔', gap: '✘', 'n/a': '–'};

/** The harness's table: one row per check, a column per proof, notes under gaps. */
export function formatProofTable(report: AuthorReport): string {
	const rows = report.proofs.map((p) => ({
		name: `${p.lesson} › ${p.step}`,
		cells: [p.failsBefore, p.passesAfter, p.rejectsWrong].map((v) => PROOF_MARK[v]),
		wrong: p.rejectsWrong === 'n/a' ? '' : `(${p.wrongTried})`,
		proof: p,
	}));
	const width = Math.max(5, ...rows.map((r) => r.name.length));
	const lines = [`${'check'.padEnd(width)}  fails-before  passes-after  rejects-wrong`];
	for (const r of rows) {
		const [before, after, wrong] = r.cells;
		lines.push(`${r.name.padEnd(width)}  ${before?.padEnd(12)}  ${after?.padEnd(12)}  ${wrong} ${r.wrong}`.trimEnd());
		const gap = [r.proof.failsBefore, r.proof.passesAfter, r.proof.rejectsWrong].includes('gap');
		if (gap) for (const note of r.proof.notes) lines.push(`    ${note}`);
	}
	lines.push(`${report.proofs.length} check(s), ${report.gaps} with gaps`);
	return `${lines.join('\n')}\n`;
}

export async function lintAction(ctx: LessonsCommandContext, files: readonly string[]): Promise<void> {
	const problems = await lint(ctx.root, files);
	for (const problem of problems.list) ctx.stdout(`${formatProblem(problem)}\n`);
	ctx.stdout(`${problems.lessons} lesson(s), ${problems.list.length} problem(s)\n`);
	ctx.setExitCode(problems.list.length > 0 ? 1 : 0);
}

export async function listAction(ctx: LessonsCommandContext, options: {json?: boolean}): Promise<void> {
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
}

export async function testAction(ctx: LessonsCommandContext, options: {lesson: readonly string[]; json?: boolean}): Promise<void> {
	const catalog = await loadCatalog(path.join(ctx.root, 'lessons'));
	const chosen = options.lesson.length === 0 ? catalog.lessons : options.lesson.map((wanted) => {
		const lesson = findLesson(catalog, wanted);
		if (!lesson) throw new UsageError(`--lesson ${wanted}: no such lesson`, 'run `clustermesh-tutor lessons list`');
		return lesson;
	});
	const store = memorySimStore(emptySimState(AUTHOR_TEST_SEED));
	const backend = createSimBackend({store, root: ctx.root, cwd: ctx.cwd});
	const report = await proveLessons(catalog.lessons, chosen, {backend, lab: simSnapshots(store), clock: virtualClock()});
	ctx.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatProofTable(report));
	ctx.setExitCode(report.gaps > 0 ? EXIT.failed : EXIT.ok);
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
				return {file, text: await readLessonText(file)};
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
