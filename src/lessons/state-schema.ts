import {z} from 'zod';
import {CLUSTERS, type ClusterName} from '../core/lab.js';
import {LAB_STAGES, SERVICE_ANNOTATION_PREFIX, type ClusterWorkloadState, type LabStateSpec} from './model.js';
import {strict} from './zod-kit.js';

/** A Kubernetes object name (DNS-1123 subdomain, as CiliumNetworkPolicy names are). */
export const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const DEFAULT_WORKLOAD: ClusterWorkloadState = {replicas: 2, annotations: {}, policies: []};

const annotations = z.record(z.string(), z.string()).superRefine((value, ctx) => {
	for (const key of Object.keys(value)) {
		if (!key.startsWith(SERVICE_ANNOTATION_PREFIX)) {
			ctx.addIssue({code: 'custom', path: [key], message: `only ${SERVICE_ANNOTATION_PREFIX}* annotations are tracked`});
		}
	}
});

const policies = z
	.array(z.string().regex(K8S_NAME, {error: 'expected a policy name (lowercase letters, digits and dashes)'}))
	.superRefine((names, ctx) => {
		names.forEach((name, i) => {
			if (names.indexOf(name) !== i) ctx.addIssue({code: 'custom', path: [i], message: `"${name}" is listed twice`});
		});
	});

const workload = strict({
	replicas: z.int().min(0).max(10).default(DEFAULT_WORKLOAD.replicas),
	annotations: annotations.default({}),
	policies: policies.default([]),
});

const stateObject = strict({
	stage: z.enum(LAB_STAGES),
	encryption: z.boolean().default(false),
	workloads: strict({koornacht: workload.optional(), tion: workload.optional()}).optional(),
}).superRefine((state, ctx) => {
	if (state.workloads && state.stage !== 'app') {
		ctx.addIssue({code: 'custom', path: ['workloads'], message: 'only allowed at stage app (the app is not deployed before)'});
	}
});

/**
 * A lab state as written in front matter: `app` (a bare stage) or
 * `{stage, encryption?, workloads?}`, normalised to the full form: at stage `app` every
 * cluster has workloads (defaults filled in, policies sorted), below it none.
 */
export const labStateSchema = z
	.preprocess((value) => (typeof value === 'string' ? {stage: value} : value), stateObject)
	.transform((state): LabStateSpec => {
		if (state.stage !== 'app') return {stage: state.stage, encryption: state.encryption};
		const fill = (c: ClusterName): ClusterWorkloadState => {
			const w = state.workloads?.[c];
			return w ? {replicas: w.replicas, annotations: w.annotations, policies: [...w.policies].sort()} : DEFAULT_WORKLOAD;
		};
		const workloads = Object.fromEntries(CLUSTERS.map((c) => [c, fill(c)])) as Record<ClusterName, ClusterWorkloadState>;
		return {stage: state.stage, encryption: state.encryption, workloads};
	});
