import type {LabSnapshots} from '../backend.js';
import type {SimState} from './state.js';
import type {SimStore} from './store.js';

/** What a check could observe: everything but the PRNG, the recorded Hubble drops and access logs. */
function observable(state: SimState): string {
	return JSON.stringify(Object.values(state.clusters).map(({accessLog: _served, ...c}) => ({...c, flows: []})));
}

/** Save/restore for the author harness: the simulated lab is plain data, so a copy is a snapshot. */
export function simSnapshots(store: SimStore): LabSnapshots<SimState> {
	return {
		// The store hands out private copies and copies what it keeps: nothing here is shared with it.
		snapshot: () => store.read(),
		restore: (snapshot) => store.transact(() => ({state: snapshot, result: undefined})),
		changedSince: async (snapshot) => observable(await store.read()) !== observable(snapshot),
	};
}
