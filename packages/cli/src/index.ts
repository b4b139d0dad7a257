export type { Command } from './commands/command.ts';
export { COMMANDS, type CommandEntry } from './commands/table.ts';
export {
  DiagnosticsError,
  EXIT_FINDINGS,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeOf,
  UsageError,
} from './errors.ts';
export type { CliIO, OutputStream } from './io.ts';
export { mainHelp, run } from './run.ts';
