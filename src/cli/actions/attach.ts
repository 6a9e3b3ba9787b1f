import {mkdir, mkdtemp, readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {createInterface} from 'node:readline/promises';
import {askTool} from '../../backends/kind/doctor/ask.js';
import type {ToolAnswer} from '../../backends/kind/doctor/facts.js';
import {doctorReport} from '../../backends/kind/doctor/findings.js';
import {commandEnv, commandHome} from '../../backends/kind/command-env.js';
import {attachPaths, readAttachment, writeAttachment, type Attachment} from '../../attach/attachment.js';
import {OWNER_LABEL, OWNER_VALUE, type AttachAnswers, type ClusterAnswers} from '../../attach/facts.js';
import {loadManifestIndex} from '../../attach/manifest-index.js';
import {ownKubeconfigs} from '../../attach/own-kubeconfig.js';
import {evaluateAttach, type AttachEvaluation} from '../../attach/preconditions.js';
import {ownedKinds, parseObjectList, planDetach, renderStep, type ListedObject} from '../../attach/detach-plan.js';
import {TutorError, UsageError} from '../../core/errors.js';
import {EXIT} from '../../core/exit-codes.js';
import {CLUSTERS, CLUSTER_SPECS, type ClusterName} from '../../core/lab.js';
import {writeFileVerified} from '../../state/verified-write.js';
import type {CliContext} from '../context.js';

export interface AttachOptions {
	readonly kubeconfig: string;
	readonly koornacht: string;
	readonly tion: string;
	readonly namespace: string;
	readonly yes?: boolean;
	readonly dryRun?: boolean;
	readonly json?: boolean;
}

const TIMEOUT_MS = 20_000;
/** A namespace name is an RFC 1123 label (Kubernetes "Object Names and IDs"). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Runs kubectl or cilium with the tool's own kubeconfig and nothing else of the learner's environment. */
function toolRunner(ctx: CliContext, kubeconfig: string) {
	const env = commandEnv(ctx.env, {kubeconfig, home: commandHome(ctx.paths), stateHome: ctx.paths.home});
	return (file: 'kubectl' | 'cilium', args: readonly string[], stdin?: string): Promise<ToolAnswer> =>
		stdin === undefined ? askTool(file, args, {env, timeoutMs: TIMEOUT_MS}) : askWithInput(file, args, stdin, env);
}

async function askWithInput(file: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<ToolAnswer> {
	const {execa} = await import('execa');
	const r = await execa(file, args, {input, timeout: TIMEOUT_MS, reject: false, env, extendEnv: false});
	return {found: true, exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '')};
}

async function gather(run: ReturnType<typeof toolRunner>, contexts: Record<ClusterName, string>, servers: Record<ClusterName, string>, namespace: string): Promise<AttachAnswers> {
	const one = async (c: ClusterName): Promise<[ClusterName, ClusterAnswers]> => {
		const context = contexts[c];
		const kubectl = (...args: string[]) => run('kubectl', ['--context', context, ...args]);
		const [version, ciliumConfig, ciliumDaemonSet, mesh, ns] = await Promise.all([
			kubectl('version', '-o', 'json', '--request-timeout=10s'),
			kubectl('-n', 'kube-system', 'get', 'configmap', 'cilium-config', '-o', 'json'),
			kubectl('-n', 'kube-system', 'get', 'daemonset', 'cilium', '-o', 'json'),
			run('cilium', ['clustermesh', 'status', '--context', context, '-o', 'json']),
			kubectl('get', 'namespace', namespace, '-o', 'json'),
		]);
		return [c, {context, server: servers[c], version, ciliumConfig, ciliumDaemonSet, mesh, namespace: ns}];
	};
	const clusters = Object.fromEntries(await Promise.all(CLUSTERS.map(one))) as Record<ClusterName, ClusterAnswers>;
	return {namespace, clusters};
}

function describeFound(evaluation: AttachEvaluation): string {
	const lines = ['Found:'];
	for (const c of CLUSTERS) {
		const f = evaluation.clusters[c];
		lines.push(
			`  ${CLUSTER_SPECS[c].displayName} ← context ${f.context}`,
			`    API server   ${f.server || '(none)'}${f.kubernetes ? `  (Kubernetes ${f.kubernetes})` : ''}`,
			`    Cilium       ${f.cilium ?? 'unknown'}, cluster-name ${f.clusterName ?? '?'}, cluster-id ${f.clusterId ?? '?'}`,
			`    Mesh         ${f.connectedTo.length > 0 ? `connected to ${f.connectedTo.join(', ')}` : 'no remote cluster connected'}`,
		);
	}
	return `${lines.join('\n')}\n`;
}

function formatFindings(evaluation: AttachEvaluation): string {
	const mark = {ok: '✔', warn: '!', fail: '✘'} as const;
	const lines = evaluation.findings.flatMap((f) => [`${mark[f.status]} ${f.title}${f.detail ? ` — ${f.detail}` : ''}`, ...(f.fix ? [`    fix: ${f.fix}`] : [])]);
	return `${lines.join('\n')}\n`;
}

/**
 * The Namespace attach creates where it is absent: labelled so a later attach or detach knows it
 * is the tool's, and with Pod Security Admission enforcing the `baseline` level (Kubernetes docs,
 * "Pod Security Admission"), so no pod there can be privileged or reach into its node.
 */
function namespaceManifest(namespace: string): string {
	const labels = {[OWNER_LABEL]: OWNER_VALUE, 'pod-security.kubernetes.io/enforce': 'baseline'};
	return JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace, labels}});
}

async function confirm(question: string): Promise<boolean> {
	const rl = createInterface({input: process.stdin, output: process.stderr});
	try {
		return /^y(es)?$/i.test((await rl.question(question)).trim());
	} finally {
		rl.close();
	}
}

export async function attachAction(ctx: CliContext, options: AttachOptions): Promise<void> {
	const {namespace} = options;
	if (!DNS_LABEL.test(namespace)) throw new UsageError(`--namespace ${namespace}: not a valid namespace name`, 'use lowercase letters, digits and dashes, at most 63 characters');
	const paths = attachPaths(ctx.paths.home);
	const existing = await readAttachment(paths);
	if (existing) throw new TutorError(`already attached to ${existing.clusters.koornacht.context} and ${existing.clusters.tion.context}`, EXIT.failed, 'run `clustermesh-tutor detach` first');
	const file = path.resolve(ctx.cwd, options.kubeconfig);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--kubeconfig ${options.kubeconfig}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	const contexts = {koornacht: options.koornacht, tion: options.tion};
	// The learner's file is read once, here; every command after this uses the tool's own copy.
	const own = ownKubeconfigs(text, file, contexts, namespace);
	await mkdir(ctx.paths.home, {recursive: true});
	const staging = await mkdtemp(path.join(ctx.paths.home, 'attach-'));
	try {
		const stagedLab = path.join(staging, 'lab.yaml');
		await writeFileVerified(stagedLab, own.lab, {mode: 0o600});
		const run = toolRunner(ctx, stagedLab);
		const evaluation = evaluateAttach(await gather(run, contexts, own.servers, namespace));
		const creates = CLUSTERS.filter((c) => evaluation.clusters[c].namespace.state === 'absent');
		const plan = [
			...creates.map((c) => `kubectl --context ${contexts[c]} create -f -   (stdin: ${namespaceManifest(namespace)})`),
			`write ${paths.kubeDir}/{koornacht,tion,lab}.yaml (the two contexts, namespace ${namespace})`,
			`write ${paths.record}`,
		];
		if (options.json) {
			ctx.stdout(`${JSON.stringify({...doctorReport(evaluation.findings), namespace, clusters: evaluation.clusters, plan, recorded: false})}\n`);
		} else {
			ctx.stdout(describeFound(evaluation));
			ctx.stdout(formatFindings(evaluation));
		}
		if (!evaluation.ok) {
			if (!options.json) ctx.stdout('\nNot attached: fix the problems above, then run attach again.\n');
			ctx.setExitCode(EXIT.failed);
			return;
		}
		if (options.dryRun) {
			if (!options.json) ctx.stdout(`\nattach would (dry run, nothing recorded):\n${plan.map((p) => `  ${p}`).join('\n')}\n`);
			return;
		}
		if (!options.yes) {
			if (!ctx.isTTY || options.json) throw new UsageError('attach asks before recording anything, and there is no terminal to ask on', 'add --yes to record it without asking');
			if (!(await confirm(`\nLessons will change only namespace ${namespace} in these two clusters. Attach? [y/N] `))) {
				ctx.stdout('Not attached; nothing was recorded.\n');
				return;
			}
		}
		for (const c of creates) {
			const created = await run('kubectl', ['--context', contexts[c], 'create', '-f', '-'], namespaceManifest(namespace));
			if (created.exitCode !== 0) throw new TutorError(`cannot create namespace ${namespace} in ${contexts[c]}: ${created.stderr.trim()}`, EXIT.failed, 'check that your credentials may create namespaces');
		}
		await mkdir(paths.kubeDir, {recursive: true, mode: 0o700});
		for (const c of CLUSTERS) await writeFileVerified(paths.kubeconfig(c), own.perCluster[c], {mode: 0o600});
		await writeFileVerified(paths.labKubeconfig, own.lab, {mode: 0o600});
		const attachment: Attachment = {
			schema: 1,
			namespace,
			attachedAt: new Date().toISOString(),
			clusters: Object.fromEntries(
				CLUSTERS.map((c) => {
					const f = evaluation.clusters[c];
					return [c, {context: f.context, server: f.server, clusterName: f.clusterName ?? '', clusterId: f.clusterId ?? 0, cilium: f.cilium ?? '', policyDefaultLocalCluster: f.policyDefaultLocalCluster?.value ?? true, createdNamespace: creates.includes(c)}];
				}),
			) as Attachment['clusters'],
		};
		await writeAttachment(paths, attachment);
		if (!options.json) ctx.stdout(`\nAttached. Lessons 3–10 run in namespace ${namespace}; \`clustermesh-tutor detach\` undoes it.\n`);
	} finally {
		await rm(staging, {recursive: true, force: true});
	}
}

export async function detachAction(ctx: CliContext, options: {readonly dryRun?: boolean}): Promise<void> {
	const paths = attachPaths(ctx.paths.home);
	const attachment = await readAttachment(paths);
	if (!attachment) {
		ctx.stdout('nothing attached\n');
		return;
	}
	const run = toolRunner(ctx, paths.labKubeconfig);
	const manifests = await loadManifestIndex(ctx.root);
	const kinds = ownedKinds(manifests).join(',');
	const listed = {} as Record<ClusterName, ListedObject[]>;
	for (const c of CLUSTERS) {
		const answer = await run('kubectl', ['--context', attachment.clusters[c].context, '-n', attachment.namespace, 'get', kinds, '-o', 'json']);
		if (answer.exitCode !== 0) throw new TutorError(`cannot list namespace ${attachment.namespace} in ${attachment.clusters[c].context}: ${answer.stderr.trim()}`, EXIT.failed, 'check that the cluster is reachable, then run detach again');
		listed[c] = parseObjectList(answer.stdout);
	}
	const steps = planDetach(attachment, listed, manifests);
	if (options.dryRun) {
		ctx.stdout(`detach would delete (dry run; only what the tutorial created):\n${steps.map((s) => `  ${s.cluster}: ${s.what}\n      KUBECONFIG=${paths.labKubeconfig} ${renderStep(s)}`).join('\n') || '  nothing'}\nthen forget the attachment (${paths.dir}).\n`);
		return;
	}
	for (const step of steps) {
		const result = await run('kubectl', step.args);
		if (result.exitCode !== 0) throw new TutorError(`could not delete ${step.what} in ${step.context}: ${result.stderr.trim()}`, EXIT.failed, 'run `clustermesh-tutor detach` again');
		ctx.stdout(`deleted ${step.cluster}: ${step.what}\n`);
	}
	await rm(paths.dir, {recursive: true, force: true});
	ctx.stdout('detached: the attachment and the tool\'s copied kubeconfigs are gone\n');
}
