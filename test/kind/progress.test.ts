import {describe, expect, it} from 'vitest';
import {applyPlanEvent, initialProgress, renderProgress} from '../../src/lab/progress.js';
import {labPlan} from '../../src/lab/plan.js';

describe('task list progress', () => {
	const tasks = labPlan('clusters');
	const [k, t] = tasks as [(typeof tasks)[number], (typeof tasks)[number]];

	it('shows a spinner and elapsed time for running tasks, marks for finished ones', () => {
		let p = initialProgress(tasks);
		p = applyPlanEvent(p, {type: 'task-start', task: k}, 1000);
		p = applyPlanEvent(p, {type: 'task-skip', task: t}, 1000);
		p = applyPlanEvent(p, {type: 'output', task: k, chunk: {stream: 'stderr', text: ' ✓ Preparing nodes 📦\n'}}, 1500);
		expect(renderProgress(p, 66_000, 1)).toEqual(['⠙ Create kind cluster koornacht 1m05s  ✓ Preparing nodes 📦', '✔ Create kind cluster tion (already done)']);
		p = applyPlanEvent(p, {type: 'task-done', task: k}, 71_000);
		expect(renderProgress(p, 90_000, 2)[0]).toBe('✔ Create kind cluster koornacht 1m10s');
	});

	it('truncates long lines to the terminal width', () => {
		const p = applyPlanEvent(initialProgress(tasks), {type: 'task-start', task: k}, 0);
		expect(renderProgress(p, 0, 0, 20)[0]).toHaveLength(20);
	});
});
