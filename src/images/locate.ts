import {access} from 'node:fs/promises';
import {checkArchive, manifestPathOf, type ArchiveCheck, type ImageManifest} from './archive.js';

export interface LocatedArchive {
	/** The archive `up` will load, when one is usable. */
	readonly archive?: string;
	/** Its manifest: which images it holds. */
	readonly manifest?: ImageManifest;
	/** Where it looked (the `--images` file, or the state folder's default). */
	readonly looked: string;
	/** Why a present archive is not used. */
	readonly problem?: ArchiveCheck;
}

const exists = (file: string) => access(file).then(() => true, () => false);

/**
 * The prepared archive `up` uses: `--images FILE` (which must be usable), else the state
 * folder's, if `prepare` wrote one. A quick check (manifest, size, pinned digests) that reads
 * no image data; `prepare --check` does the full one.
 */
export async function locateArchive(defaultArchive: string, explicit?: string): Promise<LocatedArchive> {
	const looked = explicit ?? defaultArchive;
	if (!explicit && !(await exists(looked)) && !(await exists(manifestPathOf(looked)))) return {looked};
	const check = await checkArchive(looked, {quick: true});
	return check.ok && check.manifest ? {archive: looked, manifest: check.manifest, looked} : {looked, problem: check};
}
