import path from 'node:path';
import {z} from 'zod';
import {CLUSTERS, type ClusterName} from '../core/lab.js';
import {readJsonFile, writeJsonAtomic} from '../state/json-file.js';
import type {ClusterNames} from './cluster-names.js';

/** Where attach mode keeps its state, inside the tool's state folder. */
export interface AttachPaths {
	readonly dir: string;
	readonly record: string;
	readonly kubeDir: string;
	kubeconfig(cluster: ClusterName): string;
	readonly labKubeconfig: string;
}

export function attachPaths(home: string): AttachPaths {
	const dir = path.join(home, 'attached');
	const kubeDir = path.join(dir, 'kube');
	return {dir, record: path.join(dir, 'attachment.json'), kubeDir, kubeconfig: (c) => path.join(kubeDir, `${c}.yaml`), labKubeconfig: path.join(kubeDir, 'lab.yaml')};
}

const clusterSchema = z.object({
	context: z.string().min(1),
	server: z.string(),
	clusterName: z.string().min(1),
	clusterId: z.int(),
	cilium: z.string(),
	policyDefaultLocalCluster: z.boolean(),
	/** The tool created the lab namespace here, so `detach` deletes it. */
	createdNamespace: z.boolean(),
});

const attachmentSchema = z.object({
	schema: z.literal(1),
	namespace: z.string().min(1),
	attachedAt: z.string(),
	clusters: z.object({koornacht: clusterSchema, tion: clusterSchema}),
});

export type Attachment = z.infer<typeof attachmentSchema>;
export type AttachedCluster = Attachment['clusters'][ClusterName];

export async function readAttachment(paths: AttachPaths): Promise<Attachment | undefined> {
	return readJsonFile(paths.record, attachmentSchema);
}

export async function writeAttachment(paths: AttachPaths, attachment: Attachment): Promise<void> {
	await writeJsonAtomic(paths.record, attachment);
}

/** The attached clusters' Cilium names, for the lab names in lessons and manifests. */
export function attachedNames(attachment: Attachment): ClusterNames {
	return {koornacht: attachment.clusters.koornacht.clusterName, tion: attachment.clusters.tion.clusterName};
}

/** `koornacht → east-admin, tion → west-admin`: one line for headers and status. */
export function describeAttachment(attachment: Attachment): string {
	return `ATTACHED ${CLUSTERS.map((c) => `${c} → ${attachment.clusters[c].context}`).join(', ')} (namespace ${attachment.namespace})`;
}
