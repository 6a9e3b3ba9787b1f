import type {ConditionResult} from '../../checks/evaluate.js';
import type {Step} from '../../lessons/model.js';
import {MARKS, spinnerFrame, theme} from '../components/theme.js';
import type {MarkdownRenderer} from '../markdown/render-markdown.js';
import type {CheckPhase, StepMark} from '../store/session-state.js';
import {distributionLine} from './distribution.js';

export type FeedbackTone = 'pass' | 'fail' | 'warn' | 'info' | 'neutral';

/** The check panel: a title for its border, a tone for its colour, and its lines. */
export interface Feedback {
	readonly title: string;
	readonly tone: FeedbackTone;
	readonly lines: readonly string[];
	/** Index in `lines` of the newest hint's heading: the next hint appears there (`h` scrolls to it). */
	readonly newestHint?: number;
}

export interface FeedbackInput {
	readonly step: Step;
	readonly check: CheckPhase;
	readonly mark: StepMark;
	readonly hintsShown: number;
	/** An earlier step skipped without catching the lab up (see `skippedBehind`). */
	readonly skippedBehind?: {readonly index: number; readonly title: string};
	/** The step passed before the lab was rebuilt to before it, in the engine's words (see `describeRewound`). */
	readonly rewound?: string;
	/** The lab has moved on past this step, in the engine's words (see `describeLabMovedOn`). */
	readonly labMovedOn?: string;
	/** A question's right answer may be shown: only then does its explanation come (it gives the answer away). */
	readonly quizRevealed: boolean;
	readonly width: number;
	/** Now, on the clock the check runs on (for the retry countdown). */
	readonly clockNow: number;
	/** Now, in wall time (for the spinner). */
	readonly now: number;
	readonly markdown: MarkdownRenderer;
}

const LABEL = 10;
const label = (text: string) => theme.dim(text.padEnd(LABEL));

/**
 * One condition: a failing one shows what was expected beside what was observed; a passing
 * one only what was observed (it matched), so a passed check with many conditions fits.
 */
function conditionLines(result: ConditionResult, detailed: boolean): string[] {
	const glyph = result.pass ? theme.pass(MARKS.pass) : theme.fail(MARKS.fail);
	const lines = [`${glyph} ${result.subject}`];
	if (!detailed) return lines;
	if (!result.pass) lines.push(`    ${label('expected')}${result.expected}`);
	const {evidence} = result;
	if (evidence?.kind === 'replies') {
		lines.push(`    ${label('observed')}${distributionLine(evidence.counts, evidence.replies)}`);
		if (evidence.firstError !== undefined) lines.push(`    ${label('')}${theme.dim(`first error: ${evidence.firstError}`)}`);
	} else {
		lines.push(`    ${label('observed')}${result.observed}`);
	}
	return lines;
}

/**
 * Failing conditions first, with expected beside observed; when all pass, each with what
 * was observed, request probes (the distribution bars) first.
 */
function resultLines(results: readonly ConditionResult[]): string[] {
	const allPass = results.every((r) => r.pass);
	const rank = (r: ConditionResult) => (r.pass ? 2 : 0) + (r.evidence?.kind === 'replies' ? 0 : 1);
	return [...results].sort((a, b) => rank(a) - rank(b)).flatMap((r) => conditionLines(r, allPass || !r.pass));
}

/** Revealed hints, newest first (a long panel scrolls to the older ones). */
function hintLines(step: Step, shown: number, width: number, markdown: MarkdownRenderer): string[] {
	const lines: string[] = [];
	for (let i = Math.min(shown, step.hints.length) - 1; i >= 0; i--) {
		const text = markdown(step.hints[i] ?? '', Math.max(20, width - 2));
		const last = step.quiz ? '  (s shows the answer)' : '  (s shows the solution)';
		lines.push(theme.warn(`Hint ${i + 1}/${step.hints.length}`) + theme.dim(i === step.hints.length - 1 ? last : '  (h for the next)'));
		lines.push(...text.map((l) => `  ${l}`));
	}
	return lines;
}

const seconds = (ms: number) => `${Math.max(0, Math.ceil(ms / 1000))}s`;

/** Pure: what the check panel shows, or undefined when it has nothing to say. */
export function feedback(input: FeedbackInput): Feedback | undefined {
	const shownHints = hintLines(input.step, input.hintsShown, input.width, input.markdown);
	const panel = panelFor(input, shownHints);
	const heading = shownHints[0];
	const at = panel && heading !== undefined ? panel.lines.indexOf(heading) : -1;
	return panel && at >= 0 ? {...panel, newestHint: at} : panel;
}

function panelFor(input: FeedbackInput, shownHints: readonly string[]): Feedback | undefined {
	const {check, step} = input;
	const skipped = input.skippedBehind;
	// A failing check after "skip only" most likely misses that step's change: say so, and how to catch up.
	const skipNote = skipped
		? [theme.warn(`Step ${skipped.index + 1} (“${skipped.title}”) was skipped without catching the lab up: this check may need its change. Go back with p and press Enter to run it, then come back with n.`)]
		: [];
	// A later step already changed the lab: a failing (or retrying) check is most likely why; say how to rewind.
	const movedOn = input.labMovedOn ? [theme.warn(input.labMovedOn)] : [];
	const checkFails = check.status === 'retrying' || (check.status === 'done' && !check.verdict.pass && check.verdict.source === 'check');
	// A step passed before the lab was rebuilt: its check judges the lab as it is now, so a failure is expected.
	const rewound = input.mark === 'rewound' && input.rewound ? [theme.warn(`${input.rewound} n catches the lab up past it and moves on.`)] : [];
	const hints = [
		...(check.status === 'done' && !check.verdict.pass ? skipNote : []),
		...(checkFails ? [...movedOn, ...rewound] : []),
		...shownHints,
	];
	const withHints = (lines: readonly string[]) => (hints.length > 0 && lines.length > 0 ? [...lines, '', ...hints] : [...lines, ...hints]);
	const spin = theme.info(spinnerFrame(input.now));
	switch (check.status) {
		case 'running':
			return {title: `${spin} Checking… (attempt ${check.attempt})`, tone: 'info', lines: withHints([])};
		case 'retrying': {
			const wait = check.retryAt - input.clockNow;
			const left = check.deadline - input.clockNow;
			return {
				// The mesh converges in seconds, not at once: say when the next look comes.
				title: `${spin} Not yet · retrying in ${seconds(wait)} (attempt ${check.attempt + 1}, gives up in ${seconds(left)})`,
				tone: 'warn',
				lines: withHints(resultLines(check.results)),
			};
		}
		case 'done': {
			const {verdict} = check;
			const attempts = verdict.attempts > 1 ? ` after ${verdict.attempts} attempts` : '';
			// A question's explanation comes with its verdict, right or wrong.
			const explanation = verdict.source === 'quiz' && input.quizRevealed && step.quiz?.explanation ? ['', ...input.markdown(step.quiz.explanation, input.width)] : [];
			if (verdict.pass) {
				const what = verdict.source === 'quiz' ? 'Correct' : 'Passed';
				return {title: `${MARKS.pass} ${what}${attempts}. n moves on.`, tone: 'pass', lines: [...resultLines(verdict.results), ...explanation]};
			}
			const what = verdict.source === 'quiz' ? (input.quizRevealed ? 'Not quite: the right answer is marked' : 'Not quite: pick again and press Enter (s shows the answer)') : 'Not yet';
			// What failed, then the newest hint, then what passed: a small panel keeps the first two.
			const failing = resultLines(verdict.results.filter((r) => !r.pass));
			const passing = resultLines(verdict.results.filter((r) => r.pass)).filter((line) => !line.startsWith('    '));
			return {title: `${MARKS.fail} ${what}${attempts}`, tone: 'fail', lines: [...failing, ...explanation, ...hints, ...passing]};
		}
		case 'cancelled':
			return {title: 'Check cancelled', tone: 'warn', lines: withHints([theme.dim('c runs it again.')])};
		case 'idle':
			if (input.mark === 'passed') {
				return {title: `${MARKS.pass} Passed earlier`, tone: 'pass', lines: withHints([theme.dim('c runs the check again.')])};
			}
			if (input.mark === 'rewound') {
				const lines = [input.rewound ?? 'The lab has since been rebuilt to before this step.', theme.dim('Enter runs the step again · n catches the lab up past it and moves on.')];
				return {title: `${MARKS.rewound} Passed before the lab was rebuilt`, tone: 'warn', lines: withHints(lines)};
			}
			if (input.mark === 'skipped') return {title: `${MARKS.skip} Skipped`, tone: 'neutral', lines: withHints([])};
			return hints.length > 0 ? {title: 'Hints', tone: 'warn', lines: hints} : undefined;
	}
}
