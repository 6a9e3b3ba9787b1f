import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {testCli} from '../helpers/cli.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const FAKES = path.join(ROOT, 'test/fakes/bin');

/** The learner's own kubeconfig: the two meshed clusters' contexts and one the tool must never copy. */
const LEARNER_KUBECONFIG = `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: east
    cluster: {server: "https://10.20.0.1:6443", certificate-authority: certs/east-ca.crt}
  - name: west
    cluster: {server: "https://10.30.0.1:6443"}
  - name: prod
    cluster: {server: "https://prod.example.com"}
contexts:
  - name: east-admin
    context: {cluster: east, user: east-admin}
  - name: west-admin
    context: {cluster: west, user: west-admin}
  - name: prod
    context: {cluster: prod, user: prod}
users:
  - name: east-admin
    user: {token: east-token}
  - name: west-admin
    user: {token: west-token}
  - name: prod
    user: {token: prod-token}
`;

export type World = {clusters: Record<string, Record<string, unknown>>};

export function meshedWorld(): World {
	const cluster = (name: string, id: string, peer: string) => ({
		reachable: true,
		gitVersion: 'v1.31.4+rke2r1',
		ciliumConfig: {'cluster-name': name, 'cluster-id': id, 'policy-default-local-cluster': 'true'},
		ciliumImage: 'quay.io/cilium/cilium:v1.19.5@sha256:20fbbc14ac20b55a292c0dcda5571bf31cde30a7dbc68c29db3e709390ab0732',
		mesh: true,
		connected: [peer],
		namespaces: {'kube-system': {labels: {}}},
		objects: {},
	});
	return {clusters: {'east-admin': cluster('rke2-east', '11', 'rke2-west'), 'west-admin': cluster('rke2-west', '12', 'rke2-east')}};
}

/** A learner's folder with two fake meshed clusters of their own, and the CLI pointed at them. */
export function attachedWorld() {
	const dir = mkdtempSync(path.join(tmpdir(), 'cmt-attach-'));
	const home = path.join(dir, 'state');
	const worldFile = path.join(dir, 'world.json');
	const logFile = path.join(dir, 'calls.log');
	const learnerFile = path.join(dir, 'learner.yaml');
	writeFileSync(learnerFile, LEARNER_KUBECONFIG);
	const env = {CLUSTERMESH_TUTOR_HOME: home, PATH: `${FAKES}:${process.env.PATH ?? ''}`, FAKE_ATTACHED: worldFile, FAKE_LOG: logFile, KUBECONFIG: learnerFile};
	const setWorld = (change: (world: World) => void, base: World = meshedWorld()): void => {
		change(base);
		writeFileSync(worldFile, JSON.stringify(base));
	};
	const world = (): World => JSON.parse(readFileSync(worldFile, 'utf8')) as World;
	const calls = () => readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {tool: string; argv: string[]; cwd: string; env: {KUBECONFIG: string; steering: string[]}});
	setWorld(() => undefined);
	const {run: cli} = testCli(home, {env, cwd: dir});
	return {dir, home, env, setWorld, world, calls, cli};
}

export const ATTACH = ['attach', '--kubeconfig', 'learner.yaml', '--koornacht', 'east-admin', '--tion', 'west-admin'];
