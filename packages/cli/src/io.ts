/**
 * Everything a command may use from its environment. Commands never touch `process`;
 * main.ts builds a CliIO from it, tests build one in memory.
 */
export interface OutputStream {
  write(text: string): void;
}

export interface CliIO {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Reads all of standard input (for the input `-`). */
  readonly readStdin: () => Promise<Uint8Array>;
  /**
   * Standard input as chunks as they come, for a reader that does not hold it whole (`kpc
   * lint -` streams it, docs/loader.md). Absent: `readStdin` is used. Read it once, and not
   * together with `readStdin`.
   */
  readonly stdinChunks?: () => AsyncIterable<Uint8Array>;
  /** The working directory: relative paths are resolved against it. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout / stderr are terminals (colours, progress). */
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Whether stdin is a terminal (`kpc lint` without paths reads a piped stdin). Default false. */
  readonly stdinIsTTY?: boolean;
}

/** Colour is used on a TTY unless NO_COLOR is set; FORCE_COLOR forces it on (`0`: off). https://no-color.org */
export function useColor(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force === '0') return false;
  if (force !== undefined && force !== '') return true;
  return stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
}
