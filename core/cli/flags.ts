/**
 * The command line's one flag facility: every command declares its flags once (name, type, default, the
 * environment variable that stands in for it, help text), parses them with `parseFlags` / `parseCommandLine`, and
 * prints its option list with `flagHelp` from the same declarations. A wrong command line is a UsageError; the
 * commands turn it into their message plus usage and exit code 2 (`runCommand`).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './usageError.js';

export { UsageError };

export interface FlagDef {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value when the flag is absent (parsed as given), and shown in the help as "(default …)". */
  default?: string | boolean | string[];
  /** The help's wording of the default when it is not simply `default` (e.g. "the app data folder"). */
  defaultText?: string;
  /** The environment variable read when the flag is absent (by the service it configures), shown in the help. */
  env?: string;
  /** The value's placeholder in the help: `--ocpp-port N`. */
  arg?: string;
  /** What the flag does; more lines after a newline. */
  help: string;
}

export type FlagDefs = Readonly<Record<string, FlagDef>>;

type ValueOf<D extends FlagDef> = D['type'] extends 'boolean'
  ? D extends { multiple: true }
    ? boolean[]
    : boolean
  : D extends { multiple: true }
    ? string[]
    : string;

/** The parsed values: a flag with a default always has a value. */
export type FlagValues<F extends FlagDefs> = { [K in keyof F]: F[K] extends { default: unknown } ? ValueOf<F[K]> : ValueOf<F[K]> | undefined } & {
  help?: boolean;
};

export const HELP_FLAG = { help: { type: 'boolean', short: 'h', help: 'this help' } } as const satisfies FlagDefs;

/** The named flags of a command's definitions (a subcommand's share of them). */
export function pickFlags<F extends FlagDefs, K extends keyof F & string>(defs: F, ...names: K[]): Pick<F, K> {
  return Object.fromEntries(names.map((n) => [n, defs[n]])) as Pick<F, K>;
}

function parse<F extends FlagDefs>(argv: string[], defs: F, allowPositionals: boolean): { values: FlagValues<F>; positionals: string[] } {
  const options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {};
  for (const [name, d] of Object.entries({ ...HELP_FLAG, ...defs }) as Array<[string, FlagDef]>) {
    options[name] = {
      type: d.type,
      ...(d.short ? { short: d.short } : {}),
      ...(d.multiple ? { multiple: true } : {}),
      ...(d.default !== undefined ? { default: d.default } : {}),
    } as (typeof options)[string];
  }
  try {
    const r = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { values: r.values as FlagValues<F>, positionals: r.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Parses a command line of flags only (a positional argument is a UsageError). */
export function parseFlags<F extends FlagDefs>(argv: string[], defs: F): FlagValues<F> {
  return parse(argv, defs, false).values;
}

/** Parses flags and positional arguments (subcommands, files). */
export function parseCommandLine<F extends FlagDefs>(argv: string[], defs: F): { values: FlagValues<F>; positionals: string[] } {
  return parse(argv, defs, true);
}

const COLUMN = 26;
/** Longest help text on one line; a default that would go past it gets a line of its own. */
const TEXT_WIDTH = 92;

/** The option lines of a help text, from the definitions, in their order: "(default …)" follows the help. */
export function flagHelp(defs: FlagDefs): string {
  const lines: string[] = [];
  for (const [name, d] of Object.entries(defs)) {
    const label = `  ${d.short ? `-${d.short}, ` : ''}--${name}${d.arg ? ` ${d.arg}` : ''}`;
    const text = d.help.split('\n');
    const shown = d.defaultText ?? (typeof d.default === 'string' && d.default !== '' ? d.default : undefined);
    const dflt = d.env ? `(default ${d.env}${shown ? `, else ${shown}` : ''})` : shown ? `(default ${shown})` : '';
    const last = text.length - 1;
    if (dflt && `${text[last]} ${dflt}`.length <= TEXT_WIDTH) text[last] = `${text[last]} ${dflt}`;
    else if (dflt) text.push(dflt);
    lines.push(`${label.padEnd(COLUMN)} ${text[0]}`);
    for (const t of text.slice(1)) lines.push(`${''.padEnd(COLUMN)} ${t}`);
  }
  return lines.join('\n');
}

/** An integer flag within [min, max]; undefined when absent. */
export function intFlag(name: string, v: unknown, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${String(v)}"`);
  return n;
}

/** A number flag of at least min; undefined when absent. */
export function numberFlag(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number >= ${min}, got "${String(v)}"`);
  return n;
}

export interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const consoleIo: CommandIo = { stdout: (l) => console.log(l), stderr: (l) => console.error(l) };

/**
 * Runs a command body, turning usage and startup errors into messages and exit codes: a UsageError prints
 * "chargebench <command>: message", then the usage, and exits 2; any other error "error: message" and exits 1.
 */
export async function runCommand(command: string, help: string, body: () => Promise<number | void>, io: CommandIo = consoleIo): Promise<number> {
  try {
    const code = await body();
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`chargebench ${command}: ${err.message}\n\n${help}`);
      return 2;
    }
    io.stderr(`error: ${(err as Error).message}`);
    return 1;
  }
}
