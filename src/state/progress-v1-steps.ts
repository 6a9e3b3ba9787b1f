/**
 * Each lesson's step ids as they were when progress files stored positions as step INDEXES
 * (progress schema 1, lessons at commit 5576ad9). Lessons have gained steps since (question steps
 * placed before the steps they ask about), so an old index no longer names the same step in
 * today's lessons. Schema 1 files are migrated through this table: index → the step id it meant
 * when the file was written. Frozen data: never edit it when lessons change (schema 2 stores ids).
 */
export const V1_STEP_IDS: Readonly<Record<string, readonly string[]>> = {
	welcome: ['ebpf', 'control-plane', 'pod-cidrs', 'cluster-identity', 'requirements'],
	'build-the-lab': ['doctor', 'create-clusters', 'why-not-ready', 'install-koornacht', 'share-ca', 'install-tion', 'hubble'],
	'mesh-the-clusters': ['enable', 'why-both-contexts', 'connect'],
	'deploy-the-app': ['responses', 'deploy', 'from-koornacht', 'from-tion'],
	'global-services': ['annotate-koornacht', 'why-still-local', 'annotate-tion', 'mixed-from-koornacht'],
	'fault-resilience': ['scale-down', 'tion-answers', 'scale-up'],
	'global-vs-shared': ['unshare', 'koornacht-still-mixed', 'who-reaches-koornacht', 'reshare'],
	affinity: ['affinity-local', 'tion-still-mixed', 'local-down', 'local-back', 'affinity-remote', 'affinity-none'],
	'cross-cluster-policies': ['default-deny', 'egress', 'ingress-koornacht', 'ingress-tion', 'why-tion-times-out', 'inspect', 'egress-all-clusters'],
	'hubble-drops': ['break-again', 'one-agent', 'why-one-agent', 'every-agent', 'read-a-drop', 'which-checkpoint', 'restore'],
	'l7-policy': ['affinity-local', 'post-before', 'l7-rule', 'who-answered', 'restore'],
	'securing-coredns': ['dns-test-pod', 'restrict', 'remove'],
	wireguard: ['enable', 'status', 'still-mixed'],
	'clean-up': ['delete', 'down'],
	'shared-ingress': ['install', 'allow-ingress', 'route', 'failover', 'without', 'clean-up'],
	'mutual-auth': ['enable', 'spire-entries', 'require', 'logs', 'clean-up'],
};
