/**
 * A child process run to its end without blocking the event loop. Tests that drive a real
 * engine (gator, psa-check, cel-check) or the built `kpc` use it: a blocking `spawnSync`
 * of a minute starves vitest's worker RPC ("Timeout calling onTaskUpdate").
 */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** The exit status; null when the process was killed (see `signal`). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunProcessOptions {
  /** Written to the child's stdin, which is then closed (empty when absent). */
  readonly input?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Milliseconds before the child is killed (SIGTERM); none when absent. */
  readonly timeout?: number;
}

/**
 * Runs `command` with `args` and resolves with its status and output (decoded as UTF-8 once
 * the streams end, so a character split between chunks stays whole). Rejects only when the
 * process cannot start (e.g. the command is not on PATH).
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // A child that exits without reading its input closes the pipe: not an error here.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
