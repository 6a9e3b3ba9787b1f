// Fake kind / kubectl / cilium / helm / docker / hubble for process-boundary tests ONLY.
// Each invocation appends {tool, argv, env: {KUBECONFIG, HOME, steering}, cwd, pid} to $FAKE_LOG, keeps just
// enough lab state in $FAKE_STATE (a JSON file, locked across parallel invocations) for the
// plan's "already done" probes to see progress, and replays realistic outputs (formats from
// ../shared/seeds and cilium-facts.md). Knobs: FAKE_FAIL=<regex> (+ FAKE_FAIL_STDERR,
// FAKE_FAIL_CODE, FAKE_FAIL_TIMES) fails a matching invocation; FAKE_HANG=<regex> spawns a grandchild
// `sleep 600` and waits forever; FAKE_DELAY_MS slows every invocation; FAKE_DOCKER=down makes
// `docker info` fail like a client without engine; FAKE_KIND_VERSION changes `kind version`;
// FAKE_WIREGUARD=missing makes the kernel lack WireGuard; FAKE_OFFLINE=1 makes `cilium install`
// fail unless every image it references was loaded into the cluster (`kind load image-archive`);
// FAKE_DOCKER_PLATFORM / FAKE_DOCKER_API set what `docker version` reports (linux/amd64, API 1.50);
// FAKE_IMAGE_STORE=containerd makes a `docker save` without --platform write each image's whole
// platform index with only the pulled platform's blob, which `kind load image-archive` (ctr import
// --all-platforms) then rejects, as kubernetes-sigs/kind#3795 reports. Images pulled
// and saved are small stand-ins, never real layers. Nothing here is ever a live result.
import {Buffer} from 'node:buffer';
import {spawn} from 'node:child_process';
import {appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setInterval} from 'node:timers';
import {parseAllDocuments, parse as parseYaml, stringify} from 'yaml';

const env = process.env;
const out = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const err = (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function log(entry) {
	if (env.FAKE_LOG) appendFileSync(env.FAKE_LOG, `${JSON.stringify({...entry, time: Date.now()})}\n`);
}

function withState(change) {
	const file = env.FAKE_STATE;
	if (!file) throw new Error('FAKE_STATE is not set');
	const lock = `${file}.lock`;
	// A holder can be descheduled for seconds on a loaded machine: wait by the clock, generously.
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			if (Date.now() > deadline) throw new Error(`fake state lock ${lock} still held after 60 s`);
			sleepSync(5);
		}
	}
	try {
		const state = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {clusters: {}};
		const result = change(state);
		writeFileSync(file, JSON.stringify(state, null, 2));
		return result;
	} finally {
		rmSync(lock, {recursive: true, force: true});
	}
}

/** Every value of the flags (`--f v` or `--f=v`), in argv order. */
function flags(argv, ...names) {
	const values = [];
	argv.forEach((word, i) => {
		for (const name of names) {
			if (word === name) values.push(argv[i + 1]);
			else if (word.startsWith(`${name}=`)) values.push(word.slice(name.length + 1));
		}
	});
	return values;
}

const flag = (argv, ...names) => flags(argv, ...names)[0];

function positionals(argv) {
	const valueFlags = new Set(['--platform', '--format', '--context', '-n', '--namespace', '-o', '--output', '--name', '--image', '--config', '--kubeconfig', '--version', '--set', '--destination-context', '-f', '--filename', '--timeout', '-c', '--last', '--verdict']);
	const words = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--') break;
		if (argv[i].startsWith('-')) {
			if (valueFlags.has(argv[i])) i++;
			continue;
		}
		words.push(argv[i]);
	}
	return words;
}

function readKubeconfig(file) {
	if (!file || !existsSync(file)) return undefined;
	return parseYaml(readFileSync(file, 'utf8')) ?? {};
}

/** The kubeconfig file kind writes: --kubeconfig, else the first $KUBECONFIG entry, else ~/.kube/config. */
function kindKubeconfigPath(argv) {
	return flag(argv, '--kubeconfig') ?? (env.KUBECONFIG ? env.KUBECONFIG.split(':')[0] : path.join(os.homedir(), '.kube', 'config'));
}

function writeClusterKubeconfig(file, name, port) {
	const context = `kind-${name}`;
	const config = readKubeconfig(file) ?? {apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], contexts: [], users: []};
	const put = (key, entry) => {
		config[key] = [...(config[key] ?? []).filter((e) => e.name !== entry.name), entry];
	};
	put('clusters', {name: context, cluster: {server: `https://127.0.0.1:${port}`, 'certificate-authority-data': 'RkFLRQ=='}});
	put('contexts', {name: context, context: {cluster: context, user: context}});
	put('users', {name: context, user: {'client-certificate-data': 'RkFLRQ==', 'client-key-data': 'RkFLRQ=='}});
	config['current-context'] = context;
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, stringify(config));
}

function removeFromKubeconfig(file, name) {
	const config = readKubeconfig(file);
	if (!config) return;
	const context = `kind-${name}`;
	for (const key of ['clusters', 'contexts', 'users']) config[key] = (config[key] ?? []).filter((e) => e.name !== context);
	if (config['current-context'] === context) config['current-context'] = '';
	writeFileSync(file, stringify(config));
}

/** The cluster a kubectl/cilium invocation talks to: --context, else the kubeconfig's current context. */
function targetCluster(argv, contextFlag = '--context') {
	const config = readKubeconfig(env.KUBECONFIG);
	const context = flag(argv, contextFlag) ?? config?.['current-context'];
	if (!context) return {error: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?'};
	if (!(config?.contexts ?? []).some((c) => c.name === context)) return {error: `error: context "${context}" does not exist`};
	const name = context.replace(/^kind-/, '');
	const cluster = withState((s) => s.clusters[name]);
	if (!cluster) return {error: `The connection to the server 127.0.0.1:${40000 + name.length} was refused - did you specify the right host or port?`};
	return {name, cluster};
}

function kind(argv) {
	const [verb, noun] = positionals(argv);
	const name = flag(argv, '--name') ?? 'kind';
	if (verb === 'version') return out(`kind v${env.FAKE_KIND_VERSION ?? '0.29.0'} go1.24.2 linux/amd64`);
	if (verb === 'load' && noun === 'image-archive') {
		const archive = positionals(argv)[2];
		if (!archive || !existsSync(archive)) {
			err(`ERROR: failed to load image: open ${archive}: no such file or directory`);
			return 1;
		}
		if (!withState((s) => s.clusters[name])) {
			err(`ERROR: unknown cluster "${name}"`);
			return 1;
		}
		return readTar(archive).then((entries) => {
			const tags = tarTags(entries);
			// ctr import --all-platforms walks every platform the archive's index names.
			const index = entries.has('index.json') ? JSON.parse(entries.get('index.json').toString()) : {manifests: []};
			const missing = index.manifests.find((m) => !entries.has(`blobs/sha256/${m.digest.slice(7)}`));
			if (missing) {
				err(
					`ERROR: failed to load image: command "docker exec --privileged -i ${name}-control-plane ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -" failed with error: exit status 1\nCommand Output: ctr: content digest ${missing.digest}: not found`,
				);
				return 1;
			}
			withState((s) => (s.clusters[name].images = [...new Set([...(s.clusters[name].images ?? []), ...tags.map(normalizeRef)])]));
			return 0;
		});
	}
	if (verb === 'get' && noun === 'clusters') {
		const names = withState((s) => Object.keys(s.clusters).sort());
		return names.length > 0 ? out(names.join('\n')) : err('No kind clusters found.');
	}
	if (verb === 'create' && noun === 'cluster') {
		const image = flag(argv, '--image');
		if (env.FAKE_OFFLINE && image) {
			// kind pulls the node image unless `docker inspect` finds it locally (by tag, or by a registry digest it knows).
			const local = withState((s) => Object.values(s.images ?? {})).some((i) => i.tags.some((t) => normalizeRef(t) === normalizeRef(image)) || `${i.repo}@${i.digest}` === image);
			if (!local) {
				err(`ERROR: failed to create cluster: failed to pull image "${image}": dial tcp: lookup registry-1.docker.io: no such host`);
				return 1;
			}
		}
		const config = flag(argv, '--config');
		if (config && !existsSync(path.resolve(config))) {
			err(`ERROR: failed to create cluster: error reading file: open ${config}: no such file or directory`);
			return 1;
		}
		const port = withState((s) => {
			if (s.clusters[name]) return undefined;
			const p = 40000 + Object.keys(s.clusters).length + Math.floor(Math.random() * 1000);
			s.clusters[name] = {port: p, cilium: null, ca: null, hubble: false, mesh: false, connected: [], app: false};
			return p;
		});
		if (port === undefined) {
			err(`ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"`);
			return 1;
		}
		writeClusterKubeconfig(kindKubeconfigPath(argv), name, port);
		err(
			[
				`Creating cluster "${name}" ...`,
				` ✓ Ensuring node image (${flag(argv, '--image')?.split('@')[0] ?? 'kindest/node'}) 🖼`,
				' ✓ Preparing nodes 📦 📦 📦',
				' ✓ Writing configuration 📜',
				' ✓ Starting control-plane 🕹️',
				' ✓ Installing StorageClass 💾',
				' ✓ Joining worker nodes 🚜',
				`Set kubectl context to "kind-${name}"`,
				'You can now use your cluster with:',
				'',
				`kubectl cluster-info --context kind-${name}`,
			].join('\n'),
		);
		return 0;
	}
	if (verb === 'delete' && noun === 'cluster') {
		err(`Deleting cluster "${name}" ...`);
		const existed = withState((s) => {
			const had = Boolean(s.clusters[name]);
			delete s.clusters[name];
			return had;
		});
		removeFromKubeconfig(kindKubeconfigPath(argv), name);
		if (existed) err(`Deleted nodes: ["${name}-control-plane" "${name}-worker" "${name}-worker2"]`);
		return 0;
	}
	if (verb === 'export' && noun === 'kubeconfig') {
		const cluster = withState((s) => s.clusters[name]);
		if (!cluster) {
			err(`ERROR: unknown cluster "${name}"`);
			return 1;
		}
		writeClusterKubeconfig(kindKubeconfigPath(argv), name, cluster.port);
		return err(`Set kubectl context to "kind-${name}"`);
	}
	return out('(fake kind) ok');
}

function caSecretYaml(ca) {
	const b64 = (t) => Buffer.from(t).toString('base64');
	return stringify({
		apiVersion: 'v1',
		data: {'ca.crt': b64(ca), 'ca.key': b64(`${ca}-key`)},
		kind: 'Secret',
		metadata: {name: 'cilium-ca', namespace: 'kube-system', resourceVersion: '1187', uid: '5b1e3a2c-fake'},
		type: 'Opaque',
	});
}

function kubectl(argv) {
	const [sub, ...rest] = positionals(argv);
	if (sub === 'version' && argv.includes('--client')) {
		return out(JSON.stringify({clientVersion: {major: '1', minor: '33', gitVersion: 'v1.33.1', platform: 'linux/amd64'}}, null, 2));
	}
	const target = targetCluster(argv);
	if (target.error) {
		err(target.error);
		return 1;
	}
	const {name} = target;
	if (sub === 'get' && rest[0] === 'secret' && rest[1] === 'cilium-ca') {
		const ca = withState((s) => s.clusters[name].ca);
		if (!ca) {
			err('Error from server (NotFound): secrets "cilium-ca" not found');
			return 1;
		}
		return out(caSecretYaml(ca));
	}
	if (sub === 'create' && flag(argv, '-f', '--filename') === '-') {
		const docs = parseAllDocuments(readFileSync(0, 'utf8')).map((d) => d.toJS());
		const secret = docs.find((d) => d?.kind === 'Secret' && d.metadata?.name === 'cilium-ca');
		if (!secret) return out('(fake kubectl) created');
		const ca = Buffer.from(secret.data['ca.crt'], 'base64').toString('utf8');
		const created = withState((s) => {
			if (s.clusters[name].ca) return false;
			s.clusters[name].ca = ca;
			return true;
		});
		if (!created) {
			err('Error from server (AlreadyExists): error when creating "STDIN": secrets "cilium-ca" already exists');
			return 1;
		}
		return out('secret/cilium-ca created');
	}
	if (sub === 'apply') {
		const files = flags(argv, '-f', '--filename');
		for (const file of files) {
			if (!existsSync(path.resolve(file))) {
				err(`error: the path "${file}" does not exist`);
				return 1;
			}
		}
		const lines = [];
		for (const file of files) {
			for (const doc of parseAllDocuments(readFileSync(path.resolve(file), 'utf8')).map((d) => d.toJS())) {
				if (doc?.kind) lines.push(`${doc.kind.toLowerCase()}${doc.kind === 'Deployment' ? '.apps' : ''}/${doc.metadata?.name} created`);
			}
		}
		if (files.some((f) => path.basename(f) === 'app.yaml')) withState((s) => (s.clusters[name].app = true));
		return out(lines.join('\n'));
	}
	if (sub === 'rollout' && rest[0] === 'status') return out(`deployment "${(rest[1] ?? '').replace(/^deployment\//, '')}" successfully rolled out`);
	return out('(fake kubectl) ok');
}

const STATUS_BANNER = (cluster) =>
	[
		'    /¯¯\\',
		' /¯¯\\__/¯¯\\    Cilium:             OK',
		' \\__/¯¯\\__/    Operator:           OK',
		' /¯¯\\__/¯¯\\    Envoy DaemonSet:    OK',
		` \\__/¯¯\\__/    Hubble Relay:       ${cluster.hubble ? 'OK' : 'disabled'}`,
		`    \\__/       ClusterMesh:        ${cluster.mesh ? 'OK' : 'disabled'}`,
		'',
		'DaemonSet              cilium             Desired: 3, Ready: 3/3, Available: 3/3',
		'Deployment             cilium-operator    Desired: 1, Ready: 1/1, Available: 1/1',
		'Helm chart version:    1.19.5',
	].join('\n');

/**
 * The images the Cilium 1.19.5 chart references at install (values.yaml of the chart embedded in
 * cilium-cli v0.19.7): `repository:tag@digest`, or `repository:tag` where `<key>.useDigest=false`.
 */
const CHART_IMAGES = [
	['image', 'quay.io/cilium/cilium:v1.19.5', 'sha256:20fbbc14ac20b55a292c0dcda5571bf31cde30a7dbc68c29db3e709390ab0732'],
	['operator.image', 'quay.io/cilium/operator-generic:v1.19.5', 'sha256:be848a365776e07d0c5a895eda7aec928ddc52a5a1fa2f432fd7a286609e1db4'],
	['envoy.image', 'quay.io/cilium/cilium-envoy:v1.36.8-1781157951-a7f42a3390781539911b5b9107881b35ecc4e752', 'sha256:326f872e19ce8aa45170efbf583b3f301586ba3feead14b864676d4baf3b45ed'],
];

function chartImages(sets) {
	return CHART_IMAGES.map(([key, ref, digest]) => (sets[`${key}.useDigest`] === 'false' ? ref : `${ref}@${digest}`));
}

function cilium(argv) {
	const [sub, verb] = positionals(argv);
	if (sub === 'version' && argv.includes('--client')) {
		return out('cilium-cli: v0.19.7 compiled with go1.24.4 on linux/amd64\ncilium image (default): v1.19.5\ncilium image (stable): unknown');
	}
	const target = targetCluster(argv);
	if (target.error) {
		err(target.error);
		return 1;
	}
	const {name, cluster} = target;
	const needsCilium = () => {
		if (cluster.cilium) return false;
		err('Error: Unable to determine status: unable to retrieve ConfigMap "cilium-config": configmaps "cilium-config" not found');
		return true;
	};
	if (sub === 'install') {
		if (cluster.cilium) {
			err('Error: Unable to install Cilium: cannot re-use a name that is still in use');
			return 1;
		}
		const sets = Object.fromEntries(flags(argv, '--set').map((kv) => kv.split('=')));
		const version = flag(argv, '--version') ?? '1.19.5';
		if (env.FAKE_OFFLINE) {
			// With no registry, every image the chart references must already be on the nodes.
			const missing = chartImages(sets).filter((ref) => !(cluster.images ?? []).includes(normalizeRef(ref)));
			if (missing.length > 0) {
				err(`Error: Unable to install Cilium: pods cannot start: ErrImagePull: failed to pull image "${missing[0]}": dial tcp: lookup quay.io: no such host`);
				return 1;
			}
		}
		withState((s) => {
			const c = s.clusters[name];
			c.cilium = {name: sets['cluster.name'] ?? `kind-${name}`, id: Number(sets['cluster.id'] ?? 0), version};
			c.ca ??= `FAKE-CA-${name}-${Math.random().toString(36).slice(2)}`;
		});
		return out(`🔮 Auto-detected Kubernetes kind: kind\nℹ️  Using Cilium version ${version}\n🔮 Auto-detected kube-proxy has been installed`);
	}
	if (sub === 'status') return needsCilium() ? 1 : out(STATUS_BANNER(cluster));
	if (sub === 'hubble' && verb === 'enable') {
		if (needsCilium()) return 1;
		withState((s) => (s.clusters[name].hubble = true));
		return 0;
	}
	if (sub === 'clustermesh' && verb === 'enable') {
		if (needsCilium()) return 1;
		if (!flag(argv, '--service-type')) {
			err("Error: Unable to enable ClusterMesh: cannot auto-detect service type, please specify using '--service-type' option");
			return 1;
		}
		withState((s) => (s.clusters[name].mesh = true));
		return out('⚠️  Using service type NodePort may fail when nodes are removed from the cluster!');
	}
	if (sub === 'clustermesh' && verb === 'status') {
		if (!cluster.mesh) {
			err('Error: Unable to determine status:  unable to get clustermesh service "clustermesh-apiserver": services "clustermesh-apiserver" not found');
			return 1;
		}
		if (flag(argv, '-o', '--output') === 'json') {
			// Shape of cilium-cli's clustermesh.Status (cilium/cilium cilium-cli/clustermesh/clustermesh.go).
			const clusters = Object.fromEntries(cluster.connected.map((c) => [c, {configured: 3, connected: 3}]));
			return out(
				JSON.stringify(
					{
						access_information: {service_type: 'NodePort', service_ips: ['172.18.0.3'], service_port: 32379},
						connectivity: {global_services: {}, connected: {min: cluster.connected.length, avg: cluster.connected.length, max: cluster.connected.length}, clusters, total: 3},
						kvstoremesh: {enabled: true},
					},
					null,
					' ',
				),
			);
		}
		const lines = ['✅ Service "clustermesh-apiserver" of type "NodePort" found', '✅ Cluster access information is available:', '  - 172.18.0.3:32379', '✅ Deployment clustermesh-apiserver is ready', 'ℹ️  KVStoreMesh is enabled', ''];
		if (cluster.connected.length > 0) {
			lines.push('✅ All 3 nodes are connected to all clusters [min:1 / avg:1.0 / max:1]', '', '🔌 Cluster Connections:', ...cluster.connected.map((c) => `  - ${c}: 3/3 configured, 3/3 connected`));
		} else lines.push('🔌 No cluster connected');
		return out(lines.join('\n'));
	}
	if (sub === 'clustermesh' && verb === 'connect') {
		const destination = flag(argv, '--destination-context');
		const config = readKubeconfig(env.KUBECONFIG);
		if (!destination || !(config?.contexts ?? []).some((c) => c.name === destination)) {
			err(`Error: Unable to connect cluster: unable to create Kubernetes client to access remote cluster "${destination}": context "${destination}" does not exist`);
			return 1;
		}
		const remote = destination.replace(/^kind-/, '');
		const result = withState((s) => {
			const a = s.clusters[name];
			const b = s.clusters[remote];
			if (!b || !a.mesh || !b.mesh) return 'not-enabled';
			if (a.ca !== b.ca && !argv.includes('--allow-mismatching-ca')) return 'ca';
			a.connected = [...new Set([...a.connected, b.cilium.name])];
			b.connected = [...new Set([...b.connected, a.cilium.name])];
			return 'ok';
		});
		if (result === 'ca') {
			err('⚠️ Cilium CA certificates do not match between clusters. Use --allow-mismatching-ca to allow this by adding remote CAs to the CA bundle');
			err('Error: Unable to connect cluster: Cilium CA certificates do not match between clusters');
			return 1;
		}
		if (result !== 'ok') {
			err('Error: Unable to connect cluster: unable to get clustermesh service "clustermesh-apiserver"');
			return 1;
		}
		return out(
			[
				`✨ Extracting access information of cluster ${remote}...`,
				`🔑 Extracting secrets from cluster ${remote}...`,
				'⚠️  Service type NodePort detected! Service may fail when nodes are removed from the cluster!',
				'ℹ️  Found ClusterMesh service IPs: [172.18.0.7]',
				`ℹ️ Configuring Cilium in cluster ${name} to connect to cluster ${remote}`,
				`ℹ️ Configuring Cilium in cluster ${remote} to connect to cluster ${name}`,
				`✅ Connected cluster ${name} <=> ${remote}!`,
			].join('\n'),
		);
	}
	return out('(fake cilium) ok');
}

/** Docker's short form and containerd's full form of a reference, compared as containerd does. */
function normalizeRef(ref) {
	const first = ref.split('/')[0];
	if (ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return ref;
	return `docker.io/${ref.includes('/') ? ref : `library/${ref}`}`;
}

/** The tags `docker save` listed in an archive's manifest.json. */
const tarTags = (entries) => (entries.has('manifest.json') ? JSON.parse(entries.get('manifest.json').toString()).flatMap((e) => e.RepoTags ?? []) : []);

/** Every entry of a tar archive, by name. */
async function readTar(file) {
	// Loaded only by the commands that need it: every other fake call stays quick to start.
	const {default: tarStream} = await import('tar-stream');
	const extract = tarStream.extract();
	const entries = new Map();
	extract.on('entry', (header, stream, next) => {
		const chunks = [];
		stream.on('data', (c) => chunks.push(c));
		stream.on('end', () => {
			entries.set(header.name, Buffer.concat(chunks));
			next();
		});
	});
	const done = new Promise((resolve, reject) => {
		extract.on('finish', resolve);
		extract.on('error', reject);
	});
	extract.end(readFileSync(file));
	await done;
	return entries;
}

const fakeDigest = async (text) => `sha256:${(await import('node:crypto')).createHash('sha256').update(text).digest('hex')}`;

async function docker(argv) {
	if (argv[0] === '--version') return out('Docker version 28.2.2, build e6534b4');
	if (argv[0] === 'info') {
		if (env.FAKE_DOCKER === 'down') {
			out(JSON.stringify({ServerVersion: '', NCPU: 0, MemTotal: 0, ClientInfo: {Version: '28.2.2', Context: 'default'}}));
			err('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
			return 1;
		}
		return out(
			JSON.stringify({ServerVersion: '28.2.2', OperatingSystem: 'Ubuntu 24.04 LTS', Name: 'fake-host', NCPU: 8, MemTotal: 16 * 1024 ** 3, DockerRootDir: os.tmpdir(), KernelVersion: '6.8.0', ClientInfo: {Context: 'default'}}),
		);
	}
	const platform = env.FAKE_DOCKER_PLATFORM ?? 'linux/amd64';
	const api = env.FAKE_DOCKER_API ?? '1.50';
	if (argv[0] === 'version') {
		if (env.FAKE_DOCKER === 'down') {
			err('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
			return 1;
		}
		const [os, arch] = platform.split('/');
		const fields = {'.Server.Os': os, '.Server.Arch': arch, '.Server.APIVersion': api, '.Client.APIVersion': api, '.Server.Version': '28.2.2', '.Client.Version': '28.2.2'};
		return out((flag(argv, '--format', '-f') ?? '{{.Server.Version}}').replace(/\{\{\s*([.\w]+)\s*\}\}/g, (_, field) => fields[field] ?? '<no value>'));
	}
	if (argv.includes('--platform') && Number(api.split('.')[1]) < 48 && argv[0] === 'save') {
		err(`"--platform" requires API version 1.48, but the Docker daemon API version is ${api}`);
		return 1;
	}
	if (argv[0] === 'pull') {
		// `repo@sha256:…` pulls exactly that digest (untagged); `repo:tag` gets a digest of its own.
		const ref = positionals(argv)[1];
		const [repo, digest] = ref.includes('@') ? ref.split('@') : [ref.slice(0, ref.lastIndexOf(':')), await fakeDigest(ref)];
		withState((s) => {
			s.images ??= {};
			// A registry image is a multi-platform index; only this platform's content is pulled.
			s.images[digest] = {repo, digest, tags: ref.includes('@') ? [] : [ref], size: 1000 + ref.length, multiPlatform: true};
		});
		out(`${digest.slice(7, 19)}: Pull complete\nDigest: ${digest}\nStatus: Downloaded newer image for ${ref}`);
		return 0;
	}
	if (argv[0] === 'tag') {
		const [source, target] = argv.slice(1);
		const ok = withState((s) => {
			const image = Object.values(s.images ?? {}).find((i) => `${i.repo}@${i.digest}` === source || i.tags.includes(source));
			if (!image) return false;
			image.tags = [...new Set([...image.tags, target])];
			return true;
		});
		if (!ok) {
			err(`Error response from daemon: No such image: ${source}`);
			return 1;
		}
		return 0;
	}
	if (argv[0] === 'image' && argv[1] === 'inspect') {
		const refs = positionals(argv).slice(2);
		const images = withState((s) => Object.values(s.images ?? {}));
		const lines = [];
		for (const ref of refs) {
			const image = images.find((i) => i.tags.some((t) => normalizeRef(t) === normalizeRef(ref)));
			if (!image) {
				err(`Error response from daemon: No such image: ${ref}`);
				return 1;
			}
			lines.push(JSON.stringify({RepoTags: image.tags, RepoDigests: [`${image.repo}@${image.digest}`], Size: image.size}));
		}
		return out(lines.join('\n'));
	}
	if (argv[0] === 'save') {
		const file = flag(argv, '-o', '--output');
		const refs = positionals(argv).slice(1);
		const images = withState((s) => Object.values(s.images ?? {}));
		const {default: tarStream} = await import('tar-stream');
		const pack = tarStream.pack();
		const manifest = [];
		const index = [];
		for (const ref of refs) {
			const image = images.find((i) => i.tags.some((t) => normalizeRef(t) === normalizeRef(ref)));
			if (!image) {
				err(`Error response from daemon: reference does not exist: ${ref}`);
				return 1;
			}
			const layer = `blobs/sha256/${image.digest.slice(7)}`;
			if (!manifest.some((m) => m.Layers[0] === layer)) pack.entry({name: layer}, `fake layer of ${image.repo}`.repeat(image.size / 40));
			manifest.push({Config: layer, RepoTags: [ref.replace(/^docker\.io\/(library\/)?/, '')], Layers: [layer]});
			if (env.FAKE_IMAGE_STORE === 'containerd') {
				// The containerd store saves the index: every platform without --platform, only the pulled one's blob.
				index.push({digest: image.digest, platform: flag(argv, '--platform') ?? platform});
				if (!flag(argv, '--platform') && image.multiPlatform) index.push({digest: await fakeDigest(`${image.digest} for another platform`), platform: 'linux/s390x'});
			}
		}
		pack.entry({name: 'manifest.json'}, JSON.stringify(manifest));
		if (index.length > 0) pack.entry({name: 'index.json'}, JSON.stringify({schemaVersion: 2, manifests: index}));
		pack.finalize();
		const chunks = [];
		for await (const c of pack) chunks.push(c);
		writeFileSync(file, Buffer.concat(chunks));
		return 0;
	}
	if (argv[0] === 'load') {
		const file = flag(argv, '-i', '--input');
		if (!file || !existsSync(file)) {
			err(`open ${file}: no such file or directory`);
			return 1;
		}
		const entries = await readTar(file);
		const tags = tarTags(entries);
		// An index naming platforms whose blobs are not in the archive stays such an index once loaded.
		const index = entries.has('index.json') ? JSON.parse(entries.get('index.json').toString()).manifests : [];
		const multiPlatform = index.some((m) => !entries.has(`blobs/sha256/${m.digest.slice(7)}`));
		const loaded = await Promise.all(tags.map(async (t) => ({repo: t.slice(0, t.lastIndexOf(':')), digest: await fakeDigest(t), tags: [t], size: 1000, multiPlatform})));
		withState((s) => {
			s.images ??= {};
			// A loaded name moves to the loaded image; the image it named before keeps its other names.
			const moved = new Set(tags.map(normalizeRef));
			for (const other of Object.values(s.images)) other.tags = other.tags.filter((t) => !moved.has(normalizeRef(t)));
			for (const image of loaded) s.images[image.digest] = image;
		});
		return out(tags.map((t) => `Loaded image: ${t}`).join('\n'));
	}
	if (argv[0] === 'run') {
		// The doctor's WireGuard probe: `ip link add … type wireguard` inside a privileged container.
		if (argv.join(' ').includes('wireguard')) {
			if (env.FAKE_WIREGUARD === 'missing') {
				err('Error: Unknown device type.');
				return 2;
			}
			return 0;
		}
	}
	return out('(fake docker) ok');
}

/** The hubble CLI on the host: its version, and an empty flow list for `observe` (it records no traffic). */
function hubble(argv) {
	if (argv[0] === 'version') return out('hubble v1.18.0@HEAD-8a1b2c3 compiled with go1.24.4 on linux/amd64');
	if (argv[0] === 'observe') return 0;
	err(`(fake hubble) unsupported: ${argv.join(' ')}`);
	return 1;
}

const TOOLS = {kind, kubectl, cilium, helm: (argv) => (argv[0] === 'version' ? out('v3.18.4+gd80839c') : out('(fake helm) ok')), docker, hubble};

export async function main(tool) {
	const argv = process.argv.slice(2);
	log({
		tool,
		argv,
		// What a tool could be steered by: the kubeconfig, HOME (for ~/.kube/config) and any other variable of that family.
		env: {KUBECONFIG: env.KUBECONFIG ?? null, HOME: env.HOME ?? null, steering: Object.keys(env).filter((name) => /^(KUBE|HELM_|HUBBLE_|KIND_CLUSTER_NAME$|AWS_|GOOGLE_|AZURE_)/.test(name) && name !== 'KUBECONFIG')},
		cwd: process.cwd(),
		pid: process.pid,
		ppid: process.ppid,
	});
	const line = [tool, ...argv].join(' ');
	if (env.FAKE_HANG && new RegExp(env.FAKE_HANG).test(line)) {
		const child = spawn('sleep', ['600'], {stdio: 'ignore'});
		log({tool, hang: true, grandchild: child.pid, pid: process.pid});
		out(`(fake ${tool}) hanging`);
		setInterval(() => {}, 1 << 30);
		return;
	}
	if (env.FAKE_DELAY_MS) sleepSync(Number(env.FAKE_DELAY_MS));
	// FAKE_FAIL_TIMES=n: only the first n matching invocations fail (a transient error).
	const failNow = () => !env.FAKE_FAIL_TIMES || withState((s) => (s.failures = (s.failures ?? 0) + 1) <= Number(env.FAKE_FAIL_TIMES));
	if (env.FAKE_FAIL && new RegExp(env.FAKE_FAIL).test(line) && failNow()) {
		err(env.FAKE_FAIL_STDERR ?? `(fake ${tool}) failed on purpose`);
		process.exitCode = Number(env.FAKE_FAIL_CODE ?? 1);
		return;
	}
	const code = env.FAKE_ATTACHED && (tool === 'kubectl' || tool === 'cilium') ? await attachedTool(tool, argv) : await TOOLS[tool](argv);
	process.exitCode = typeof code === 'number' ? code : 0;
}

// Attached clusters (attach mode): $FAKE_ATTACHED is a JSON file {clusters: {<context>: {...}}} that
// describes two meshed clusters of a learner's own, keyed by context name. Only the contexts in
// $KUBECONFIG exist, so a call through any other kubeconfig fails as kubectl would.
function attachedTool(tool, argv) {
	const file = env.FAKE_ATTACHED;
	const config = readKubeconfig(env.KUBECONFIG);
	const context = flag(argv, '--context') ?? config?.['current-context'];
	if (!context || !(config?.contexts ?? []).some((c) => c.name === context)) {
		err(`error: context "${context ?? ''}" does not exist`);
		return 1;
	}
	const world = JSON.parse(readFileSync(file, 'utf8'));
	const cluster = world.clusters[context];
	const save = () => writeFileSync(file, JSON.stringify(world, null, 2));
	if (!cluster?.reachable) {
		err('Unable to connect to the server: dial tcp 10.20.0.1:6443: i/o timeout');
		return 1;
	}
	const words = positionals(argv);
	const ns = flag(argv, '-n', '--namespace') ?? (config.contexts.find((c) => c.name === context)?.context?.namespace ?? 'default');
	if (tool === 'cilium') {
		if (words[0] === 'clustermesh' && words[1] === 'status') {
			if (!cluster.mesh) {
				err('Error: Unable to determine status:  unable to get clustermesh service "clustermesh-apiserver": services "clustermesh-apiserver" not found');
				return 1;
			}
			const clusters = Object.fromEntries(cluster.connected.map((c) => [c, {configured: 2, connected: 2}]));
			return out(JSON.stringify({connectivity: {clusters, total: 2}, kvstoremesh: {enabled: true}}));
		}
		if (words[0] === 'status') return out(STATUS_BANNER({hubble: true, mesh: cluster.mesh}));
		if (words[0] === 'clustermesh' && words[1] === 'inspect-policy-default-local-cluster') return out('✅ CiliumNetworkPolicy 1/1');
		err(`(fake cilium, attached) not modelled: ${argv.join(' ')}`);
		return 3;
	}
	const [verb, what, name] = words;
	const notFound = (kind, n) => {
		err(`Error from server (NotFound): ${kind} "${n}" not found`);
		return 1;
	};
	if (verb === 'version') return out(JSON.stringify({clientVersion: {gitVersion: 'v1.33.1'}, serverVersion: {gitVersion: cluster.gitVersion}}));
	if (verb === 'get' && what === 'configmap' && name === 'cilium-config') {
		return cluster.ciliumConfig ? out(JSON.stringify({kind: 'ConfigMap', metadata: {name, namespace: 'kube-system'}, data: cluster.ciliumConfig})) : notFound('configmaps', name);
	}
	if (verb === 'get' && what === 'daemonset' && name === 'cilium') {
		if (!cluster.ciliumImage) return notFound('daemonsets.apps', name);
		return out(JSON.stringify({kind: 'DaemonSet', spec: {template: {spec: {containers: [{name: 'cilium-agent', image: cluster.ciliumImage}]}}}}));
	}
	if (verb === 'get' && what === 'namespace') {
		const found = cluster.namespaces?.[name];
		return found ? out(JSON.stringify({kind: 'Namespace', metadata: {name, labels: found.labels ?? {}}})) : notFound('namespaces', name);
	}
	if (verb === 'create' && flag(argv, '-f') === '-') {
		const doc = JSON.parse(readFileSync(0, 'utf8'));
		cluster.namespaces ??= {};
		cluster.namespaces[doc.metadata.name] = {labels: doc.metadata.labels};
		save();
		return out(`namespace/${doc.metadata.name} created`);
	}
	if (verb === 'get' && what && what.includes(',')) {
		const kinds = what.split(',');
		const items = (cluster.objects?.[ns] ?? []).filter((o) => kinds.includes(o.kind)).map((o) => ({kind: o.kind, metadata: {name: o.name, namespace: ns}}));
		return out(JSON.stringify({kind: 'List', items}));
	}
	if (verb === 'delete' && what === 'namespace') {
		delete cluster.namespaces?.[name];
		delete cluster.objects?.[name];
		save();
		return out(`namespace "${name}" deleted`);
	}
	if (verb === 'delete' && what?.includes('/')) {
		const [kind, objectName] = what.split('/');
		cluster.objects[ns] = (cluster.objects?.[ns] ?? []).filter((o) => !(o.kind === kind && o.name === objectName));
		save();
		return out(`${kind.toLowerCase()} "${objectName}" deleted`);
	}
	if (verb === 'apply') {
		// Records what each manifest declares, with the cluster names it selects, as applied.
		cluster.objects ??= {};
		for (const file of flags(argv, '-f', '--filename')) {
			for (const doc of parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS())) {
				const list = (cluster.objects[ns] ??= []).filter((o) => !(o.kind === doc.kind && o.name === doc.metadata.name));
				list.push({kind: doc.kind, name: doc.metadata.name, clusters: [...JSON.stringify(doc).matchAll(/"io\.cilium\.k8s\.policy\.cluster":"([^"]+)"/g)].map((m) => m[1])});
				cluster.objects[ns] = list;
			}
		}
		save();
		return out('(fake kubectl, attached) configured');
	}
	if (['exec', 'annotate', 'scale', 'rollout', 'get', 'describe', 'logs', 'label', 'patch'].includes(verb)) return out(`(fake kubectl, attached) ${verb} in ${ns}`);
	err(`(fake kubectl, attached) not modelled: ${argv.join(' ')}`);
	return 3;
}
