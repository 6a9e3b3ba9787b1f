import {rm} from 'node:fs/promises';
import {z} from 'zod';
import {CLUSTERS, isClusterName, type ClusterName} from '../../core/lab.js';
import {readJsonFile, writeJsonAtomic} from '../../state/json-file.js';

/**
 * The record of the kind clusters this tool created: `down` deletes only these, and the
 * runner touches no other cluster. A cluster is recorded as `creating` just before
 * `kind create cluster` runs, so a creation interrupted half-way is still ours to clean up.
 */
const ownershipSchema = z.object({
	schema: z.literal(1),
	clusters: z.record(z.string(), z.object({state: z.enum(['creating', 'created']), since: z.string()})),
});

export type Ownership = z.infer<typeof ownershipSchema>;
export type OwnershipState = Ownership['clusters'][string]['state'];

export const EMPTY_OWNERSHIP: Ownership = {schema: 1, clusters: {}};

/** Lab clusters in the record, in lab order. */
export function ownedClusters(ownership: Ownership): ClusterName[] {
	return CLUSTERS.filter((c) => c in ownership.clusters);
}

export function withCluster(ownership: Ownership, name: ClusterName, state: OwnershipState, now: Date): Ownership {
	return {...ownership, clusters: {...ownership.clusters, [name]: {state, since: now.toISOString()}}};
}

export function withoutCluster(ownership: Ownership, name: string): Ownership {
	const clusters = {...ownership.clusters};
	delete clusters[name];
	return {...ownership, clusters};
}

export type CreateDecision = {readonly action: 'create'} | {readonly action: 'refuse'; readonly reason: string; readonly fix: string};

/** Before `kind create cluster --name X`: a cluster of that name that exists and is not ours stays untouched. */
export function decideCreate(name: ClusterName, existing: readonly string[], owned: readonly ClusterName[]): CreateDecision {
	if (existing.includes(name) && !owned.includes(name)) {
		return {
			action: 'refuse',
			reason: `a kind cluster named ${name} already exists and was not created by clustermesh-tutor`,
			fix: `if it is a leftover you no longer need, delete it yourself (\`kind delete cluster --name ${name}\`), then run \`clustermesh-tutor up\` again`,
		};
	}
	return {action: 'create'};
}

export interface DeletionPlan {
	/** Owned clusters to delete (whether or not kind still lists them: deleting is idempotent). */
	readonly delete: readonly ClusterName[];
	/** Lab-named clusters that exist but are not ours: left alone, and said so. */
	readonly foreign: readonly ClusterName[];
}

/** What `down` does: delete what we created, never anything else. */
export function planDeletion(existing: readonly string[], owned: readonly ClusterName[]): DeletionPlan {
	return {
		delete: owned,
		foreign: existing.filter((name): name is ClusterName => isClusterName(name) && !owned.includes(name)),
	};
}

/** File-backed record; writes are serialized so parallel creations never lose an entry. */
export function ownershipStore(file: string) {
	let queue: Promise<unknown> = Promise.resolve();
	const update = (change: (o: Ownership) => Ownership) => {
		const next = queue.then(async () => writeJsonAtomic(file, change(await read())));
		queue = next.catch(() => undefined);
		return next;
	};
	const read = async () => (await readJsonFile(file, ownershipSchema)) ?? EMPTY_OWNERSHIP;
	return {
		file,
		read,
		record: (name: ClusterName, state: OwnershipState) => update((o) => withCluster(o, name, state, new Date())),
		forget: (name: string) => update((o) => withoutCluster(o, name)),
		remove: () => rm(file, {force: true}),
	};
}

export type OwnershipStore = ReturnType<typeof ownershipStore>;
