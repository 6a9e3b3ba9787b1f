import {shellWord} from '../core/shell-word.js';
import {CLUSTER_SPECS, CLUSTERS, contextOf, type ClusterName} from '../core/lab.js';
import {VERSIONS} from '../core/versions.js';
import {digestOffSets, parseImageRef, tagRef} from '../images/catalog.js';
import type {Observer} from '../backends/observations.js';
import {LAB_STAGES, type LabStage} from '../lessons/model.js';

/** A command of the lab plan, run in one cluster's context or lab-wide. */
export interface PlanCommand {
	readonly target: ClusterName | 'lab';
	readonly command: string;
	/**
	 * Safe to run again after a transient failure (it waits, or converges to the same state).
	 * `kind create cluster`, `cilium install` and `kubectl create` are not: a half-done first
	 * attempt makes the second fail.
	 */
	readonly retryable?: boolean;
}

export interface PlanOptions {
	/** A prepared image archive (`prepare`): loaded instead of pulling, and Cilium installed by tag. */
	readonly imageArchive?: string;
	/**
	 * Where to re-save the images the nodes need (all but the node image) after `docker load`:
	 * `kind load image-archive` imports a whole archive into every node, and the node image
	 * (about a gigabyte) has no use inside the nodes. Without it the whole archive is loaded.
	 */
	readonly clusterImageArchive?: string;
	/** The images to re-save there: the archive's cluster images (its manifest says which). */
	readonly clusterImages?: readonly string[];
}

/**
 * `cilium status --wait` gives up after 5 minutes by default (cilium-cli `defaults.StatusWaitDuration`);
 * a first run that pulls every image over a slow link needs longer.
 */
export const CILIUM_STATUS_WAIT = 'cilium status --wait --wait-duration 10m --interactive=false';

/** One idempotent step of building the lab. */
export interface PlanTask {
	readonly id: string;
	readonly title: string;
	/** The stage this task belongs to; `up --until <stage>` stops after it. */
	readonly stage: Exclude<LabStage, 'none'>;
	/** Tasks that must be done first. */
	readonly after: readonly string[];
	readonly commands: readonly PlanCommand[];
	/** Tells from observations whether the task is already done, so `up` resumes. */
	isDone(observer: Observer): Promise<boolean>;
}

export function stageIndex(stage: LabStage): number {
	return LAB_STAGES.indexOf(stage);
}

function clusterTasks(c: ClusterName, options: PlanOptions): PlanTask[] {
	const spec = CLUSTER_SPECS[c];
	const archive = options.imageArchive;
	// kind pulls the node image unless `docker inspect` finds it; a loaded archive carries tags but no
	// registry digests (kind pkg/cluster/internal/providers/docker/images.go), so name it by tag.
	// `prepare` pulled it by the pinned digest and `--check` verifies that.
	const nodeImage = archive ? tagRef(parseImageRef(VERSIONS.kindNodeImage)) : VERSIONS.kindNodeImage;
	const install = [
		`cilium install --version ${VERSIONS.cilium} --set cluster.name=${c} --set cluster.id=${spec.id} --set ipam.mode=kubernetes`,
		...(archive ? digestOffSets() : []),
	].join(' ');
	return [
		{
			id: `create-${c}`,
			title: `Create kind cluster ${c}`,
			stage: 'clusters',
			after: archive ? [LOAD_NODE_IMAGE] : [],
			commands: [
				{
					target: c,
					command: `kind create cluster --name ${c} --image ${nodeImage} --config kind-configs/${c}.yaml`,
				},
			],
			isDone: async (o) => (await o.clusters()).includes(c),
		},
		...(archive ? [loadIntoCluster(c, options.clusterImages?.length && options.clusterImageArchive ? options.clusterImageArchive : archive)] : []),
		{
			id: `cilium-${c}`,
			title: `Install Cilium ${VERSIONS.cilium} in ${c}`,
			stage: 'cilium',
			// The second cluster installs after the CA is copied so both share it (cilium-facts §1.5).
			after: [`create-${c}`, ...(archive ? [`load-images-${c}`] : []), ...(c === 'koornacht' ? [] : ['share-ca'])],
			commands: [
				{target: c, command: install},
				{target: c, command: CILIUM_STATUS_WAIT, retryable: true},
			],
			isDone: async (o) => {
				const config = await o.ciliumConfig(c);
				return config?.clusterName === c && config.clusterId === spec.id;
			},
		},
		{
			id: `hubble-${c}`,
			title: `Enable Hubble in ${c}`,
			stage: 'cilium',
			after: [`cilium-${c}`],
			commands: [
				{target: c, command: 'cilium hubble enable --ui', retryable: true},
				{target: c, command: CILIUM_STATUS_WAIT, retryable: true},
			],
			isDone: async (o) => (await o.deployment(c, 'kube-system', 'hubble-relay')) !== null,
		},
		{
			id: `mesh-enable-${c}`,
			title: `Enable Cluster Mesh in ${c}`,
			stage: 'mesh',
			after: [`hubble-${c}`],
			commands: [
				{target: c, command: 'cilium clustermesh enable --service-type NodePort', retryable: true},
				{target: c, command: 'cilium clustermesh status --wait', retryable: true},
			],
			isDone: async (o) => (await o.mesh(c))?.enabled === true,
		},
		{
			id: `app-${c}`,
			title: `Deploy rebel-base and x-wing in ${c}`,
			stage: 'app',
			after: ['mesh-connect'],
			commands: [
				{
					target: c,
					command: `kubectl apply -f manifests/rebel-base-response-${c}.yaml -f manifests/app.yaml -f manifests/rebel-base-service.yaml`,
					retryable: true,
				},
				{target: c, command: 'kubectl rollout status deployment/rebel-base --timeout=180s', retryable: true},
				{target: c, command: 'kubectl rollout status deployment/x-wing --timeout=180s', retryable: true},
			],
			isDone: async (o) => {
				const [rebel, xwing, svc] = await Promise.all([
					o.deployment(c, 'default', 'rebel-base'),
					o.deployment(c, 'default', 'x-wing'),
					o.service(c, 'default', 'rebel-base'),
				]);
				return Boolean(rebel && xwing && svc && rebel.readyReplicas > 0 && xwing.readyReplicas > 0);
			},
		},
	];
}

const shareCa: PlanTask = {
	id: 'share-ca',
	title: 'Copy the cilium-ca secret from koornacht to tion',
	stage: 'cilium',
	after: ['cilium-koornacht', 'create-tion'],
	commands: [
		{
			target: 'lab',
			command: `kubectl --context ${contextOf('koornacht')} -n kube-system get secret cilium-ca -o yaml | kubectl --context ${contextOf('tion')} create -f -`,
		},
	],
	isDone: async (o) => {
		const [k, t] = await Promise.all([o.caCertificate('koornacht'), o.caCertificate('tion')]);
		return k !== null && k === t;
	},
};

const meshConnect: PlanTask = {
	id: 'mesh-connect',
	title: 'Connect koornacht and tion',
	stage: 'mesh',
	after: ['mesh-enable-koornacht', 'mesh-enable-tion'],
	commands: [
		{
			target: 'lab',
			command: `cilium clustermesh connect --context ${contextOf('koornacht')} --destination-context ${contextOf('tion')}`,
			retryable: true,
		},
		...CLUSTERS.map((c) => ({target: c, command: 'cilium clustermesh status --wait', retryable: true})),
	],
	isDone: async (o) => {
		const [k, t] = await Promise.all([o.mesh('koornacht'), o.mesh('tion')]);
		return Boolean(k?.connected.includes('tion') && t?.connected.includes('koornacht'));
	},
};

const LOAD_NODE_IMAGE = 'load-node-image';

/**
 * The kind node image must be in the local Docker before `kind create` (kind does not pull it
 * when it is there). `docker load` takes the whole archive: the node image and the rest.
 */
function loadNodeImage(archive: string, options: PlanOptions): PlanTask {
	const clusterArchive = options.clusterImages?.length ? options.clusterImageArchive : undefined;
	return {
		id: LOAD_NODE_IMAGE,
		title: 'Load the prepared images into Docker (the kind node image first of all)',
		stage: 'clusters',
		after: [],
		commands: [
			{target: 'lab', command: `docker load -i ${shellWord(archive)}`, retryable: true},
			...(clusterArchive ? [{target: 'lab' as const, command: `docker save -o ${shellWord(clusterArchive)} ${(options.clusterImages ?? []).map(shellWord).join(' ')}`, retryable: true}] : []),
		],
		// Once both clusters exist the node image has done its job.
		isDone: async (o) => {
			const clusters = await o.clusters();
			return CLUSTERS.every((c) => clusters.includes(c));
		},
	};
}

/** Right after the cluster exists and before anything is installed: every node gets the images, so no pod pulls. */
function loadIntoCluster(c: ClusterName, archive: string): PlanTask {
	return {
		id: `load-images-${c}`,
		title: `Load the prepared images into ${c}'s nodes`,
		stage: 'clusters',
		after: [`create-${c}`],
		commands: [{target: c, command: `kind load image-archive ${shellWord(archive)} --name ${c}`, retryable: true}],
		// Cilium already installed: its images were loaded (or pulled) long ago.
		isDone: async (o) => (await o.ciliumConfig(c)) !== null,
	};
}

/** The whole lab, or its tasks up to a stage, in dependency order. */
export function labPlan(until: Exclude<LabStage, 'none'> = 'app', options: PlanOptions = {}): PlanTask[] {
	const [k, t] = CLUSTERS.map((c) => clusterTasks(c, options)) as [PlanTask[], PlanTask[]];
	const all = [...(options.imageArchive ? [loadNodeImage(options.imageArchive, options)] : []), ...k, ...t, shareCa, meshConnect];
	const limit = stageIndex(until);
	return all.filter((task) => stageIndex(task.stage) <= limit);
}

/**
 * Layers tasks into groups that can run in parallel: each group holds the tasks whose
 * dependencies are all in earlier groups. Dependencies outside the list count as met.
 */
export function parallelGroups(tasks: readonly PlanTask[]): PlanTask[][] {
	const ids = new Set(tasks.map((t) => t.id));
	const placed = new Set<string>();
	const groups: PlanTask[][] = [];
	let remaining = [...tasks];
	while (remaining.length > 0) {
		const ready = remaining.filter((t) => t.after.every((d) => placed.has(d) || !ids.has(d)));
		if (ready.length === 0) throw new Error(`lab plan has a dependency cycle: ${remaining.map((t) => t.id).join(', ')}`);
		groups.push(ready);
		for (const t of ready) placed.add(t.id);
		remaining = remaining.filter((t) => !placed.has(t.id));
	}
	return groups;
}
