import path from 'node:path';
import {randomInt} from 'node:crypto';
import chalk from 'chalk';
import type {BackendChoice} from '../../backends/choices.js';
import {emptySimState, memorySimStore} from '../../backends/sim/index.js';
import {systemClock, virtualClock} from '../../core/clock.js';
import {TutorError, UsageError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {verifyLessons, type VerifyReport, type VerifyStep} from '../../engine/verify.js';
import {attachedSelection} from '../../attach/lessons.js';
import {findLesson, loadCatalog} from '../../lessons/catalog.js';
import type {CliContext} from '../context.js';
import {openCliLab} from '../open-backend.js';

const MARK = {pass: chalk.green('✔'), fail: chalk.red('✘'), skip: chalk.yellow('–')};

export function formatVerifyStep(step: VerifyStep): string {
	const head = `${MARK[step.verdict]} ${step.lesson} › ${step.step}`;
	if (step.verdict === 'pass') return head;
	if (step.verdict === 'skip') return `${head}  (${step.reason})`;
	const hint = step.hint ? `\n    hint:     ${step.hint}` : '';
	return `${head}\n    expected: ${step.expected}\n    observed: ${step.observed}${hint}`;
}

export function summaryLine(report: VerifyReport): string {
	return `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`;
}

/** Exit 0 when every non-skipped check passed; with --strict, nothing may be skipped either. */
export function verifyExitCode(report: VerifyReport, strict: boolean): number {
	return report.failed > 0 || (strict && report.skipped > 0) ? EXIT.failed : EXIT.ok;
}

export interface VerifyOptions {
	readonly backend: BackendChoice;
	readonly lesson: readonly string[];
	readonly json?: boolean;
	readonly strict?: boolean;
	readonly seed?: number;
	/** Also write the report as JUnit XML to this file. */
	readonly junit?: string;
}

/** A verified atomic write (temp file, checked, then renamed): a CI job never uploads half a report. */
async function writeJunit(file: string, report: VerifyReport): Promise<void> {
	const [{formatJunit}, {writeFileVerified}, {mkdir}] = await Promise.all([import('../../report/junit.js'), import('../../state/verified-write.js'), import('node:fs/promises')]);
	try {
		await mkdir(path.dirname(file), {recursive: true});
		await writeFileVerified(file, formatJunit(report));
	} catch (error) {
		throw new TutorError(`--junit ${file}: cannot write it (${(error as Error).message})`, EXIT.failed, 'pick a writable folder');
	}
}

export async function verifyAction(ctx: CliContext, options: VerifyOptions): Promise<void> {
	const catalog = await loadCatalog(path.join(ctx.root, 'lessons'));
	const ids = options.lesson.map((wanted) => {
		const lesson = findLesson(catalog, wanted);
		if (!lesson) throw new UsageError(`--lesson ${wanted}: no such lesson`, 'run `clustermesh-tutor lessons list`');
		return lesson.id;
	});
	// On the simulator every run gets a fresh, throwaway lab; the learner's own stays untouched.
	const fresh = memorySimStore(emptySimState(options.seed ?? randomInt(2 ** 31 - 1)));
	const lab = await openCliLab(options.backend, ctx, fresh);
	const {backend} = lab;
	// On attached clusters, lessons that need the tutorial's own lab are skipped with that reason.
	const attached = lab.kind === 'attached' ? attachedSelection(catalog.lessons, ids) : undefined;
	const skipped: VerifyStep[] = (attached?.skipped ?? []).map(({lesson, reason}) => ({lesson: lesson.id, step: '(lesson)', verdict: 'skip', expected: '', observed: '', reason}));
	if (!options.json) skipped.forEach((step) => ctx.stdout(`${formatVerifyStep(step)}\n`));
	const run = attached ? attached.ids : ids;
	const ran = run.length === 0 && attached ? undefined : await verifyLessons(catalog.lessons, backend, {
		lessons: run,
		// The simulator converges at once: checks never need to really wait there.
		clock: backend.kind === 'sim' ? virtualClock() : systemClock,
		signal: ctx.signal,
		onStep: options.json ? undefined : (step) => ctx.stdout(`${formatVerifyStep(step)}\n`),
	});
	const steps = [...skipped, ...(ran?.steps ?? [])];
	const report: VerifyReport = {schema: 1, backend: lab.kind, passed: ran?.passed ?? 0, failed: ran?.failed ?? 0, skipped: (ran?.skipped ?? 0) + skipped.length, steps};
	ctx.stdout(options.json ? `${JSON.stringify(report)}\n` : `${summaryLine(report)}\n`);
	if (options.junit) await writeJunit(path.resolve(ctx.cwd, options.junit), report);
	ctx.setExitCode(verifyExitCode(report, options.strict ?? false));
}
