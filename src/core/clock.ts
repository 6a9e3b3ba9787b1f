import {setTimeout as delay} from 'node:timers/promises';

/** Time as the engine sees it; tests inject a virtual clock so nothing ever really waits. */
export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		if (ms > 0) await delay(ms, undefined, {signal});
	},
};

/** A clock that advances only when slept on. */
export function virtualClock(start = 0): Clock & {elapsed(): number} {
	let now = start;
	return {
		now: () => now,
		sleep: async (ms, signal) => {
			signal?.throwIfAborted();
			now += Math.max(0, ms);
		},
		elapsed: () => now - start,
	};
}
