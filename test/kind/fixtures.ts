/**
 * Recorded and source-derived tool outputs for the parsers. Each names where its format comes
 * from; none of them was produced by live kind clusters (this machine has no Docker engine).
 */

/**
 * `docker info --format '{{json .}}'` on this development machine: the client is installed,
 * no engine runs (recorded 2025, Docker client 28.2.2); the stderr line is what it printed.
 */
export const DOCKER_INFO_NO_ENGINE = {
	stdout:
		'{"ID":"","Containers":0,"Images":0,"Driver":"","KernelVersion":"","OperatingSystem":"","OSType":"","Architecture":"","NCPU":0,"MemTotal":0,"DockerRootDir":"","Name":"","ServerVersion":"","ClientInfo":{"Debug":false,"Version":"28.2.2","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","Context":"default","Plugins":[],"Warnings":null}}',
	stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
};

/** `docker --version` on this machine. */
export const DOCKER_VERSION = 'Docker version 28.2.2, build e6534b4';

/** `kubectl version --client -o json` on this machine (a Google Cloud SDK build). */
export const KUBECTL_VERSION_JSON = `{
  "clientVersion": {
    "major": "1",
    "minor": "32+",
    "gitVersion": "v1.32.4-dispatcher",
    "gitCommit": "4cb5f0764b8d5f425645c6f433394fede34a8a26",
    "gitTreeState": "clean",
    "buildDate": "2025-05-15T20:09:34Z",
    "goVersion": "go1.23.8",
    "compiler": "gc",
    "platform": "linux/amd64"
  },
  "kustomizeVersion": "v5.5.0"
}`;

/** `cilium version --client`: format of cilium/cilium `cilium-cli/cli/version.go` `newCmdVersion`. */
export const CILIUM_VERSION = 'cilium-cli: v0.19.7 compiled with go1.24.4 on linux/amd64\ncilium image (default): v1.19.5\ncilium image (stable): unknown';

/** `kind version` (kind prints `kind v<version> <go version> <os>/<arch>`). */
export const KIND_VERSION = 'kind v0.29.0 go1.24.2 linux/amd64';

/** `helm version --short`. */
export const HELM_VERSION = 'v3.18.4+gd80839c';

/** `docker info` JSON of Docker Desktop / colima / podman (only the fields the doctor reads). */
export const dockerInfo = (fields: Record<string, unknown>) =>
	JSON.stringify({ServerVersion: '28.3.0', OperatingSystem: 'Ubuntu 24.04.2 LTS', Name: 'host', NCPU: 8, MemTotal: 16 * 1024 ** 3, DockerRootDir: '/var/lib/docker', KernelVersion: '6.8.0-60-generic', ClientInfo: {Context: 'default'}, ...fields});

/**
 * `cilium clustermesh status -o json` once koornacht is connected to tion (3 agents, KVStoreMesh
 * on). Shape: cilium-cli `Status` / `ConnectivityStatus` / `ClusterStats` / `StatisticalStatus`
 * in cilium/cilium `cilium-cli/clustermesh/clustermesh.go` (JSON tags `access_information`,
 * `connectivity`, `global_services`, `connected`, `clusters`, `total`, `not_ready`, `errors`,
 * `kvstoremesh`, all omitempty), printed with MarshalIndent(s, "", " "); the progress lines
 * go to stderr in JSON mode (`cilium-cli/cli/clustermesh.go`). The numbers mirror the summary in
 * ../shared/seeds/002 ("2/2 configured, 2/2 connected"), scaled to the lab's 3 nodes.
 */
export const CLUSTERMESH_STATUS_CONNECTED = `{
 "access_information": {
  "service_ips": [
   "172.18.0.3"
  ],
  "service_port": 32379,
  "service_type": "NodePort"
 },
 "connectivity": {
  "global_services": {},
  "connected": {
   "min": 1,
   "avg": 1,
   "max": 1
  },
  "clusters": {
   "tion": {
    "configured": 3,
    "connected": 3
   }
  },
  "total": 3
 },
 "kvstoremesh": {
  "enabled": true,
  "status": {
   "connected": {"min": 1, "avg": 1, "max": 1},
   "clusters": {"tion": {"configured": 1, "connected": 1}},
   "total": 1
  }
 }
}`;

/** Same shape while one of three agents is still connecting (omitempty drops zero counts). */
export const CLUSTERMESH_STATUS_PARTIAL = `{"connectivity":{"connected":{"max":1,"avg":0.6666666666666666},"clusters":{"tion":{"configured":3,"connected":2}},"total":3,"not_ready":1,"errors":{"cilium-x7k2p":{"tion":{"errors":[{}]}}}},"kvstoremesh":{"enabled":true}}`;

/** Before `connect`: no remote cluster configured. */
export const CLUSTERMESH_STATUS_NONE = `{"access_information":{"service_type":"NodePort"},"connectivity":{"connected":{},"total":3},"kvstoremesh":{"enabled":true}}`;

/**
 * `hubble observe --verdict DROPPED -o json` in a Koornacht agent: one GetFlowsResponse per line.
 * Field names are proto names (MarshalJSON = protojson UseProtoNames, cilium/cilium
 * `api/v1/flow/flow.pb.json.go`; fields from `api/v1/flow/flow.proto`: verdict, drop_reason_desc,
 * traffic_direction, node_name, source/destination {ID, identity, namespace, labels, pod_name},
 * Summary; enum values as names). Endpoints, identities and the "TCP Flags: SYN" summary are the
 * lab's drop from cilium-facts §5 ("x-wing-577dc9f65c-btpvm:60358 (ID:108306) <> rebel-base-…
 * Policy denied DROPPED (TCP Flags: SYN)").
 */
export const HUBBLE_DROPS_JSONL = [
	JSON.stringify({
		flow: {
			time: '2025-08-09T21:48:46.993431Z',
			uuid: '5ec5a0c2-2c3c-4f47-9c4a-1b7c3e0e8f11',
			verdict: 'DROPPED',
			drop_reason: 133,
			ethernet: {source: '2a:3e:9c:11:aa:01', destination: 'be:ef:00:11:22:33'},
			IP: {source: '10.1.2.45', destination: '10.2.1.17', ipVersion: 'IPv4'},
			l4: {TCP: {source_port: 60358, destination_port: 80, flags: {SYN: true}}},
			source: {
				ID: 1234,
				identity: 108306,
				namespace: 'default',
				labels: ['k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=default', 'k8s:io.cilium.k8s.policy.cluster=koornacht', 'k8s:io.kubernetes.pod.namespace=default', 'k8s:name=x-wing'],
				pod_name: 'x-wing-577dc9f65c-btpvm',
				workloads: [{name: 'x-wing', kind: 'Deployment'}],
			},
			destination: {
				identity: 87963,
				namespace: 'default',
				labels: ['k8s:io.cilium.k8s.policy.cluster=tion', 'k8s:io.kubernetes.pod.namespace=default', 'k8s:name=rebel-base'],
				pod_name: 'rebel-base-77ffc55c87-74cvg',
			},
			Type: 'L3_L4',
			node_name: 'kind-koornacht/koornacht-worker',
			event_type: {type: 1, sub_type: 133},
			traffic_direction: 'EGRESS',
			drop_reason_desc: 'POLICY_DENIED',
			is_reply: false,
			Summary: 'TCP Flags: SYN',
		},
		node_name: 'kind-koornacht/koornacht-worker',
		time: '2025-08-09T21:48:46.993431Z',
	}),
	JSON.stringify({
		flow: {
			verdict: 'DROPPED',
			IP: {source: '10.1.0.12', destination: '10.1.0.255', ipVersion: 'IPv4'},
			source: {identity: 1, labels: ['reserved:host']},
			destination: {identity: 2, labels: ['reserved:world']},
			Type: 'L3_L4',
			traffic_direction: 'INGRESS',
			drop_reason_desc: 'UNSUPPORTED_L3_PROTOCOL',
			Summary: 'IPv4',
		},
		node_name: 'kind-koornacht/koornacht-worker',
	}),
	// A node-status event goes to stderr in jsonpb mode, but a stray non-flow line must be skipped.
	'{"node_status":{"state_change":"NODE_CONNECTED","node_names":["koornacht-worker"]}}',
	'',
].join('\n');

/** `cilium-dbg encrypt status` (cilium/cilium `cilium-dbg/cmd/encrypt_status.go` `printEncryptionStatus`). */
export const ENCRYPT_STATUS_WIREGUARD = 'Encryption: Wireguard                 \nInterface: cilium_wg0\n\tPublic key: 7K1AZr+8TQzEBYAcC7gdsTEOBfUIumAcWqcrpl2Mvng=\n\tNumber of peers: 5\n';
export const ENCRYPT_STATUS_DISABLED = 'Encryption: Disabled                  \n';

/** `kind get clusters`: names on stdout; none → "No kind clusters found." (logged to stderr). */
export const KIND_GET_CLUSTERS = 'dev\nkoornacht\ntion\n';
