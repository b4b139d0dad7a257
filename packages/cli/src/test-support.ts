/** Test helpers: the real `kpc` binary in a child process (the built JavaScript), or `run` in this one. */
import { join } from 'node:path';
import { runProcess } from '@kpc/testing';
import type { CliIO } from './io.ts';

const bin = join(import.meta.dirname, '..', 'bin', 'kpc.js');

export interface KpcResult {
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs kpc asynchronously (a blocking spawnSync would starve vitest's worker RPC). */
export async function runKpc(args: readonly string[], cwd: string, input = ''): Promise<KpcResult> {
  const r = await runProcess(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 180_000,
    input,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Runs kpc in this process (the same `run` the binary calls, with in-memory I/O): for
 * tests of what a command does, not of the process boundary (argv, exit status, stdio),
 * which {@link runKpc} covers. `status` is the exit code `run` returns.
 */
export async function runKpcInProcess(
  args: readonly string[],
  cwd: string,
  input = '',
  /** Give stdin as chunks of this many bytes, as a pipe does (`kpc lint -` then streams it). */
  stdinChunkBytes?: number,
): Promise<KpcResult> {
  const { run } = await import('./run.ts');
  const out: string[] = [];
  const err: string[] = [];
  // The loader reads paths relative to the process's directory, as the binary does
  // (vitest runs test files in forked processes, where chdir is allowed).
  const before = process.cwd();
  process.chdir(cwd);
  const status = await run([...args], {
    stdout: { write: (s) => void out.push(s) },
    stderr: { write: (s) => void err.push(s) },
    readStdin: async () => new TextEncoder().encode(input),
    ...(stdinChunkBytes !== undefined
      ? {
          stdinChunks: async function* () {
            const bytes = new TextEncoder().encode(input);
            for (let i = 0; i < bytes.length; i += stdinChunkBytes)
              yield bytes.subarray(i, i + stdinChunkBytes);
          },
        }
      : {}),
    cwd,
    env: { NO_COLOR: '1' },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  }).finally(() => process.chdir(before));
  return { status, out: out.join(''), err: err.join('') };
}

/** An I/O that writes nothing and has no stdin, for tests that call a command's functions directly. */
export function silentIO(cwd: string): CliIO {
  return {
    cwd,
    env: {},
    stdout: { write() {} },
    stderr: { write() {} },
    readStdin: () => Promise.reject(new Error('no stdin in this test')),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
}
