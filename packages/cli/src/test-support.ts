/** Test helper: runs the real `kpc` binary in a child process (tsx, no build step). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', 'bin', 'kpc.js');

export interface KpcResult {
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs kpc asynchronously (a blocking spawnSync would starve vitest's worker RPC). */
export function runKpc(args: readonly string[], cwd: string, input = ''): Promise<KpcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      timeout: 180_000,
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, err }));
    child.stdin.end(input);
  });
}
