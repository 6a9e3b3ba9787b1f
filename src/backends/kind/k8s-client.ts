import {Writable} from 'node:stream';
import type * as K8sModule from '@kubernetes/client-node';
import type {AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, V1Status} from '@kubernetes/client-node';
import {ObservationError} from '../observations.js';
import {exitCodeOfStatus} from './k8s-observations.js';

type K8s = typeof K8sModule;
let k8sModule: Promise<K8s> | undefined;

/** The only place the (heavy, ~1 s) Kubernetes client is imported, on first live use. */
export const loadK8s = (): Promise<K8s> => (k8sModule ??= import('@kubernetes/client-node'));

export interface ClusterClient {
	readonly kc: KubeConfig;
	readonly core: CoreV1Api;
	readonly apps: AppsV1Api;
	readonly custom: CustomObjectsApi;
}

/** A client for one context of one kubeconfig file; the context must exist in it. */
export async function connectCluster(kubeconfigPath: string, context: string): Promise<ClusterClient> {
	const k8s = await loadK8s();
	const kc = new k8s.KubeConfig();
	kc.loadFromFile(kubeconfigPath);
	if (!kc.getContextObject(context)) throw new ObservationError(`no context "${context}" in ${kubeconfigPath}`);
	kc.setCurrentContext(context);
	return {kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api), custom: kc.makeApiClient(k8s.CustomObjectsApi)};
}

/** True for the client's "not found" answer (404), which observations report as `null`. */
export function isNotFound(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as {code?: unknown}).code === 404;
}

export interface ExecResult {
	readonly stdout: string;
	readonly stderr: string;
	/** `undefined` when the API server sent no status before closing. */
	readonly exitCode: number | undefined;
}

class Collector extends Writable {
	text = '';
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

/**
 * Runs a command in a container without a TTY and waits for the WebSocket to close: the
 * returned promise of `Exec.exec` resolves when the socket opens, and the status callback is
 * not always delivered (ink-engineering §5.3), so close is the completion signal.
 */
export async function execInPod(
	client: ClusterClient,
	target: {readonly namespace: string; readonly pod: string; readonly container: string},
	command: readonly string[],
	options: {readonly signal?: AbortSignal; readonly timeoutMs: number},
): Promise<ExecResult> {
	const k8s = await loadK8s();
	const stdout = new Collector();
	const stderr = new Collector();
	let status: V1Status | undefined;
	options.signal?.throwIfAborted();
	const ws = await new k8s.Exec(client.kc).exec(
		target.namespace,
		target.pod,
		target.container,
		[...command],
		stdout,
		stderr,
		null,
		false,
		(s) => {
			status = s;
		},
	);
	await new Promise<void>((resolve) => {
		const close = () => ws.close();
		const timer = setTimeout(close, options.timeoutMs);
		options.signal?.addEventListener('abort', close, {once: true});
		const done = () => {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', close);
			resolve();
		};
		if (ws.readyState === ws.CLOSED) done();
		else ws.once('close', done);
	});
	options.signal?.throwIfAborted();
	return {stdout: stdout.text, stderr: stderr.text, exitCode: exitCodeOfStatus(status)};
}
