/** The shape of a command in the table, and argument parsing with usage errors. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import type { CliIO } from '../io.ts';

export interface Command {
  readonly name: string;
  /** One line for `kpc help`. */
  readonly summary: string;
  /** Full help text for `kpc <name> --help`. */
  readonly help: string;
  /** Runs the command; returns the exit code or throws an error from errors.ts. */
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs in strict mode; its errors become UsageErrors naming the command. */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      `${command}: ${error instanceof Error ? error.message : String(error)}`,
      `Run \`kpc ${command} --help\` for the options.`,
    );
  }
}

/** Splits a comma-separated option value, trimming and dropping empty parts. */
export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
