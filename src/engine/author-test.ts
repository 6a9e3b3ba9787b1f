import type {Backend, LabSnapshots} from '../backends/backend.js';
import type {Clock} from '../core/clock.js';
import {correctChoices, judgeQuiz} from '../checks/quiz.js';
import type {Lesson, Step} from '../lessons/model.js';
import {walkLessons} from './replay.js';
import {failedCommandText, runStep, summarizeResults, type StepAction} from './step-runner.js';

export type Proof = 'proved' | 'gap' | 'n/a';

export interface CheckProof {
	readonly lesson: string;
	readonly step: string;
	/** The check must fail before the step's commands ran ('n/a' when the step only observes). */
	readonly failsBefore: Proof;
	readonly passesAfter: Proof;
	/** Every declared wrong answer must be rejected; a state-changing step must declare one. */
	readonly rejectsWrong: Proof;
	readonly wrongTried: number;
	/** Why a column is a gap or n/a. */
	readonly notes: readonly string[];
}

export interface AuthorReport {
	readonly proofs: readonly CheckProof[];
	readonly gaps: number;
}

interface Context<S> {
	readonly backend: Backend;
	readonly lab: LabSnapshots<S>;
	readonly clock: Clock;
	readonly signal?: AbortSignal;
}

/** Runs a step through the step runner and reads its verdict (a skip or an idle step passes). */
async function judge<S>(step: Step, action: StepAction, ctx: Context<S>): Promise<{pass: boolean; observed: string; failed?: string}> {
	const outcome = await runStep(step, action, {backend: ctx.backend, clock: ctx.clock, signal: ctx.signal});
	ctx.signal?.throwIfAborted();
	if (outcome.status !== 'judged') return {pass: true, observed: ''};
	const {verdict, ran} = outcome;
	const stopped = ran.find((r) => r.exitCode !== 0);
	const failed = stopped && failedCommandText(stopped);
	return {pass: verdict.pass, observed: summarizeResults(verdict.results).observed, ...(failed && {failed})};
}

function proveQuiz(lesson: Lesson, step: Step & {quiz: NonNullable<Step['quiz']>}): CheckProof {
	const right = correctChoices(step.quiz);
	const wrong = step.quiz.choices.flatMap((c, i) => (c.correct ? [] : [i]));
	const rejects = wrong.every((i) => !judgeQuiz(step.quiz, [i]).pass) && !judgeQuiz(step.quiz, []).pass;
	return {
		lesson: lesson.id,
		step: step.id,
		failsBefore: 'n/a',
		passesAfter: judgeQuiz(step.quiz, right).pass ? 'proved' : 'gap',
		rejectsWrong: rejects ? 'proved' : 'gap',
		wrongTried: wrong.length,
		notes: ['quiz'],
	};
}

/**
 * Proves one checked step: from the lab as it stands before the step, the check fails;
 * each declared wrong answer (applied to a restored copy) is rejected; the step's own
 * commands make it pass. Leaves the lab in the state after the step.
 */
async function proveStep<S>(lesson: Lesson, step: Step, ctx: Context<S>): Promise<CheckProof> {
	const notes: string[] = [];
	const before = await ctx.lab.snapshot();

	const initial = await judge(step, {kind: 'check'}, ctx);
	const wrongResults: boolean[] = [];
	for (const wrong of step.wrong) {
		await ctx.lab.restore(before);
		// Applied as a learner would type it, then judged by the same runner.
		const judged = await judge(step, {kind: 'run', commands: wrong.commands}, ctx);
		wrongResults.push(!judged.pass);
		if (judged.failed) notes.push(`wrong answer "${wrong.label}": ${judged.failed}`);
		if (judged.pass) notes.push(`wrong answer "${wrong.label}" was accepted (observed: ${judged.observed})`);
	}

	await ctx.lab.restore(before);
	const after = await judge(step, {kind: 'run'}, ctx);
	const changed = await ctx.lab.changedSince(before);
	if (after.failed) notes.push(after.failed);
	if (!after.pass) notes.push(`check failed after the step (observed: ${after.observed})`);

	let failsBefore: Proof;
	if (!changed) {
		failsBefore = 'n/a';
		notes.push('observe-only step: its commands change nothing, so the check holds before it');
	} else {
		failsBefore = initial.pass ? 'gap' : 'proved';
		if (initial.pass) notes.push(`check already passed before the step (observed: ${initial.observed})`);
	}

	let rejectsWrong: Proof;
	if (step.wrong.length > 0) rejectsWrong = wrongResults.every(Boolean) ? 'proved' : 'gap';
	else if (changed) {
		rejectsWrong = 'gap';
		notes.push('no wrong answer declared next to the check');
	} else rejectsWrong = 'n/a';

	return {
		lesson: lesson.id,
		step: step.id,
		failsBefore,
		passesAfter: after.pass ? 'proved' : 'gap',
		rejectsWrong,
		wrongTried: step.wrong.length,
		notes,
	};
}

/**
 * The author harness: for every check of the chosen lessons, proves it fails before its step,
 * passes after it and rejects the wrong answers declared next to it. Starts from a fresh lab
 * (built to the first lesson's base stage) and catches up between chosen lessons.
 */
export async function proveLessons<S>(
	catalog: readonly Lesson[],
	lessons: readonly Lesson[],
	ctx: Context<S> & {onProof?: (proof: CheckProof) => void},
): Promise<AuthorReport> {
	const proofs: CheckProof[] = [];
	const record = (proof: CheckProof) => {
		proofs.push(proof);
		ctx.onProof?.(proof);
	};
	const stopped = await walkLessons(catalog, lessons, ctx.backend, {
		signal: ctx.signal,
		visit: async (lesson) => {
			for (const step of lesson.steps) {
				if (step.liveOnly) continue;
				if (step.quiz) record(proveQuiz(lesson, {...step, quiz: step.quiz}));
				else if (step.check.length > 0) record(await proveStep(lesson, step, ctx));
				else {
					const {failed} = await judge(step, {kind: 'run'}, ctx);
					if (failed) {
						record({lesson: lesson.id, step: step.id, failsBefore: 'n/a', passesAfter: 'gap', rejectsWrong: 'n/a', wrongTried: 0, notes: [failed]});
					}
				}
			}
		},
	});
	if (stopped) {
		record({
			lesson: stopped.lesson.id,
			step: '(catch-up)',
			failsBefore: 'gap',
			passesAfter: 'gap',
			rejectsWrong: 'gap',
			wrongTried: 0,
			notes: [stopped.failure.message],
		});
	}
	const gaps = proofs.filter((p) => [p.failsBefore, p.passesAfter, p.rejectsWrong].includes('gap')).length;
	return {proofs, gaps};
}
