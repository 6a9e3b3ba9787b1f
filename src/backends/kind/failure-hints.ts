import {contextOf} from '../../core/lab.js';
import {VERSIONS} from '../../core/versions.js';

/** A known failure of kind, Docker, cilium or kubectl, explained with what to do about it. */
export interface FailureHint {
	readonly id:
		| 'docker-not-running'
		| 'port-taken'
		| 'image-rate-limit'
		| 'image-pull'
		| 'inotify'
		| 'cluster-exists'
		| 'ca-mismatch'
		| 'service-type';
	readonly title: string;
	readonly fix: string;
}

export const INOTIFY_FIX = 'sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512';

const preloadFix =
	'prepare the images once with `clustermesh-tutor prepare` (it pulls and saves every image the lab uses), ' +
	'then `up` loads them into both clusters with no registry traffic; or `docker login` to raise the Docker Hub limit';

interface Rule {
	readonly test: RegExp;
	readonly hint: (match: RegExpMatchArray) => FailureHint;
}

/** Ordered: the first matching rule of each id wins; the rate limit is checked before generic pull errors. */
const RULES: readonly Rule[] = [
	{
		test: /Cannot connect to the Docker daemon|Is the docker daemon running|failed to get docker info|error during connect|docker\.sock: connect/i,
		hint: () => ({
			id: 'docker-not-running',
			title: 'No Docker engine is reachable',
			fix: 'start Docker (Docker Desktop, `sudo systemctl start docker`, `colima start` or `podman machine start`), check with `docker info`, then run `up` again; `--backend sim` works without Docker',
		}),
	},
	{
		test: /(?:Bind for [\d.]*:(\d+) failed: port is already allocated|listen tcp [^:]*:(\d+): bind: address already in use|port is already allocated|address already in use)/i,
		hint: (m) => {
			const port = m[1] ?? m[2];
			return {
				id: 'port-taken',
				title: port ? `Host port ${port} is already in use` : 'A host port the lab needs is already in use',
				fix: `find what holds it with \`sudo lsof -i :${port ?? '<port>'}\` (or \`docker ps\` for another container) and stop it, then run \`up\` again`,
			};
		},
	},
	{
		test: /toomanyrequests|pull rate limit|rate limit exceeded/i,
		hint: () => ({id: 'image-rate-limit', title: 'Docker Hub refused the image pull (rate limit)', fix: preloadFix}),
	},
	{
		test: /ErrImagePull|ImagePullBackOff|failed to pull (?:and unpack )?image|manifest unknown|pull access denied/i,
		hint: () => ({
			id: 'image-pull',
			title: 'A node could not pull an image',
			fix: `check the network from Docker (\`docker pull ${VERSIONS.images.rebelBase}\`); ${preloadFix}`,
		}),
	},
	{
		test: /too many open files|EMFILE|failed to create fsnotify watcher|inotify_(?:init|add_watch)|no space left on device.*inotify/i,
		hint: () => ({
			id: 'inotify',
			title: 'The inotify limits are exhausted (common with several kind nodes)',
			fix: `${INOTIFY_FIX} (persist them in /etc/sysctl.conf), then run \`up\` again`,
		}),
	},
	{
		test: /node\(s\) already exist for a cluster with the name "([^"]+)"/i,
		hint: (m) => ({
			id: 'cluster-exists',
			title: `A kind cluster named ${m[1] ?? ''} already exists`,
			fix: `if clustermesh-tutor created it, \`up\` resumes it; otherwise delete it yourself (\`kind delete cluster --name ${m[1] ?? ''}\`) and run \`up\` again`,
		}),
	},
	{
		test: /Cilium CA certificates do not match|allow-mismatching-ca|secrets "cilium-ca" already exists/i,
		hint: () => ({
			id: 'ca-mismatch',
			title: 'The two clusters have different Cilium CAs, so `clustermesh connect` refuses (cilium-cli v0.19.2+)',
			fix:
				`copy Koornacht's CA to Tion and restart Tion's Cilium: \`kubectl --context ${contextOf('koornacht')} -n kube-system get secret cilium-ca -o yaml | ` +
				`kubectl --context ${contextOf('tion')} replace --force -f - && kubectl --context ${contextOf('tion')} -n kube-system rollout restart ds/cilium deployment/clustermesh-apiserver\`, ` +
				'or rebuild the lab (`clustermesh-tutor down && clustermesh-tutor up`)',
		}),
	},
	{
		test: /cannot auto-detect service type/i,
		hint: () => ({
			id: 'service-type',
			title: 'kind has no load balancer, so Cluster Mesh needs an explicit service type',
			fix: 'run `cilium clustermesh enable --service-type NodePort`',
		}),
	},
];

/** Pure: the known failures a command's output shows, most specific first, one per kind. */
export function classifyFailure(output: string): FailureHint[] {
	const hints: FailureHint[] = [];
	for (const rule of RULES) {
		const match = output.match(rule.test);
		if (!match) continue;
		const hint = rule.hint(match);
		if (hint.id === 'image-pull' && hints.some((h) => h.id === 'image-rate-limit')) continue;
		if (!hints.some((h) => h.id === hint.id)) hints.push(hint);
	}
	return hints;
}
