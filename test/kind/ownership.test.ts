import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {decideCreate, EMPTY_OWNERSHIP, ownedClusters, ownershipStore, planDeletion, withCluster} from '../../src/backends/kind/ownership.js';

describe('ownership decisions', () => {
	it('deletes only what the tool created, and names lab clusters it did not create', () => {
		expect(planDeletion(['koornacht', 'tion', 'dev'], ['koornacht'])).toEqual({delete: ['koornacht'], foreign: ['tion']});
		expect(planDeletion(['dev'], [])).toEqual({delete: [], foreign: []});
		// A cluster recorded but already gone is still deleted (kind's delete is idempotent): the record is cleaned up.
		expect(planDeletion([], ['tion'])).toEqual({delete: ['tion'], foreign: []});
	});

	it('refuses to create over a foreign cluster of the same name', () => {
		expect(decideCreate('tion', ['tion'], []).action).toBe('refuse');
		expect(decideCreate('tion', ['tion'], ['tion'])).toEqual({action: 'create'});
		expect(decideCreate('tion', ['koornacht'], [])).toEqual({action: 'create'});
	});

	it('lists owned lab clusters in lab order', () => {
		const now = new Date(0);
		expect(ownedClusters(withCluster(withCluster(EMPTY_OWNERSHIP, 'tion', 'created', now), 'koornacht', 'creating', now))).toEqual(['koornacht', 'tion']);
	});
});

describe('ownership store', () => {
	let dir = '';
	afterEach(() => rmSync(dir, {recursive: true, force: true}));

	it('records parallel creations without losing one, and forgets', async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'cmt-own-'));
		const store = ownershipStore(path.join(dir, 'kind-clusters.json'));
		await Promise.all([store.record('koornacht', 'creating'), store.record('tion', 'creating')]);
		await store.record('tion', 'created');
		const record = await store.read();
		expect(Object.keys(record.clusters).sort()).toEqual(['koornacht', 'tion']);
		expect(record.clusters.tion?.state).toBe('created');
		await store.forget('koornacht');
		expect(ownedClusters(await store.read())).toEqual(['tion']);
		await store.remove();
		expect(await store.read()).toEqual(EMPTY_OWNERSHIP);
	});
});
