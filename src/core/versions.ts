/**
 * Every pinned version in one place: lessons (through `{{...}}` placeholders), the live lab
 * plan, `doctor` and the simulator's outputs all read this file.
 * Sources: ../shared/cilium-facts.md "Decisions", §1.1 and §8.
 */
export const VERSIONS = {
	/** Cilium release taught by the lessons (chart embedded in cilium-cli v0.19.7). */
	cilium: '1.19.5',
	/** The previous stable line, whose policy default the simulator can model. */
	ciliumPrevious: '1.18.11',
	ciliumCli: '0.19.7',
	/** kind release whose default node image we pin. */
	kind: '0.29.0',
	kindNodeImage:
		'kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f',
	kubernetes: '1.33.1',
	/** Minimum kubectl and helm the live path accepts. */
	kubectlMin: '1.31.0',
	helmMin: '3.14.0',
	hubbleCli: '1.19.5',
	images: {
		rebelBase: 'docker.io/library/nginx:1.27.1',
		xWing:
			'quay.io/cilium/json-mock:v1.4.1@sha256:6a66df90808a39c02e7a9d58af7bf0e54d8f8b7d4bc528f48c891969a7049195',
		ciliumAgent:
			'quay.io/cilium/cilium:v1.19.5@sha256:20fbbc14ac20b55a292c0dcda5571bf31cde30a7dbc68c29db3e709390ab0732',
		ciliumOperator:
			'quay.io/cilium/operator-generic:v1.19.5@sha256:be848a365776e07d0c5a895eda7aec928ddc52a5a1fa2f432fd7a286609e1db4',
		clustermeshApiserver:
			'quay.io/cilium/clustermesh-apiserver:v1.19.5@sha256:5ed9334b2254315740f9e2a8b6645bf69920f79ef14f436931579d2038784f9b',
		hubbleRelay:
			'quay.io/cilium/hubble-relay:v1.19.5@sha256:24409bfa1bca075c92acb26ba4b49cd573d99d68d5370f7cc825078185222a0c',
		ciliumEnvoy:
			'quay.io/cilium/cilium-envoy:v1.36.8-1781157951-a7f42a3390781539911b5b9107881b35ecc4e752@sha256:326f872e19ce8aa45170efbf583b3f301586ba3feead14b864676d4baf3b45ed',
		certgen:
			'quay.io/cilium/certgen:v0.4.5@sha256:f107522ed4dcea62f918b8eb836142875a9b3e3cb2b2d728dc680f76cdbde6cf',
		hubbleUi:
			'quay.io/cilium/hubble-ui:v0.13.5@sha256:f7d514fc54d784ed6df9d58cf0e97648b143f92b766dd1780ed3fc845bd4c516',
		hubbleUiBackend:
			'quay.io/cilium/hubble-ui-backend:v0.13.5@sha256:fac0c300ae119274edca11fd89b1ad23c788792d8bc4ea2ba631c709e8d3c688',
		/** SPIRE for mutual authentication (lesson 21): the Cilium 1.19.5 chart's `authentication.mutual.spire.install.*` images. */
		spireAgent: 'ghcr.io/spiffe/spire-agent:1.9.6@sha256:5106ac601272a88684db14daf7f54b9a45f31f77bb16a906bd5e87756ee7b97c',
		spireServer: 'ghcr.io/spiffe/spire-server:1.9.6@sha256:59a0b92b39773515e25e68a46c40d3b931b9c1860bc445a79ceb45a805cab8b4',
		spireInit: 'docker.io/library/busybox:1.37.0@sha256:9532d8c39891ca2ecde4d30d7710e01fb739c87a8b9299685c63704296b16028',
	},
	/**
	 * Images the pinned kind node image (kind v0.29.0, Kubernetes v1.33.1) ships preloaded. The
	 * tutor never pulls them; the simulator shows them in kube-system as kind would.
	 */
	kindNodeImages: {
		coredns: 'registry.k8s.io/coredns/coredns:v1.12.0',
		kindnet: 'docker.io/kindest/kindnetd:v20250512-df8de77b',
		localPathProvisioner: 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a',
		etcd: 'registry.k8s.io/etcd:3.5.21-0',
	},
	/**
	 * Versions that only appear in tool outputs (`kind version`, `kubectl version`, `cilium
	 * version`, node info, curl's User-Agent): what the pinned binaries and images report.
	 */
	toolOutputs: {
		/** kustomize embedded in kubectl v1.33. */
		kustomize: '5.6.0',
		/** Go toolchains of the pinned kind and cilium-cli releases. */
		kindGo: 'go1.24.2',
		ciliumCliGo: 'go1.25.5',
		/** Container runtime and OS of the kind node image. */
		containerd: '2.1.1',
		nodeOsImage: 'Debian GNU/Linux 12 (bookworm)',
		/** curl inside x-wing (json-mock v1.4.1, Debian trixie) and rebel-base (nginx 1.27.1, Debian bookworm). */
		curlXWing: '8.14.1',
		curlRebelBase: '7.88.1',
	},
} as const;

/** Values lessons may reference as `{{name}}` in commands and prose. */
export const LESSON_PLACEHOLDERS: Readonly<Record<string, string>> = {
	'cilium.version': VERSIONS.cilium,
	'cilium.previous': VERSIONS.ciliumPrevious,
	'cilium-cli.version': VERSIONS.ciliumCli,
	'kind.version': VERSIONS.kind,
	'kind.nodeImage': VERSIONS.kindNodeImage,
	'images.rebelBase': VERSIONS.images.rebelBase,
	'images.xWing': VERSIONS.images.xWing,
};
