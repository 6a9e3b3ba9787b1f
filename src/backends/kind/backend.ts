import type {Backend, CheckTiming} from '../backend.js';
import type {Observer} from '../observations.js';
import type {Runner} from './runner.js';

/** Real clusters converge in seconds (the mesh) to a minute (pods): checks retry that long. */
export const LIVE_CHECK_TIMING: CheckTiming = {budgetMs: 60_000, intervalMs: 2_000};

/** The live backend: lesson commands through the safe runner, observations of the real lab. */
export function createKindBackend(options: {readonly runner: Runner; readonly observer: Observer}): Backend {
	return {
		kind: 'kind',
		label: 'LIVE',
		observer: options.observer,
		checkTiming: LIVE_CHECK_TIMING,
		run: (request) => options.runner.run(request),
	};
}
