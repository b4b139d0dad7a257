/**
 * The README quick start (`pnpm run demo` = `kpc demo examples`) on a copy of examples/,
 * so that the test never writes into the repository.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'packages', 'cli', 'bin', 'kpc.js');

function run(
  args: string[],
  cwd: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 400_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

describe('kpc demo (README quick start)', () => {
  it('lints the examples with findings only in insecure/, compiles, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-demo-'));
    const copy = join(dir, 'examples');
    try {
      cpSync(join(root, 'examples'), copy, {
        recursive: true,
        filter: (src) => !src.includes(`${join(root, 'examples', 'node_modules')}`),
      });
      symlinkSync(join(root, 'examples', 'node_modules'), join(copy, 'node_modules'));
      const r = await run(['demo', 'examples'], dir);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stdout).toContain('demo: lint behaved as expected');
      expect(r.stdout).toMatch(/insecure\/debug-pod\.yaml\n/);
      expect(r.stdout).toContain('is privileged');
      expect(r.stdout).toContain('demo: everything behaved as expected.');
      expect(r.status).toBe(0);
      if (!r.stdout.includes('compile skipped')) {
        expect(existsSync(join(copy, 'policies', 'kyverno'))).toBe(true);
        expect(readdirSync(join(copy, 'policies', 'gatekeeper')).length).toBeGreaterThan(0);
        // A second run finds everything up to date.
        const again = await run(['compile', '--check', '--config', 'examples/kpc.config.ts'], dir);
        expect(again.stdout).toContain('up to date');
        expect(again.status).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
