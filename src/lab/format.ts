import type {PlanEvent} from './execute.js';
import type {PlanCommand, PlanTask} from './plan.js';

export interface FormatPlanOptions {
	/** How a command is shown; a backend passes one that adds the environment it runs with. */
	readonly renderCommand?: (command: PlanCommand) => string;
}

/** The plan as text: groups in order, tasks in a group run in parallel. */
export function formatPlan(groups: readonly (readonly PlanTask[])[], options: FormatPlanOptions = {}): string {
	const render = options.renderCommand ?? ((command: PlanCommand) => command.command);
	const lines: string[] = [];
	groups.forEach((group, index) => {
		lines.push(`group ${index + 1}${group.length > 1 ? ` (${group.length} tasks in parallel)` : ''}:`);
		for (const task of group) {
			lines.push(`  [${task.id}] ${task.title}`);
			for (const command of task.commands) lines.push(`    (${command.target}) ${render(command)}`);
		}
	});
	return `${lines.join('\n')}\n`;
}

/** One plain line per plan event, for terminals without a TTY; output lines are indented. */
export function planEventLine(event: PlanEvent, elapsedMs: (taskId: string) => number): string | undefined {
	const seconds = (id: string) => `${(elapsedMs(id) / 1000).toFixed(1)}s`;
	switch (event.type) {
		case 'group':
			return undefined;
		case 'task-start':
			return `… ${event.task.title}`;
		case 'task-skip':
			return `✔ ${event.task.title} (already done)`;
		case 'command':
			return `  $ ${event.command.command}`;
		case 'output':
			return undefined;
		case 'retry':
			return `  ↻ ${event.cause.title}: trying \`${event.command.command}\` again in ${Math.round(event.delayMs / 1000)}s (attempt ${event.attempt})`;
		case 'task-done':
			return `✔ ${event.task.title} (${seconds(event.task.id)})`;
		case 'task-failed':
			return `✘ ${event.task.title}: \`${event.failure.command}\` exited with ${event.failure.exitCode}${
				event.failure.outputTail ? `\n${event.failure.outputTail.replace(/^/gm, '    ')}` : ''
			}`;
	}
}
