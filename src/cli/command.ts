// The contract every `frontline <command>` module implements. Each command is
// a small module in src/cli/commands/ and is listed in src/cli/commands/index.ts.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Environment to read configuration from (tests pass their own). */
  env: NodeJS.ProcessEnv;
  /** Working directory that relative paths resolve against. */
  cwd: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** Words after `frontline`, e.g. `ingest` or `eval classify`. */
  name: string;
  /** One line for `frontline --help`. */
  summary: string;
  /** Full text for `frontline <name> --help` (usage line, options, examples). */
  help: string;
  /** node:util parseArgs options; `--help` and `--json` are added for every command. */
  options?: OptionSpec;
  allowPositionals?: boolean;
  /** Returns the process exit code. Throw UserError for expected failures. */
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}

/** An expected failure: printed as one clear line, no stack trace, exit code 1 (or `exitCode`). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Writes one JSON document (pretty on a TTY, one line otherwise). */
export function printJson(io: CommandIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, io.stdout.isTTY ? 2 : 0) + '\n');
}

/** A string option, or undefined when absent. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A numeric option within bounds, or the fallback when absent. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UserError(`--${name} must be a number${min > -Infinity ? ` from ${min}` : ''}${max < Infinity ? ` to ${max}` : ''} (got '${raw}')`);
  }
  return value;
}

/** A boolean flag. */
export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
