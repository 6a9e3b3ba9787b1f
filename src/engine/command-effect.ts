import {simpleCommandWords} from '../gate/command-gate.js';
import {isLabTool} from '../gate/lab-tools.js';

/**
 * Whether a command the learner typed could have changed the lab, decided from its words alone.
 * After a read-only command (`kubectl get`, `cilium status`, `hubble observe`…) a step's check
 * runs once: nothing changed, so waiting for the mesh to converge would only block the learner.
 * After a command that may change something, the check retries while the mesh converges.
 */

/** Subcommands that only read (kubectl, cilium, hubble, helm and kind share most of these words). */
const READS = new Set([
	'get',
	'describe',
	'logs',
	'top',
	'explain',
	'version',
	'api-resources',
	'api-versions',
	'cluster-info',
	'exec',
	'can-i',
	'whoami',
	'events',
	'diff',
	'wait',
	'status',
	'view',
	'list',
	'ls',
	'show',
	'observe',
	'history',
	'template',
	'inspect',
	'get-contexts',
	'current-context',
	'help',
]);

/** Subcommand groups whose next word says what happens (`kubectl rollout status`, `cilium clustermesh status`). */
const GROUPS = new Set(['config', 'rollout', 'auth', 'clustermesh', 'encryption', 'hubble', 'encrypt', 'bgp', 'service', 'endpoint', 'policy', 'repo', 'plugin']);

/** Global flags that take a value in the next word, so that word is not the subcommand. */
const VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '--server', '-s', '--kube-context', '--name']);

function subcommands(args: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length && out.length < 2; i++) {
		const word = args[i] ?? '';
		if (word === '--') break;
		if (word.startsWith('-')) {
			if (!word.includes('=') && VALUE_FLAGS.has(word)) i++;
			continue;
		}
		out.push(word);
	}
	return out;
}

function toolOnlyReads(args: readonly (string | null)[]): boolean {
	if (args.some((a) => a === null)) return false;
	const [first, second] = subcommands(args as string[]);
	if (first === undefined) return true;
	if (READS.has(first)) return true;
	return GROUPS.has(first) && (second === undefined || READS.has(second));
}

/** Pure: true when the line runs a lab tool in a way that may change the lab (anything not known to only read). */
export function mayChangeLab(line: string): boolean {
	const commands = simpleCommandWords(line);
	// A line the parser cannot read is treated as a change: retrying costs time, never a wrong verdict.
	if (commands.length === 0) return line.trim().length > 0;
	return commands.some(([name, ...args]) => name === null || name === undefined || (isLabTool(name) && !toolOnlyReads(args)));
}
