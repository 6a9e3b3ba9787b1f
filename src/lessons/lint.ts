import {clustersOf, CLUSTERS} from '../core/lab.js';
import {checkCommand, simpleCommandWords} from '../gate/command-gate.js';
import {OWN_SHELL} from '../gate/verdict.js';
import {compareLabStates} from './lab-state.js';
import type {Lesson, LessonCommand, Step} from './model.js';
import type {ParseResult} from './parse-lesson.js';
import {sortProblems, type LessonProblem} from './problems.js';

/** Folders shipped with the tool whose files lesson commands name by relative path. */
const ASSET_FOLDERS = ['manifests/', 'kind-configs/'];

/**
 * Lints parsed lessons: every parse problem, plus rules across files and over commands.
 * Pure: `exists` answers whether a package-relative path (e.g. `manifests/app.yaml`) exists.
 */
export function lintLessons(results: readonly ParseResult[], exists: (assetPath: string) => boolean): LessonProblem[] {
	const problems: LessonProblem[] = results.flatMap((r) => r.problems);
	const parsed = results.flatMap((r) => (r.lesson ? [{lesson: r.lesson, lines: r.lines}] : []));
	problems.push(...uniqueness(parsed), ...chain(parsed));
	for (const {lesson} of parsed) {
		for (const step of lesson.steps) problems.push(...stepProblems(lesson, step, exists));
	}
	return sortProblems(problems);
}

type Parsed = {lesson: Lesson; lines: ParseResult['lines']};

function uniqueness(parsed: readonly Parsed[]): LessonProblem[] {
	const problems: LessonProblem[] = [];
	parsed.forEach(({lesson, lines}, i) => {
		const earlier = parsed.slice(0, i);
		const sameId = earlier.find((p) => p.lesson.id === lesson.id);
		if (sameId) {
			const at = {file: sameId.lesson.file, line: sameId.lines.id};
			const message = `duplicate lesson id "${lesson.id}" (also ${at.file}:${at.line})`;
			problems.push({file: lesson.file, line: lines.id, message, related: [at]});
		}
		const sameOrder = earlier.find((p) => p.lesson.order === lesson.order);
		if (sameOrder) {
			const number = String(lesson.order).padStart(2, '0');
			problems.push({
				file: lesson.file,
				line: 1,
				message: `duplicate lesson number ${number} (also ${sameOrder.lesson.file})`,
				related: [{file: sameOrder.lesson.file, line: 1}],
			});
		}
	});
	return problems;
}

/** Each core lesson must start where the previous core lesson leaves the lab (catch-up relies on it). */
function chain(parsed: readonly Parsed[]): LessonProblem[] {
	const core = parsed.filter((p) => !p.lesson.optional).sort((a, b) => a.lesson.order - b.lesson.order);
	return core.slice(1).flatMap((current, i) => {
		const previous = core[i];
		if (!previous) return [];
		const differences = compareLabStates(previous.lesson.leaves, current.lesson.starts);
		if (differences.length === 0) return [];
		const at = {file: previous.lesson.file, line: previous.lines.leaves};
		const details = differences.map((d) => `${d.subject}: starts ${d.actual}, previous leaves ${d.expected}`).join('; ');
		return [
			{
				file: current.lesson.file,
				line: current.lines.starts,
				message: `starts differs from the leaves of the previous core lesson (${at.file}:${at.line}): ${details}`,
				related: [at],
			},
		];
	});
}

function stepProblems(lesson: Lesson, step: Step, exists: (assetPath: string) => boolean): LessonProblem[] {
	const problems: LessonProblem[] = [];
	const report = (line: number, message: string) => problems.push({file: lesson.file, line, message});
	if (step.check.length > 0 && step.hints.length === 0) {
		report(step.line, `step "${step.id}" has a check but no hints: add "### Hints" with a numbered list`);
	}
	// A wrong answer should teach something: a nudge towards the reasoning, short of the answer.
	if (step.quiz && step.hints.length === 0) {
		report(step.line, `question "${step.id}" has no hints: add "### Hints" with a numbered list (a nudge, not the answer)`);
	}
	const seen = new Set<string>();
	const all = [...step.commands, ...step.solution, ...step.wrong.flatMap((w) => w.commands)];
	for (const command of all) {
		const key = `${command.line}\0${command.target}\0${command.command}`;
		if (seen.has(key)) continue;
		seen.add(key);
		for (const message of [...assetProblems(command, exists), ...safetyProblems(command)]) report(command.line, message);
	}
	const solution = normalise(step.solution);
	for (const answer of step.wrong) {
		if (normalise(answer.commands) === solution) {
			report(answer.line, `wrong answer "${answer.label}" is the same as the solution`);
		}
	}
	return problems;
}

const normalise = (commands: readonly LessonCommand[]) =>
	commands.map((c) => `${c.target}: ${c.command.replace(/\s+/g, ' ').trim()}`).join('\n');

/** Paths under manifests/ or kind-configs/ ship with the tool, so they must exist in the package. */
function assetProblems(command: LessonCommand, exists: (assetPath: string) => boolean): string[] {
	return simpleCommandWords(command.command).flat().flatMap((word) => {
		if (word === null) return [];
		const argument = word.startsWith('-') && word.includes('=') ? word.slice(word.indexOf('=') + 1) : word;
		const value = argument.replace(/^(\.\/)+/, '');
		if (!ASSET_FOLDERS.some((folder) => value.startsWith(folder))) return [];
		return exists(value) ? [] : [`${value}: no such file in the package`];
	});
}

/**
 * Commands must only ever touch the lab: the linter reports exactly what the command gate of
 * both backends would refuse, for each cluster a command runs against.
 */
function safetyProblems(command: LessonCommand): string[] {
	const targets = command.target === 'lab' ? (['lab'] as const) : clustersOf(command.target);
	const messages = targets.flatMap((target) => {
		const verdict = checkCommand(command.command, {target, owned: CLUSTERS, kubeconfig: `$STATE/kube/${target}.yaml`});
		return verdict.ok ? [] : [`the command gate refuses this ${target} command: ${verdict.reason}${verdict.fix === OWN_SHELL ? '' : ` (${verdict.fix})`}`];
	});
	return [...new Set(messages)];
}
