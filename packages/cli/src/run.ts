/**
 * The CLI's single boundary: dispatches argv through the command table and maps every
 * error to an exit code (errors.ts). Never throws and never touches `process`.
 */
import { COMMANDS, type CommandEntry } from './commands/table.ts';
import {
  DiagnosticsError,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeOf,
  UsageError,
} from './errors.ts';
import { type CliIO, useColor } from './io.ts';
import { KPC_VERSION } from './version.ts';

/** The top-level help text. */
export function mainHelp(commands: readonly CommandEntry[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `kpc ${KPC_VERSION}: the Kubernetes Policy Compiler

Usage: kpc <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`kpc <command> --help\` for a command's options. Docs: docs/cli/.
`;
}

/** Runs kpc with `argv` (without node and the script). Returns the exit code. */
export async function run(
  argv: readonly string[],
  io: CliIO,
  commands: readonly CommandEntry[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? rest[0] : undefined;
      const command = topic !== undefined ? commands.find((c) => c.name === topic) : undefined;
      if (topic !== undefined && !command) throw new UsageError(`unknown command "${topic}"`);
      io.stdout.write(command ? `${(await command.load()).help}\n` : mainHelp(commands));
      return name === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (name === 'version' || name === '--version' || name === '-v') {
      io.stdout.write(`${KPC_VERSION}\n`);
      return EXIT_OK;
    }
    const command = commands.find((c) => c.name === name);
    if (!command)
      throw new UsageError(
        `unknown command "${name}"`,
        `Commands: ${commands.map((c) => c.name).join(', ')}.`,
      );
    return await (await command.load()).run(rest, io);
  } catch (error) {
    const color = useColor(io, 'stderr');
    if (error instanceof DiagnosticsError) {
      const { formatDiagnostics } = await import('@kpc/core/internal');
      io.stderr.write(formatDiagnostics(error.diagnostics, io.cwd, color));
      io.stderr.write(`kpc: ${error.message}\n`);
    } else if (error instanceof UsageError) {
      io.stderr.write(`kpc: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      io.stderr.write(
        `kpc: internal error: ${detail}\n  This is a bug in kpc, not in your input. Please report it with the command line and this output.\n`,
      );
      return EXIT_INTERNAL;
    }
    return exitCodeOf(error);
  }
}
