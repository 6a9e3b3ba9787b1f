import {useEffect, useState} from 'react';

/**
 * Wall-clock time that ticks while `active` (spinners, elapsed time, the retry countdown).
 * Idle screens do not tick, so a learner reading a step causes no redraws at all.
 */
export function useNow(active: boolean, intervalMs = 100): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(Date.now()), intervalMs);
		return () => clearInterval(timer);
	}, [active, intervalMs]);
	return now;
}
