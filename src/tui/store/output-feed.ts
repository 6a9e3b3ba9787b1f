import chalk from 'chalk';
import {linePrefixer} from '../../core/text.js';
import type {TaggedChunk} from '../../engine/run-command.js';
import type {LabPlanEvent} from '../../engine/replay.js';
import type {StepEvent} from '../../engine/step-runner.js';
import type {LessonCommand} from '../../lessons/model.js';
import type {LineStore} from './line-store.js';

interface OutputWriter {
	write(chunk: TaggedChunk): void;
	/** The command ended: its last partial line is complete. */
	end(): void;
}

/**
 * Starts a command's output in the line store with a `KOORNACHT $ kubectl …` header, then
 * streams its chunks; `both` output gets a cluster tag per line.
 */
function commandOutput(lines: LineStore, command: LessonCommand): OutputWriter {
	const {target} = command;
	lines.pushLines(`${chalk.dim(target.toUpperCase())} ${chalk.bold(`$ ${command.command}`)}`);
	if (target !== 'both') return {write: (chunk) => lines.push(chunk.text), end: () => lines.endLine()};
	// Each cluster's partial line waits for its own newline, so interleaved chunks never split a tag.
	const prefixer = linePrefixer((text) => lines.push(text));
	return {
		write: (chunk) => prefixer.push(chalk.cyan(`[${chunk.cluster ?? target}] `), chunk.text),
		end: () => {
			prefixer.flush();
			lines.endLine();
		},
	};
}

/**
 * The output pane's view of engine events: each command's header and output, then how it
 * ended (a red exit code, `^C cancelled`). One feed per run or lab task.
 */
export function outputFeed(lines: LineStore): {step(event: StepEvent): void; plan(event: LabPlanEvent): void} {
	let writer: OutputWriter | undefined;
	return {
		step(event) {
			switch (event.type) {
				case 'command-start':
					writer = commandOutput(lines, event.command);
					return;
				case 'output':
					writer?.write(event.chunk);
					return;
				case 'command-end':
					writer?.end();
					writer = undefined;
					if (event.cancelled) lines.pushLines(chalk.yellow('^C cancelled'));
					else if (event.exitCode !== 0) lines.pushLines(chalk.red(`exit ${event.exitCode}`));
					lines.flush();
					return;
				default:
					return;
			}
		},
		plan(event) {
			if (event.type === 'command') writer = commandOutput(lines, event.command);
			else if (event.type === 'output') writer?.write(event.chunk);
			else if (event.type === 'command-end') {
				writer?.end();
				writer = undefined;
			}
		},
	};
}
