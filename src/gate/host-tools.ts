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
	if (!tool) throw new Refusal(`\`${name}\` is not a command the gate can analyse`);
	if (!tool.expansions && args.some((a) => a === null)) {
		throw new Refusal(`an argument of \`${name}\` comes from an expansion, which could become an option or a file to read`);
	}
	const scanned = scanArgs(args.map((a) => a ?? ''), tool.flags);
	const refused = scanned.flags.find((f) => tool.refused.includes(f.name));
	if (refused) throw new Refusal(`\`${name} ${refused.name}\` reads or writes files, or runs a program`);
	// `grep -e PATTERN` takes its pattern from the option, so every positional is a file.
	const operands = name === 'grep' && hasFlag(scanned, ['-e', '--regexp']) ? 0 : tool.operands;
	const files = scanned.positionals.filter((p) => p !== '-').slice(operands);
	if (files.length > 0) throw new Refusal(`\`${name}\` would read ${files.join(' ')} from this computer; here it may only filter a command's output`);
}

/** Why a well-known command that is not analysed is refused, for a clearer message. */
const REFUSED_KINDS: readonly [readonly string[], string][] = [
	[['eval', 'source', '.'], 'runs text as shell code the gate cannot see'],
	[['exec'], 'replaces the shell with another program'],
	[['env'], 'runs a program with a changed environment (with -i or -u a tool falls back to ~/.kube/config)'],
	[
		['python', 'python2', 'python3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'tclsh', 'awk', 'gawk', 'mawk', 'nawk', 'sed', 'jq', 'yq'],
		'is an interpreter: it can run any program or write any file',
	],
	[
		['find', 'xargs', 'watch', 'script', 'busybox', 'nohup', 'timeout', 'nice', 'time', 'command', 'builtin', 'sudo', 'doas', 'su', 'setsid', 'stdbuf', 'parallel', 'chroot', 'unshare', 'nsenter', 'flock', 'ionice', 'taskset', 'make', 'strace', 'ssh', 'docker', 'podman'],
		'runs other programs the gate cannot see',
	],
	[['zsh', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash'], 'is a shell the gate does not analyse'],
	[
		['export', 'declare', 'typeset', 'local', 'readonly', 'read', 'set', 'unset', 'alias', 'trap', 'cd', 'pushd', 'popd', 'ulimit', 'umask', 'shopt', 'enable', 'hash', 'mapfile', 'readarray', 'let', 'getopts', 'printenv'],
		'changes or reveals the shell state (variables, options, folder) the gate relies on',
	],
	[['cat', 'cp', 'mv', 'tee', 'dd', 'ln', 'rm', 'install', 'touch', 'mkdir', 'chmod', 'chown', 'rsync', 'scp', 'curl', 'wget', 'tar'], 'reads or writes files'],
];

export function refusedCommandReason(name: string): string {
	const kind = REFUSED_KINDS.find(([names]) => names.includes(name));
	return kind ? `\`${name}\` ${kind[1]}` : `\`${name}\` is not a command the gate can analyse`;
}
