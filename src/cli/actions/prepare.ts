import {mkdir, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {EnvironmentError, TutorError, UsageError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {checkArchive, formatArchiveCheck, manifestPathOf, readArchive, type ImageManifest} from '../../images/archive.js';
import {labImages, tagRef, UNPREPARED_NOTE, type LabImage} from '../../images/catalog.js';
import {
	digestFor,
	hostPlatform,
	inspectedFor,
	inspectStep,
	parseDockerVersion,
	parseInspect,
	PLATFORM_PATTERN,
	pullSteps,
	renderDockerStep,
	saveStep,
	savesOnePlatform,
	versionStep,
	type DockerStep,
} from '../../images/prepare-plan.js';
import {commandHome, kubeconfigFor} from '../../backends/kind/command-env.js';
import {spawnLabCommand} from '../../backends/kind/runner.js';
import {checkCommand} from '../../gate/command-gate.js';
import {formatRefusal, type GateContext} from '../../gate/verdict.js';
import {formatDuration} from '../../lab/timings.js';
import {retryDecision, RETRY_POLICY} from '../../lab/transient.js';
import {writeJsonAtomic} from '../../state/json-file.js';
import type {CliContext} from '../context.js';

export interface PrepareOptions {
	readonly advanced?: boolean;
	readonly output?: string;
	readonly dryRun?: boolean;
	readonly check?: string;
	readonly platform?: string;
}

const GiB = 1024 ** 3;

/** Where `prepare` writes and what its Docker commands may do: the gate's context for this archive. */
function prepareGateContext(ctx: CliContext, archive: string): GateContext {
	return {target: 'lab', owned: [], kubeconfig: kubeconfigFor(ctx.paths, 'lab'), images: {folder: path.dirname(archive), prepare: true}};
}

/**
 * Runs one docker step the way every lab command runs: the command gate first (refused: exit 5,
 * nothing spawned), then spawnLabCommand (allowlisted environment, private HOME). Output is
 * indented on stdout; bounded retries on transient registry errors.
 */
async function runDocker(ctx: CliContext, gate: GateContext, step: DockerStep, options: {readonly quiet?: boolean} = {}): Promise<string> {
	const command = renderDockerStep(step);
	const verdict = checkCommand(command, gate);
	if (!verdict.ok) throw new TutorError(formatRefusal(verdict).trimEnd(), EXIT.refused);
	for (let attempt = 1; ; attempt++) {
		ctx.stdout(`$ ${command}\n`);
		const out = {stdout: '', all: ''};
		const result = await spawnLabCommand(
			command,
			{
				command,
				target: 'lab',
				signal: ctx.signal,
				onOutput: (chunk) => {
					if (chunk.stream === 'stdout') out.stdout += chunk.text;
					out.all += chunk.text;
					if (!options.quiet) ctx.stdout(chunk.text.replace(/^(?=.)/gm, '    '));
				},
			},
			{paths: ctx.paths, cwd: ctx.cwd, kubeconfig: gate.kubeconfig, env: ctx.env},
		);
		if (result.cancelled) throw new TutorError('interrupted; run `prepare` again', EXIT.interrupted);
		if (result.exitCode === 127) {
			throw new EnvironmentError('`prepare` needs the docker command: it is not installed', 'install Docker (see `clustermesh-tutor doctor`); `prepare --dry-run` shows the plan without it');
		}
		if (result.exitCode === 0) return out.stdout;
		const decision = retryDecision(out.all, attempt, step.retryable ? RETRY_POLICY : {attempts: 1, delaysMs: []});
		if (!decision.retry) {
			const cause = decision.cause ? ` (${decision.cause.title}; tried ${attempt} time(s))` : '';
			throw new TutorError(
				`\`${command}\` exited with ${result.exitCode}${cause}: ${out.all.trim().split('\n').slice(-3).join(' / ')}`,
				EXIT.failed,
				'check the network and `docker info`, then run `prepare` again (images already pulled are not downloaded twice)',
			);
		}
		ctx.stdout(`  ↻ ${decision.cause.title}: trying again in ${Math.round(decision.delayMs / 1000)}s\n`);
		await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
	}
}

/** The platform to pull and save: `--platform`, else the Docker engine's; saved as one platform when Docker can. */
async function choosePlatform(ctx: CliContext, gate: GateContext, requested: string | undefined): Promise<{pull: string; save?: string}> {
	const printed = await runDocker(ctx, gate, versionStep(), {quiet: true});
	const engine = parseDockerVersion(printed);
	if (!engine) throw new TutorError(`\`docker version\` printed ${JSON.stringify(printed.trim())}, not the engine's platform and API version`, EXIT.failed, 'check `docker version`');
	const platform = requested ?? engine.platform;
	const one = savesOnePlatform(engine);
	ctx.stdout(`  Docker engine ${engine.platform}, API ${engine.apiVersion}: images for ${platform}${one ? '' : ' (this Docker saves without --platform, which needs API 1.48)'}\n`);
	return {pull: platform, ...(one ? {save: platform} : {})};
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
	if (options.platform !== undefined && !PLATFORM_PATTERN.test(options.platform)) {
		throw new UsageError(`--platform ${options.platform}: not a platform (os/arch, e.g. linux/amd64 or linux/arm64)`);
	}
	const images = labImages({advanced: options.advanced});
	const archive = options.output ? path.resolve(ctx.cwd, options.output) : ctx.paths.imageArchive;
	const partial = `${archive}.partial`;
	if (options.dryRun) {
		const platform = options.platform ?? hostPlatform();
		const steps = [versionStep(), ...pullSteps(images, platform), inspectStep(images), saveStep(images, partial, platform)];
		ctx.stdout(
			[
				`Plan for \`prepare\` (nothing was pulled): ${images.length} images into one archive`,
				`  archive:  ${archive}`,
				`  manifest: ${manifestPathOf(archive)} (digests, sizes, platform, the archive's SHA-256)`,
				`  platform: ${platform}${options.platform ? '' : " (this computer's; prepare uses the Docker engine's, --platform picks another)"}`,
				...steps.map((s) => `  ${renderDockerStep(s)}`),
				`  then: rename ${path.basename(partial)} to ${path.basename(archive)}, write the manifest, verify both (as \`prepare --check\` does)`,
				...(options.advanced ? [`  note: ${UNPREPARED_NOTE}`] : []),
				'',
			].join('\n'),
		);
		return;
	}
	const started = Date.now();
	const gate = prepareGateContext(ctx, archive);
	await mkdir(path.dirname(archive), {recursive: true});
	// Docker runs with the tool's private HOME, as every lab command does.
	await mkdir(commandHome(ctx.paths), {recursive: true, mode: 0o700});
	const platform = await choosePlatform(ctx, gate, options.platform);
	for (const step of pullSteps(images, platform.pull)) await runDocker(ctx, gate, step);
	const entries = manifestImages(images, await runDocker(ctx, gate, inspectStep(images), {quiet: true}));
	try {
		await runDocker(ctx, gate, saveStep(images, partial, platform.save));
		const read = await readArchive(partial);
		const manifest: ImageManifest = {
			schema: 1,
			createdAt: new Date().toISOString(),
			advanced: Boolean(options.advanced),
			platform: platform.pull,
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
