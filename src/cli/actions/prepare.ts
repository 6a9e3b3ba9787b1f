import {mkdir, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {EnvironmentError, TutorError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {checkArchive, formatArchiveCheck, manifestPathOf, readArchive, type ImageManifest} from '../../images/archive.js';
import {labImages, tagRef, UNPREPARED_NOTE, type LabImage} from '../../images/catalog.js';
import {digestFor, inspectedFor, inspectStep, parseInspect, pullSteps, renderDockerStep, saveStep, type DockerStep} from '../../images/prepare-plan.js';
import {formatDuration} from '../../lab/timings.js';
import {retryDecision, RETRY_POLICY} from '../../lab/transient.js';
import {writeJsonAtomic} from '../../state/json-file.js';
import type {CliContext} from '../context.js';

export interface PrepareOptions {
	readonly advanced?: boolean;
	readonly output?: string;
	readonly dryRun?: boolean;
	readonly check?: string;
}

const GiB = 1024 ** 3;

/** Runs one docker step, its output indented on stdout; bounded retries on transient registry errors. */
async function runDocker(ctx: CliContext, step: DockerStep): Promise<string> {
	for (let attempt = 1; ; attempt++) {
		ctx.stdout(`$ ${renderDockerStep(step)}\n`);
		const child = execa('docker', [...step.args], {env: ctx.env, extendEnv: false, reject: false, stdin: 'ignore', all: true, cancelSignal: ctx.signal, forceKillAfterDelay: 2000});
		let stdout = '';
		child.stdout?.on('data', (c: Buffer) => {
			stdout += c.toString();
		});
		if (step.args[0] !== 'image') child.all?.on('data', (c: Buffer) => ctx.stdout(c.toString().replace(/^(?=.)/gm, '    ')));
		const result = await child;
		if (ctx.signal.aborted) throw new TutorError('interrupted; run `prepare` again', EXIT.interrupted);
		if ((result as {code?: string}).code === 'ENOENT') {
			throw new EnvironmentError('`prepare` needs the docker command: it is not installed', 'install Docker (see `clustermesh-tutor doctor`); `prepare --dry-run` shows the plan without it');
		}
		if (result.exitCode === 0) return stdout;
		const output = typeof result.all === 'string' ? result.all : '';
		const decision = retryDecision(output, attempt, step.retryable ? RETRY_POLICY : {attempts: 1, delaysMs: []});
		if (!decision.retry) {
			const cause = decision.cause ? ` (${decision.cause.title}; tried ${attempt} time(s))` : '';
			throw new TutorError(
				`\`${renderDockerStep(step)}\` exited with ${result.exitCode ?? 1}${cause}: ${output.trim().split('\n').slice(-3).join(' / ')}`,
				EXIT.failed,
				'check the network and `docker info`, then run `prepare` again (images already pulled are not downloaded twice)',
			);
		}
		ctx.stdout(`  ↻ ${decision.cause.title}: trying again in ${Math.round(decision.delayMs / 1000)}s\n`);
		await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
	}
}

/** Pure: the manifest entries from what Docker reported, refusing an image not at its pinned digest. */
export function manifestImages(images: readonly LabImage[], inspectOut: string): ImageManifest['images'] {
	const inspected = parseInspect(inspectOut);
	return images.map((img) => {
		const found = inspectedFor(img, inspected);
		if (!found) throw new TutorError(`docker image inspect did not report ${tagRef(img)}`, EXIT.failed, 'run `prepare` again');
		const digest = digestFor(img, found) ?? img.digest ?? '';
		if (img.digest && digest !== img.digest) {
			throw new TutorError(`${tagRef(img)} is at ${digest}, not the pinned ${img.digest}`, EXIT.failed, `remove it (\`docker rmi ${tagRef(img)}\`) and run \`prepare\` again`);
		}
		return {pinned: img.pinned, ref: tagRef(img), role: img.role, digest, bytes: found.size};
	});
}

export async function prepareAction(ctx: CliContext, options: PrepareOptions): Promise<void> {
	if (options.check) {
		const file = path.resolve(ctx.cwd, options.check);
		const check = await checkArchive(file);
		ctx.stdout(formatArchiveCheck(check));
		ctx.setExitCode(check.ok ? EXIT.ok : EXIT.failed);
		return;
	}
	const images = labImages({advanced: options.advanced});
	const archive = options.output ? path.resolve(ctx.cwd, options.output) : ctx.paths.imageArchive;
	const partial = `${archive}.partial`;
	const steps = [...pullSteps(images), inspectStep(images), saveStep(images, partial)];
	if (options.dryRun) {
		ctx.stdout(
			[
				`Plan for \`prepare\` (nothing was pulled): ${images.length} images into one archive`,
				`  archive:  ${archive}`,
				`  manifest: ${manifestPathOf(archive)} (digests, sizes, the archive's SHA-256)`,
				...steps.map((s) => `  ${renderDockerStep(s)}`),
				`  then: rename ${path.basename(partial)} to ${path.basename(archive)}, write the manifest, verify both (as \`prepare --check\` does)`,
				...(options.advanced ? [`  note: ${UNPREPARED_NOTE}`] : []),
				'',
			].join('\n'),
		);
		return;
	}
	const started = Date.now();
	await mkdir(path.dirname(archive), {recursive: true});
	for (const step of pullSteps(images)) await runDocker(ctx, step);
	const entries = manifestImages(images, await runDocker(ctx, inspectStep(images)));
	try {
		await runDocker(ctx, saveStep(images, partial));
		const read = await readArchive(partial);
		const manifest: ImageManifest = {
			schema: 1,
			createdAt: new Date().toISOString(),
			advanced: Boolean(options.advanced),
			archiveBytes: read.bytes,
			archiveSha256: read.sha256,
			images: entries,
		};
		await rename(partial, archive);
		await writeJsonAtomic(manifestPathOf(archive), manifest);
	} finally {
		await rm(partial, {force: true});
	}
	const check = await checkArchive(archive);
	ctx.stdout(formatArchiveCheck(check));
	if (!check.ok) throw new TutorError('the archive just written does not verify', EXIT.failed, 'check free disk space, then run `prepare` again');
	const total = entries.reduce((sum, e) => sum + e.bytes, 0);
	ctx.stdout(
		`prepared ${entries.length} images (${(total / GiB).toFixed(2)} GiB in Docker, archive ${((check.manifest?.archiveBytes ?? 0) / GiB).toFixed(2)} GiB) in ${formatDuration(Date.now() - started)}\n` +
			(options.advanced ? `note: ${UNPREPARED_NOTE}\n` : '') +
			(options.output ? `use it with: clustermesh-tutor up --images ${archive}\n` : '`up` will load it automatically\n'),
	);
}
