import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {VERSIONS} from '../../src/core/versions.js';
import {ROOT} from './helpers.js';

/** Versions live in one file: the manifests that ship with the tool must use its images. */

function yamlFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const file = path.join(dir, entry);
		return statSync(file).isDirectory() ? yamlFiles(file) : /\.ya?ml$/.test(entry) ? [file] : [];
	});
}

/** Every `image:` value in a parsed document, wherever it sits. */
function images(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(images);
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, v]) => (key === 'image' && typeof v === 'string' ? [v] : images(v)));
}

describe('pinned versions', () => {
	const manifests = yamlFiles(path.join(ROOT, 'manifests'));
	const pinned = new Set<string>(Object.values(VERSIONS.images));

	it.each(manifests.map((file) => path.relative(ROOT, file)))('%s uses only images from versions.ts', (file) => {
		const used = parseAllDocuments(readFileSync(path.join(ROOT, file), 'utf8')).flatMap((doc) => images(doc.toJS()));
		for (const image of used) expect(pinned, `${file}: ${image}`).toContain(image);
	});

	it('the workload manifests use the x-wing and rebel-base images', () => {
		const all = manifests.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => images(doc.toJS())));
		expect(new Set(all)).toEqual(new Set([VERSIONS.images.xWing, VERSIONS.images.rebelBase]));
	});

	it('the kind node images and tool versions are pinned strings', () => {
		for (const image of Object.values(VERSIONS.kindNodeImages)) expect(image).toMatch(/^[a-z0-9./-]+:[\w.-]+$/);
		for (const version of Object.values(VERSIONS.toolOutputs)) expect(version).toMatch(/\d/);
	});
});
