import {ObservationError, type Observer} from '../backends/observations.js';
import {conditionKind, type Evidence} from './conditions.js';
import type {CheckCondition} from './spec.js';

/** The outcome of one condition: what was expected beside what was seen. */
export interface ConditionResult {
	readonly pass: boolean;
	/** Short label of what was checked, e.g. "probe from koornacht". */
	readonly subject: string;
	readonly expected: string;
	/** One line for text output (`verify`, the harness). */
	readonly observed: string;
	/** Structured detail for views (see `Evidence`), when the condition type has some. */
	readonly evidence?: Evidence;
}

/** Observes the lab through the backend and judges one condition. Never throws for lab state. */
export async function evaluateCondition(condition: CheckCondition, observer: Observer, signal?: AbortSignal): Promise<ConditionResult> {
	const kind = conditionKind(condition);
	const described = {subject: kind.subject(condition), expected: kind.expects(condition)};
	try {
		const judged = await kind.judge(condition, observer, signal);
		return {...described, ...judged};
	} catch (error) {
		if (error instanceof ObservationError) return {...described, pass: false, observed: `could not observe: ${error.message}`};
		throw error;
	}
}
