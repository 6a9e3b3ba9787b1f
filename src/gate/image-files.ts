import path from 'node:path';
import {VERSIONS} from '../core/versions.js';
import {labImages, parseImageRef, tagRef} from '../images/catalog.js';
import {DOCKER_VERSION_FORMAT, PLATFORM_PATTERN, pullRef} from '../images/prepare-plan.js';
import {OWN_SHELL, Refusal, type GateContext} from './verdict.js';

/**
 * Rules for the prepared image archive (`prepare`, `up --images`): Docker runs only the two
 * forms `up` needs, `docker load -i FILE` and `docker save -o FILE REF…`, on the tool's own
 * archives and the images pinned in src/core/versions.ts, and while `prepare` runs, the pulls,
 * tags and inspections that build the archive. Anything else Docker can do (run a
 * container, mount the host, talk to another daemon) stays refused, as does every archive
 * outside the tool's images folder.
 */

/** The pinned images, as pinned (`repo:tag@sha256:…`) and by tag (what a loaded archive carries). */
const PINNED_REFS: ReadonlySet<string> = new Set(labImages({advanced: true}).flatMap((img) => [img.pinned, tagRef(img)]));
/** The kind node image `kind create cluster --image` may name. */
const NODE_IMAGE_REFS: ReadonlySet<string> = new Set([VERSIONS.kindNodeImage, tagRef(parseImageRef(VERSIONS.kindNodeImage))]);

const NO_DOCKER = 'the lab runs Docker only to load the images `clustermesh-tutor prepare` saved';

/** `prepare` pulls each pinned image by digest (or by tag, when no digest is pinned) and tags it by its name. */
const PULL_REFS: ReadonlySet<string> = new Set(labImages({advanced: true}).map(pullRef));
const TAGS: ReadonlyMap<string, string> = new Map(labImages({advanced: true}).flatMap((img) => (img.digest ? [[pullRef(img), tagRef(img)] as const] : [])));
const TAG_REFS: ReadonlySet<string> = new Set(labImages({advanced: true}).map(tagRef));

/** `--platform P` in front of the operands, when present and well formed. */
function takePlatform(words: readonly string[]): readonly string[] {
	if (words[0] !== '--platform') return words;
	const platform = words[1];
	if (platform === undefined || !PLATFORM_PATTERN.test(platform)) throw new Refusal(`\`--platform ${platform ?? ''}\` is not a platform (os/arch[/variant])`);
	return words.slice(2);
}

/**
 * `docker …` as static words (null for an expanded word). Everywhere: `load -i FILE` and
 * `save [--platform P] -o FILE REF…` of the pinned images. While `prepare` runs (ctx.images.prepare)
 * also what it needs to build the archive, each with exactly the operands it uses:
 * `version --format` (the engine's platform and API), `pull [--platform P] REF@DIGEST`,
 * `tag REF@DIGEST REPO:TAG` and `image inspect --format '{{json .}}' REPO:TAG…`.
 */
export function checkDocker(words: readonly (string | null)[], ctx: GateContext): void {
	if (words.some((w) => w === null)) throw new Refusal('an argument of `docker` comes from a variable or `$(…)`, so the tutorial cannot tell what it would load or save', 'let `clustermesh-tutor prepare` and `up` handle the archive');
	const [verb, ...rest] = words as string[];
	if (verb === 'load' && rest[0] === '-i' && rest[1] !== undefined && rest.length === 2) return checkArchive(rest[1], ctx, 'read');
	if (verb === 'save') {
		const [flag, file, ...refs] = takePlatform(rest);
		if (flag === '-o' && file !== undefined && refs.length > 0) {
			checkArchive(file, ctx, 'write');
			const foreign = refs.find((ref) => !PINNED_REFS.has(ref));
			if (foreign) throw new Refusal(`\`docker save ${foreign}\` is not an image the lab pins`, 'only the images in the lab\'s pinned versions are saved');
			return;
		}
	}
	if (ctx.images?.prepare && preparing(verb, rest)) return;
	const forms = ['`docker load -i FILE`', '`docker save -o FILE IMAGE…`', ...(ctx.images?.prepare ? ['`docker pull IMAGE@DIGEST`', '`docker tag IMAGE@DIGEST IMAGE:TAG`'] : [])];
	throw new Refusal(`\`docker ${words.join(' ')}\` is not a Docker command the lab runs (${NO_DOCKER}: ${forms.join(', ')})`, OWN_SHELL);
}

/** The commands only `prepare` runs, on the pinned images only. */
function preparing(verb: string | undefined, rest: readonly string[]): boolean {
	if (verb === 'version') return rest.length === 2 && rest[0] === '--format' && rest[1] === DOCKER_VERSION_FORMAT;
	if (verb === 'pull') {
		const refs = takePlatform(rest);
		if (refs.length !== 1 || !PULL_REFS.has(refs[0] ?? '')) throw new Refusal(`\`docker pull ${rest.join(' ')}\` is not one of the lab's pinned images`, 'prepare pulls only the images in the lab\'s pinned versions');
		return true;
	}
	if (verb === 'tag') return rest.length === 2 && TAGS.get(rest[0] ?? '') === rest[1];
	if (verb === 'image' && rest[0] === 'inspect') {
		const [, format, template, ...refs] = rest;
		return format === '--format' && template === '{{json .}}' && refs.length > 0 && refs.every((r) => TAG_REFS.has(r));
	}
	return false;
}

/** `kind load image-archive FILE`: one archive, the tool's own. */
export function checkKindArchive(operands: readonly string[], ctx: GateContext): void {
	const [file, ...rest] = operands;
	if (file === undefined || rest.length > 0) throw new Refusal('`kind load image-archive` takes exactly one archive');
	checkArchive(file, ctx, 'read');
}

/** `kind create cluster --image REF`: only the pinned node image. */
export function checkNodeImage(ref: string | undefined): void {
	if (ref !== undefined && !NODE_IMAGE_REFS.has(ref)) {
		throw new Refusal(`\`kind create cluster --image ${ref}\` is not the lab's pinned node image`, `use --image ${VERSIONS.kindNodeImage}`);
	}
}

/**
 * An archive may be read from or written to the tool's images folder; the archive given to
 * `up --images` may only be read. Paths are absolute and normalised, so `..` cannot leave the folder.
 */
function checkArchive(file: string, ctx: GateContext, use: 'read' | 'write'): void {
	const images = ctx.images;
	if (!images) throw new Refusal(`image archives are only loaded while \`clustermesh-tutor up\` builds the live lab`, OWN_SHELL);
	const folder = path.normalize(images.folder);
	const inside = path.isAbsolute(file) && path.normalize(file) === file && file.startsWith(folder + path.sep);
	const given = use === 'read' && (images.archives ?? []).some((a) => path.normalize(a) === file);
	if (!inside && !given) {
		throw new Refusal(
			`\`${file}\` is not one of the tutorial's image archives (${use === 'read' ? 'read' : 'written'} only in ${folder}${use === 'read' ? ' or the file given to `up --images`' : ''})`,
			'let `clustermesh-tutor prepare` and `up` handle the archive',
		);
	}
}
