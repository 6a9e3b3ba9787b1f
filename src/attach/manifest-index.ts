import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {parseAllDocuments} from 'yaml';
import type {ManifestObject} from '../gate/attach-policy.js';

/** The objects one manifest declares (kind, and namespace when it names one). Pure. */
export function manifestObjects(text: string): ManifestObject[] {
	return parseAllDocuments(text)
		.map((doc) => doc.toJS() as unknown)
		.filter((o): o is {kind: unknown; metadata?: {name?: unknown; namespace?: unknown}} => typeof o === 'object' && o !== null && 'kind' in o)
		.map((o) => ({
			kind: String(o.kind),
			...(typeof o.metadata?.name === 'string' ? {name: o.metadata.name} : {}),
			...(typeof o.metadata?.namespace === 'string' ? {namespace: o.metadata.namespace} : {}),
		}));
}

/** Every YAML file under `<root>/manifests`, by the path lesson commands name it with (`manifests/app.yaml`). */
export async function loadManifestIndex(root: string): Promise<Map<string, ManifestObject[]>> {
	const index = new Map<string, ManifestObject[]>();
	const files = await readdir(path.join(root, 'manifests'), {recursive: true});
	for (const file of files.filter((f) => /\.ya?ml$/.test(f)).sort()) {
		const relative = path.posix.join('manifests', file.split(path.sep).join('/'));
		index.set(relative, manifestObjects(await readFile(path.join(root, relative), 'utf8')));
	}
	return index;
}
