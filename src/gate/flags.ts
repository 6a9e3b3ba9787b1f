/**
 * Reads a command's arguments the way Go's pflag (kubectl, kind, helm, cilium, hubble) and GNU
 * getopt read them: `--name=value`, `--name value` for flags known to take a value, short
 * clusters (`-it`, `-nkube-system`), and `--` ending the options. A flag the table does not know
 * is read as a switch, so its value becomes a positional word: the rules then refuse an unknown
 * subcommand or operand rather than miss a flag.
 */
export interface FlagTable {
	/** Long flags (with `--`) that take a separate value. */
	readonly long: ReadonlySet<string>;
	/** Short flag letters that take a value (attached or in the next word). */
	readonly short: string;
}

export interface Flag {
	/** `--context`, `-s`, … as the program sees it. */
	readonly name: string;
	readonly value: string | undefined;
}

export interface ScannedArgs {
	readonly flags: readonly Flag[];
	/** Flags before the first positional word (a tool's global flags, before its subcommand). */
	readonly leading: readonly Flag[];
	readonly positionals: readonly string[];
	/** Index in the arguments of a bare `--`, or -1. */
	readonly endOfOptions: number;
}

export function scanArgs(args: readonly string[], table: FlagTable): ScannedArgs {
	const flags: Flag[] = [];
	const positionals: string[] = [];
	let leading: Flag[] | undefined;
	const result = (endOfOptions: number) => ({flags, leading: leading ?? [...flags], positionals, endOfOptions});
	for (let i = 0; i < args.length; i++) {
		const word = args[i] ?? '';
		if (word === '--') {
			leading ??= [...flags];
			positionals.push(...args.slice(i + 1));
			return result(i);
		}
		if (word.startsWith('--')) {
			const eq = word.indexOf('=');
			if (eq >= 0) flags.push({name: word.slice(0, eq), value: word.slice(eq + 1)});
			else if (table.long.has(word)) flags.push({name: word, value: args[++i]});
			else flags.push({name: word, value: undefined});
			continue;
		}
		if (word.startsWith('-') && word.length > 1) {
			for (let j = 1; j < word.length; j++) {
				const letter = word[j] ?? '';
				if (!table.short.includes(letter)) {
					flags.push({name: `-${letter}`, value: undefined});
					continue;
				}
				const rest = word.slice(j + 1);
				flags.push({name: `-${letter}`, value: rest ? rest.replace(/^=/, '') : args[++i]});
				break;
			}
			continue;
		}
		leading ??= [...flags];
		positionals.push(word);
	}
	return result(-1);
}

export function flagsNamed(scanned: ScannedArgs, names: readonly string[]): Flag[] {
	return scanned.flags.filter((f) => names.includes(f.name));
}

export function hasFlag(scanned: ScannedArgs, names: readonly string[]): boolean {
	return scanned.flags.some((f) => names.includes(f.name));
}
