import {parse} from 'shell-quote';

/** One program call inside a shell command line: its name and arguments. */
export interface Invocation {
	readonly program: string;
	readonly args: readonly string[];
	/** Environment assignments written before the program (`NAME=value`). */
	readonly assignments: readonly string[];
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Words that run the program after them. */
const WRAPPERS = new Set(['env', 'time', 'watch', 'sudo', 'command']);

/**
 * Splits a command line into program calls at pipes, `&&`, `||`, `;` and subshells.
 * Variables stay as written (`$HOME`); quoted strings (e.g. `sh -c '...'` run in a pod) stay
 * one argument, so what runs inside a pod is not mistaken for what runs on the host.
 */
export function invocations(command: string): Invocation[] {
	return segments(command).flatMap((words) => {
		const assignments: string[] = [];
		let i = 0;
		for (; i < words.length; i++) {
			const word = words[i] ?? '';
			if (ASSIGNMENT.test(word)) assignments.push(word);
			else if (!WRAPPERS.has(word)) break;
		}
		const program = words[i];
		if (program === undefined) return [];
		return [{program: program.split('/').at(-1) ?? program, args: words.slice(i + 1), assignments}];
	});
}

/** Every word of the command, as written, for path scans. */
export function shellWords(command: string): string[] {
	return segments(command).flat();
}

function segments(command: string): string[][] {
	const out: string[][] = [[]];
	for (const entry of parse(command, (name) => `$${name}`)) {
		if (typeof entry === 'string') out.at(-1)?.push(entry);
		else if ('op' in entry && entry.op === 'glob') out.at(-1)?.push(entry.pattern);
		else if ('op' in entry) out.push([]);
	}
	return out;
}

/** The value of `--flag value` or `--flag=value`; `true` when the flag ends the call; undefined when absent. */
export function flagValue(args: readonly string[], flag: string): string | true | undefined {
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (arg === flag) return args[i + 1] ?? true;
		if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
	}
	return undefined;
}
