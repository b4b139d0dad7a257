/**
 * Error classes a command may throw, and the one mapping from them to exit codes
 * (docs/cli/lint.md#exit-codes): 0 clean, 1 findings at or above the threshold (or stale
 * output for `compile --check`), 2 usage, config or input error, 3 internal error.
 */
import type { Diagnostic } from '@kpc/ir';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Bad command line: unknown option, missing argument, unknown format. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A config, input or compile problem, reported as located diagnostics (exit 2). */
export class DiagnosticsError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
    this.name = 'DiagnosticsError';
  }
}

/** Exit code for an error thrown by a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof DiagnosticsError) return EXIT_USAGE;
  return EXIT_INTERNAL;
}
