/**
 * A pflag-style parser (kubectl, cilium and kind are cobra programs): flags anywhere among the
 * arguments, `--name=value` / `--name value`, combined shorthands (`-it`, `-ndefault`,
 * `-oyaml`), repeated flags, and `--` ending flag parsing.
 */
export type FlagType = 'bool' | 'string' | 'strings' | 'int';

export interface FlagSpec {
	readonly type: FlagType;
	readonly short?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedFlags {
	readonly values: ReadonlyMap<string, readonly string[]>;
	readonly args: readonly string[];
	/** Arguments after `--`, or null when there was no `--`. */
	readonly afterDash: readonly string[] | null;
}

export class FlagError extends Error {}

const INT64_MAX = 9_223_372_036_854_775_807n;

export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
	const values = new Map<string, string[]>();
	const args: string[] = [];
	const byShort = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
	const set = (name: string, value: string) => {
		const spec = specs[name];
		if (spec?.type === 'int' && !/^[-+]?\d+$/.test(value)) {
			throw new FlagError(`invalid argument "${value}" for "--${name}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
		}
		// pflag's int is Go's 64-bit int: strconv.ParseInt refuses anything wider.
		if (spec?.type === 'int' && (BigInt(value) > INT64_MAX || BigInt(value) < -INT64_MAX - 1n)) {
			throw new FlagError(`invalid argument "${value}" for "--${name}" flag: strconv.ParseInt: parsing "${value}": value out of range`);
		}
		if (spec?.type === 'bool' && !/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(value)) {
			throw new FlagError(`invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
		}
		values.set(name, [...(values.get(name) ?? []), value]);
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '--') return {values, args, afterDash: argv.slice(i + 1)};
		if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
			const spec = specs[name];
			if (!spec) throw new FlagError(`unknown flag: --${name}`);
			if (eq >= 0) set(name, arg.slice(eq + 1));
			else if (spec.type === 'bool') set(name, 'true');
			else {
				const next = argv[i + 1];
				if (next === undefined) throw new FlagError(`flag needs an argument: --${name}`);
				set(name, next);
				i++;
			}
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) {
			for (let j = 1; j < arg.length; j++) {
				const letter = arg[j] as string;
				const name = byShort.get(letter);
				if (!name) throw new FlagError(`unknown shorthand flag: '${letter}' in ${arg}`);
				const spec = specs[name] as FlagSpec;
				if (spec.type === 'bool') {
					if (arg[j + 1] === '=') {
						set(name, arg.slice(j + 2));
						break;
					}
					set(name, 'true');
					continue;
				}
				let rest = arg.slice(j + 1);
				if (rest.startsWith('=')) rest = rest.slice(1);
				if (rest) set(name, rest);
				else {
					const next = argv[i + 1];
					if (next === undefined) throw new FlagError(`flag needs an argument: '${letter}' in -${letter}`);
					set(name, next);
					i++;
				}
				break;
			}
			continue;
		}
		args.push(arg);
	}
	return {values, args, afterDash: null};
}

export function flagString(flags: ParsedFlags, name: string): string | undefined {
	const all = flags.values.get(name);
	return all?.[all.length - 1];
}

export function flagStrings(flags: ParsedFlags, name: string): string[] {
	return (flags.values.get(name) ?? []).flatMap((v) => v.split(','));
}

/** Every occurrence as given (for `--set a=b,c=d` style values that must not be split here). */
export function flagOccurrences(flags: ParsedFlags, name: string): readonly string[] {
	return flags.values.get(name) ?? [];
}

export function flagBool(flags: ParsedFlags, name: string): boolean {
	const value = flagString(flags, name);
	return value !== undefined && /^(true|1|t)$/i.test(value);
}

export function flagSet(flags: ParsedFlags, name: string): boolean {
	return flags.values.has(name);
}
