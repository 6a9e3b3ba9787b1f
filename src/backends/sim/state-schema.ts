import {z} from 'zod';
import {SIM_SCHEMA_VERSION, type SimState} from './state.js';

/**
 * The whole simulated lab as it must be on disk (state.ts describes each part). The lab file is
 * the simulator's own output, but it can be edited, truncated by a full disk or left by another
 * version: it is validated completely on load, so a bad file is one clear error naming it, never a
 * crash deep inside a command. Kubernetes objects are open beyond the metadata the simulator reads.
 */
const stringMap = z.record(z.string(), z.string());

const objectMeta = z
	.object({
		name: z.string(),
		namespace: z.string().optional(),
		uid: z.string().optional(),
		resourceVersion: z.string().optional(),
		generation: z.number().optional(),
		creationTimestamp: z.string().optional(),
		labels: stringMap.optional(),
		annotations: stringMap.optional(),
		ownerReferences: z
			.array(z.object({apiVersion: z.string(), kind: z.string(), name: z.string(), uid: z.string(), controller: z.boolean().optional()}))
			.optional(),
	})
	.loose();

const k8sObject = z.object({apiVersion: z.string(), kind: z.string(), metadata: objectMeta}).loose();

const flowEndpoint = z.object({
	ip: z.string(),
	port: z.number(),
	identity: z.number(),
	endpointId: z.number().nullable(),
	cluster: z.string(),
	namespace: z.string(),
	pod: z.string(),
	labels: z.array(z.string()),
	workload: z.object({name: z.string(), kind: z.string()}).nullable(),
});

const flowRecord = z.object({
	time: z.string(),
	uuid: z.string(),
	node: z.string(),
	nodeName: z.string(),
	event: z.enum(['drop', 'policy-verdict']),
	verdict: z.literal('DROPPED'),
	dropReason: z.literal('POLICY_DENIED'),
	direction: z.enum(['INGRESS', 'EGRESS']),
	protocol: z.enum(['TCP', 'UDP']),
	source: flowEndpoint,
	destination: flowEndpoint,
});

const accessRecord = z.object({
	time: z.string(),
	namespace: z.string(),
	pod: z.string(),
	clientIp: z.string(),
	method: z.string(),
	target: z.string(),
	status: z.number(),
	bytes: z.number(),
	userAgent: z.string(),
});

const ciliumRelease = z.object({
	version: z.string(),
	values: stringMap,
	peers: z.array(z.object({name: z.string(), kindCluster: z.string(), tls: z.boolean()})),
	revision: z.number(),
});

const clusterState = z.object({
	name: z.string(),
	createdAt: z.string(),
	nodeImage: z.string(),
	podSubnet: z.string(),
	serviceSubnet: z.string(),
	defaultCni: z.boolean(),
	objects: z.array(k8sObject),
	resourceVersion: z.number(),
	ciliumCrds: z.boolean(),
	cilium: ciliumRelease.nullable(),
	flows: z.array(flowRecord),
	agents: z.record(z.string(), z.object({pod: z.string(), encryption: z.enum(['wireguard', 'ipsec', 'disabled'])})),
	accessLog: z.array(accessRecord).optional(),
});

export const simStateSchema: z.ZodType<SimState> = z.object({
	schema: z.literal(SIM_SCHEMA_VERSION),
	random: z.object({seed: z.number(), state: z.number()}).nullable(),
	clusters: z.record(z.string(), clusterState),
});
