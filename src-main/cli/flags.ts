import { CliUsageError } from './command.ts';

export interface FlagSpec {
  /** Flags that take a value (`--name VALUE` or `--name=VALUE`); repeatable ones collect every value. */
  values?: readonly string[];
  repeatable?: readonly string[];
  /** Flags that are true when present. */
  switches?: readonly string[];
}

export interface ParsedFlags {
  values: Map<string, string[]>;
  switches: Set<string>;
  positional: string[];
}

/** A small, strict flag parser: unknown flags and missing values are usage errors. */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const valueFlags = new Set([...(spec.values ?? []), ...(spec.repeatable ?? [])]);
  const switches = new Set(spec.switches ?? []);
  const parsed: ParsedFlags = { values: new Map(), switches: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (switches.has(name) && eq === -1) {
      parsed.switches.add(name);
      continue;
    }
    if (!valueFlags.has(name)) throw new CliUsageError(`unknown option --${name}`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--')))
      throw new CliUsageError(`--${name} needs a value`);
    const list = parsed.values.get(name) ?? [];
    if (list.length > 0 && !(spec.repeatable ?? []).includes(name)) throw new CliUsageError(`--${name} given twice`);
    list.push(value);
    parsed.values.set(name, list);
  }
  return parsed;
}

export function flagValue(flags: ParsedFlags, name: string): string | undefined {
  return flags.values.get(name)?.[0];
}
