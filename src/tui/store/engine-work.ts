import type {Backend} from '../../backends/backend.js';
import type {Clock} from '../../core/clock.js';
import {planSize, type LabPlan} from '../../engine/curriculum.js';
import {runLabPlan} from '../../engine/replay.js';
import {runStep, type StepAction, type StepOutcome} from '../../engine/step-runner.js';
import type {Step} from '../../lessons/model.js';
import type {LineStore} from './line-store.js';
import {outputFeed} from './output-feed.js';
import type {Action, TaskPhase} from './session-state.js';

/**
 * The TUI's side of the engine: runs one piece of engine work at a time (a step through
 * `runStep`, a lab plan through `runLabPlan`), draws its commands in the output pane, and
 * turns every engine event and the final outcome into an action for the store's reducer.
 * It decides nothing: what runs and what it means is the engine's.
 */
export class EngineWork {
	/** Aborts what runs (killing a command's process group). */
	private controller: AbortController | undefined;

	constructor(
		private readonly lines: LineStore,
		private readonly dispatch: (action: Action) => void,
		/** Wall time for elapsed-time displays. */
		private readonly now: () => number,
	) {}

	/** Runs a step action; its events become `step` actions, its outcome a `step-outcome`. */
	async step(step: Step, action: StepAction, lab: {readonly backend: Backend; readonly clock: Clock}): Promise<StepOutcome> {
		const feed = outputFeed(this.lines);
		if (action.kind === 'run' || action.kind === 'typed') this.lines.clear();
		const outcome = await this.tracked((signal) =>
			runStep(step, action, {
				backend: lab.backend,
				clock: lab.clock,
				signal,
				onEvent: (event) => {
					feed.step(event);
					this.dispatch({type: 'step', event, at: this.now()});
				},
			}),
		);
		this.dispatch({type: 'step-outcome', outcome});
		return outcome;
	}

	/** Runs a lab plan as a task with a progress bar; true when the lab reached the plan's target. */
	async plan(
		kind: TaskPhase['kind'],
		title: string,
		plan: LabPlan,
		lab: {readonly backend: Backend; readonly wipe?: () => Promise<void>},
	): Promise<boolean> {
		const feed = outputFeed(this.lines);
		this.lines.clear();
		this.dispatch({type: 'task-start', task: {kind, title, status: 'running', done: 0, total: planSize(plan)}});
		const outcome = await this.tracked((signal) =>
			runLabPlan(plan, lab.backend, {
				wipe: lab.wipe,
				signal,
				onEvent: (event) => {
					feed.plan(event);
					this.dispatch({type: 'task', event});
				},
			}),
		);
		this.dispatch({type: 'task-end', outcome});
		return outcome.status === 'done';
	}

	/** Cancels what runs, if anything; true when something was running. */
	abort(): boolean {
		this.controller?.abort();
		return this.controller !== undefined;
	}

	private async tracked<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		this.controller = controller;
		try {
			return await work(controller.signal);
		} finally {
			this.lines.flush();
			if (this.controller === controller) this.controller = undefined;
		}
	}
}
