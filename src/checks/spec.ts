import type {ClusterName} from '../core/lab.js';

/**
 * What a check expects of a request probe's replies.
 * - mixed: every request answered and both clusters seen
 * - only: every request answered, all by one cluster
 * - timeout: every request timed out
 * - partial: the cluster answers and the rest time out
 * - status: every request answered with this HTTP status (L7 lessons)
 * - dns-failure: every request failed to resolve (curl (6), or (28) "Resolving timed out")
 */
export type ReplyExpectation =
	| {readonly kind: 'mixed'}
	| {readonly kind: 'only'; readonly cluster: ClusterName}
	| {readonly kind: 'timeout'}
	| {readonly kind: 'partial'; readonly cluster: ClusterName}
	| {readonly kind: 'status'; readonly code: number}
	| {readonly kind: 'dns-failure'};

/** A request loop from x-wing in one cluster to a service. */
export interface ProbeQuery {
	readonly from: ClusterName;
	/** Requests to send. */
	readonly count: number;
	/** curl --max-time, seconds. */
	readonly timeoutSeconds: number;
	readonly service: string;
	readonly namespace: string;
	readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	readonly path: string;
}

export const DEFAULT_PROBE: Omit<ProbeQuery, 'from'> = {
	count: 10,
	timeoutSeconds: 2,
	service: 'rebel-base',
	namespace: 'default',
	method: 'GET',
	path: '/',
};

/** Which pod a `podExec` condition runs in. */
export interface PodRef {
	readonly cluster: ClusterName;
	readonly namespace: string;
	/** A pod name, or `deploy/<name>` / `ds/<name>` for a pod of that Deployment or DaemonSet. */
	readonly pod: string;
}

/** The workload a `deploy/<name>` or `ds/<name>` pod reference names; null for a plain pod name. */
export function podRefWorkload(pod: string): {readonly kind: 'Deployment' | 'DaemonSet'; readonly name: string} | null {
	const match = /^(deploy|ds)\/(.+)$/.exec(pod);
	if (!match) return null;
	return {kind: match[1] === 'ds' ? 'DaemonSet' : 'Deployment', name: match[2] ?? ''};
}

/** One condition of a step's check; a step passes when all its conditions pass. */
export type CheckCondition =
	| {readonly type: 'probe'; readonly query: ProbeQuery; readonly expect: ReplyExpectation}
	| {
			readonly type: 'nodes';
			readonly cluster: ClusterName;
			readonly expect: {readonly ready: boolean; readonly count?: number};
	  }
	| {
			readonly type: 'deployment';
			readonly cluster: ClusterName;
			readonly namespace: string;
			readonly name: string;
			readonly expect: {readonly exists?: boolean; readonly replicas?: number; readonly ready?: number};
	  }
	| {
			readonly type: 'service';
			readonly cluster: ClusterName;
			readonly namespace: string;
			readonly name: string;
			/** `null` means the annotation must be absent. */
			readonly expect: {
				readonly exists?: boolean;
				readonly annotations?: Readonly<Record<string, string | null>>;
			};
	  }
	| {
			readonly type: 'policies';
			readonly cluster: ClusterName;
			readonly namespace: string;
			readonly expect: {readonly include?: readonly string[]; readonly exclude?: readonly string[]};
	  }
	| {
			readonly type: 'cilium-config';
			readonly cluster: ClusterName;
			readonly expect: {readonly clusterName: string; readonly clusterId: number};
	  }
	| {readonly type: 'shared-ca'}
	| {
			readonly type: 'mesh';
			readonly cluster: ClusterName;
			readonly expect: {readonly enabled?: boolean; readonly connected?: readonly ClusterName[]};
	  }
	| {
			readonly type: 'hubble-drops';
			readonly cluster: ClusterName;
			/** Pod label values (`name=<value>`) of source and destination. */
			readonly from: string;
			readonly to: string;
			readonly expect: {readonly atLeast: number; readonly reason: string};
	  }
	| {
			readonly type: 'pod-exec';
			readonly target: PodRef;
			readonly command: readonly string[];
			readonly expect: {readonly succeeds: boolean; readonly outputMatches?: string};
	  }
	| {
			readonly type: 'encryption';
			readonly cluster: ClusterName;
			readonly expect: {readonly mode: 'wireguard' | 'disabled'; readonly peersAtLeast?: number};
	  }
	| {
			readonly type: 'clusters';
			readonly expect: {readonly exist?: readonly ClusterName[]; readonly absent?: readonly ClusterName[]};
	  };

export type CheckType = CheckCondition['type'];
