import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import tar from 'tar-stream';
import {z} from 'zod';
import {readJsonFile} from '../state/json-file.js';
import {labImages, normalizeRef, tagRef} from './catalog.js';

/**
 * The manifest `prepare` writes beside its archive (`<archive>.manifest.json`): which images,
 * the registry digest each was pulled at, their sizes, and the archive's own size and SHA-256
 * so a copy (a USB stick, a download) can be verified without Docker.
 */
export const imageManifestSchema = z.object({
	schema: z.literal(1),
	createdAt: z.string(),
	advanced: z.boolean(),
	/** The platform (`os/arch`) the images were pulled and saved for; absent in archives of earlier versions. */
	platform: z.string().optional(),
	archiveBytes: z.number().int().nonnegative(),
	archiveSha256: z.string().regex(/^[0-9a-f]{64}$/),
	images: z.array(
		z.object({
			pinned: z.string(),
			ref: z.string(),
			role: z.enum(['node', 'cluster']),
			digest: z.string(),
			bytes: z.number().int().nonnegative(),
		}),
	),
});

export type ImageManifest = z.infer<typeof imageManifestSchema>;

export function manifestPathOf(archive: string): string {
	return `${archive}.manifest.json`;
}

export interface ArchiveCheck {
	readonly ok: boolean;
	readonly archive: string;
	readonly problems: readonly string[];
	readonly manifest?: ImageManifest;
}

/** What `docker save` puts at the top of its tar: one entry per image with the tags it carries. */
const dockerSaveManifest = z.array(z.object({RepoTags: z.array(z.string()).nullable().optional()}));

/** Streams the archive once: its size, SHA-256 and the image tags its `manifest.json` lists. */
export async function readArchive(file: string): Promise<{bytes: number; sha256: string; repoTags: string[] | undefined}> {
	const hash = createHash('sha256');
	let bytes = 0;
	let repoTags: string[] | undefined;
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		if (header.name !== 'manifest.json') {
			stream.on('end', next);
			stream.resume();
			return;
		}
		const chunks: Buffer[] = [];
		stream.on('data', (c: unknown) => {
			chunks.push(c as Buffer);
		});
		stream.on('end', () => {
			try {
				const parsed = dockerSaveManifest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				if (parsed.success) repoTags = parsed.data.flatMap((e) => e.RepoTags ?? []);
			} catch {
				// Not JSON: reported below as "no image list".
			}
			next();
		});
	});
	const source = createReadStream(file);
	// A second 'data' listener sees every chunk the pipe forwards, so the file is read once.
	source.on('data', (chunk) => {
		hash.update(chunk);
		bytes += chunk.length;
	});
	await pipeline(source, extract);
	return {bytes, sha256: hash.digest('hex'), repoTags};
}

/**
 * `prepare --check`: the archive and its manifest are present, the archive is byte for byte the
 * one the manifest describes, it holds every image the lab needs under the tag the cluster will
 * ask for, and each pinned image was saved at its pinned digest. Needs no Docker.
 */
export async function checkArchive(archive: string, options: {readonly quick?: boolean} = {}): Promise<ArchiveCheck> {
	const problems: string[] = [];
	const done = (manifest?: ImageManifest): ArchiveCheck => ({ok: problems.length === 0, archive, problems, ...(manifest ? {manifest} : {})});
	const manifestFile = manifestPathOf(archive);
	let manifest: ImageManifest | undefined;
	try {
		manifest = await readJsonFile(manifestFile, imageManifestSchema);
	} catch (error) {
		problems.push((error as Error).message);
		return done();
	}
	const size = await stat(archive).then((s) => s.size, () => undefined);
	if (size === undefined) problems.push(`${archive}: no such archive`);
	if (!manifest) problems.push(`${manifestFile}: no manifest (run \`clustermesh-tutor prepare\` to write both)`);
	if (!manifest || size === undefined) return done(manifest);
	if (size !== manifest.archiveBytes) problems.push(`${archive}: ${size} bytes, the manifest says ${manifest.archiveBytes} (incomplete or altered copy)`);

	const expected = labImages({advanced: manifest.advanced});
	for (const img of expected) {
		const entry = manifest.images.find((e) => e.ref === tagRef(img));
		if (!entry) problems.push(`${tagRef(img)} (${img.purpose}) is not in the manifest`);
		else if (img.digest && entry.digest !== img.digest) {
			problems.push(`${tagRef(img)} was saved at ${entry.digest}, the pinned digest is ${img.digest} (prepare again)`);
		}
	}
	if (options.quick || problems.length > 0) return done(manifest);

	const read = await readArchive(archive).catch((error: Error) => {
		problems.push(`${archive}: not a readable docker save archive (${error.message})`);
		return undefined;
	});
	if (!read) return done(manifest);
	if (read.sha256 !== manifest.archiveSha256) problems.push(`${archive}: SHA-256 ${read.sha256} does not match the manifest's ${manifest.archiveSha256} (altered or corrupt)`);
	if (!read.repoTags) problems.push(`${archive}: no image list (manifest.json) inside: not a docker save archive`);
	else {
		const present = new Set(read.repoTags.map(normalizeRef));
		for (const img of expected) {
			if (!present.has(normalizeRef(tagRef(img)))) problems.push(`${tagRef(img)} (${img.purpose}) is missing from the archive`);
		}
	}
	return done(manifest);
}

/** Pure: the check as lines for a person. */
export function formatArchiveCheck(check: ArchiveCheck): string {
	if (check.ok) {
		const m = check.manifest;
		const gib = m ? ` (${(m.archiveBytes / 1024 ** 3).toFixed(2)} GiB)` : '';
		const platform = m?.platform ? ` for ${m.platform}` : '';
		return `✔ ${check.archive}${gib}: complete, ${m?.images.length ?? 0} images${platform} at their pinned digests\n`;
	}
	return `✘ ${check.archive}: not usable\n${check.problems.map((p) => `  - ${p}\n`).join('')}`;
}
