import {hasFlag, scanArgs, type FlagTable} from './flags.js';
import {Refusal} from './verdict.js';

/**
 * The text tools a lesson may pipe lab output through. None of them can run a program; the
 * ones that can read files are held to reading standard input (no file operands, no file
 * options), and none may write a file. `sed` and `awk` are not here: both can run commands
 * (`e`, `system()`) and write files (`w`, `>`).
 */
interface TextTool {
	readonly flags: FlagTable;
	/** Positional operands allowed (grep's pattern); the rest would be files to read. */
	readonly operands: number;
	/** Options that read or write files or run a program. */
	readonly refused: readonly string[];
	/** Whether an argument may come from an expansion (only for tools that cannot read files). */
	readonly expansions: boolean;
}

const none = {long: new Set<string>(), short: ''};
const ANY = Number.POSITIVE_INFINITY;

const TEXT_TOOLS: Readonly<Record<string, TextTool>> = {
	echo: {flags: none, operands: ANY, refused: [], expansions: true},
	printf: {flags: none, operands: ANY, refused: ['-v'], expansions: false},
	seq: {flags: none, operands: ANY, refused: [], expansions: true},
	sleep: {flags: none, operands: ANY, refused: [], expansions: true},
	true: {flags: none, operands: ANY, refused: [], expansions: true},
	false: {flags: none, operands: ANY, refused: [], expansions: true},
	tr: {flags: none, operands: 2, refused: [], expansions: true},
	grep: {
		flags: {long: new Set(['--regexp', '--max-count', '--after-context', '--before-context', '--context']), short: 'emABCfdD'},
		operands: 1,
		refused: ['-f', '--file', '-r', '-R', '--recursive', '--dereference-recursive', '-d', '--directories', '-D', '--devices', '--include', '--exclude', '--exclude-from', '--exclude-dir'],
		expansions: false,
	},
	head: {flags: {long: new Set(['--lines', '--bytes']), short: 'nc'}, operands: 0, refused: [], expansions: false},
	tail: {flags: {long: new Set(['--lines', '--bytes']), short: 'nc'}, operands: 0, refused: [], expansions: false},
	sort: {
		flags: {long: new Set(['--key', '--field-separator']), short: 'ktSoT'},
		operands: 0,
		refused: ['-o', '--output', '-T', '--temporary-directory', '--compress-program', '--files0-from', '--random-source'],
		expansions: false,
	},
	uniq: {flags: {long: new Set(), short: 'fsw'}, operands: 0, refused: [], expansions: false},
	wc: {flags: none, operands: 0, refused: ['--files0-from'], expansions: false},
	cut: {flags: {long: new Set(['--delimiter', '--fields', '--bytes', '--characters']), short: 'bcdf'}, operands: 0, refused: [], expansions: false},
	base64: {flags: {long: new Set(['--wrap']), short: 'w'}, operands: 0, refused: [], expansions: false},
};

export function isTextTool(name: string): boolean {
	return Object.hasOwn(TEXT_TOOLS, name);
}

/** Checks a text tool call; `args` are static text, or null where an expansion stands. */
export function checkTextTool(name: string, args: readonly (string | null)[]): void {
	const tool = TEXT_TOOLS[name];
	if (!tool) throw new Refusal(unknownCommand(name));
	if (!tool.expansions && args.some((a) => a === null)) {
		throw new Refusal(`an argument of \`${name}\` comes from a variable or \`$(…)\`, which could turn into an option or a file to read`, 'write it out');
	}
	const scanned = scanArgs(args.map((a) => a ?? ''), tool.flags);
	const refused = scanned.flags.find((f) => tool.refused.includes(f.name));
	const filter = `pipe a command's output into it: \`kubectl … | ${name} …\``;
	if (refused) throw new Refusal(`\`${name} ${refused.name}\` reads or writes files, or runs a program; here \`${name}\` only filters a command's output`, `drop ${refused.name}`);
	// `grep -e PATTERN` takes its pattern from the option, so every positional is a file.
	const operands = name === 'grep' && hasFlag(scanned, ['-e', '--regexp']) ? 0 : tool.operands;
	const files = scanned.positionals.filter((p) => p !== '-').slice(operands);
	if (files.length > 0) throw new Refusal(`\`${name}\` would read ${files.join(' ')} from this computer; here it only filters a command's output`, filter);
}

/** Why a well-known command is not run, and what to do instead (the default: the learner's own terminal). */
const REFUSED_KINDS: readonly [readonly string[], string, string?][] = [
	[['curl', 'wget'], 'would reach the network from this computer, outside the lab', 'run curl inside a pod: `kubectl exec deploy/x-wing -- curl -s rebel-base`'],
	[['jq', 'yq'], 'can read any file on this computer', 'let kubectl pick the field: `kubectl get … -o jsonpath=\'{…}\'`'],
	[['sed', 'awk', 'gawk', 'mawk', 'nawk'], 'can run programs and write files', 'filter with grep, cut or tr'],
	[['eval', 'source', '.'], 'runs text as shell code the tutorial cannot check first'],
	[['exec'], 'replaces the shell with another program', 'drop `exec` and run the command itself'],
	[['env'], 'runs a program with a changed environment (with -i or -u, kubectl would fall back to ~/.kube/config)', 'drop `env` and run the command itself'],
	[['python', 'python2', 'python3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'tclsh'], 'is an interpreter: it can run any program or write any file'],
	[
		['find', 'xargs', 'watch', 'script', 'busybox', 'nohup', 'timeout', 'nice', 'time', 'command', 'builtin', 'sudo', 'doas', 'su', 'setsid', 'stdbuf', 'parallel', 'chroot', 'unshare', 'nsenter', 'flock', 'ionice', 'taskset', 'make', 'strace', 'ssh', 'docker', 'podman'],
		'starts other programs the tutorial cannot check first',
	],
	[['zsh', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash'], 'is a shell the tutorial does not read', "use `sh -c '…'` or `bash -c '…'`"],
	[
		['export', 'declare', 'typeset', 'local', 'readonly', 'read', 'set', 'unset', 'alias', 'trap', 'cd', 'pushd', 'popd', 'ulimit', 'umask', 'shopt', 'enable', 'hash', 'mapfile', 'readarray', 'let', 'getopts', 'printenv'],
		'changes or shows shell settings (variables, options, folder) the tutorial relies on',
	],
	[['cat', 'cp', 'mv', 'tee', 'dd', 'ln', 'rm', 'install', 'touch', 'mkdir', 'chmod', 'chown', 'rsync', 'scp', 'tar'], 'reads or writes files on this computer'],
];

/** What the tutorial runs, for a command it does not. */
function unknownCommand(name: string): string {
	return `\`${name}\` is not one of the commands this tutorial runs (kubectl, cilium, helm, kind and hubble on its own clusters; grep, head, sort and other text tools on their output)`;
}

/** Why a command that is not one of the tutorial's is refused, and the fix (undefined: the learner's own terminal). */
export function refusedCommandReason(name: string): [reason: string, fix: string | undefined] {
	const kind = REFUSED_KINDS.find(([names]) => names.includes(name));
	return kind ? [`\`${name}\` ${kind[1]}`, kind[2]] : [unknownCommand(name), undefined];
}
