/**
 * The policies committed under examples/policies are what `kpc compile` generates from
 * examples/kpc.config.ts today: a change of a rule or a backend that is not followed by a
 * regeneration fails here (fix: `pnpm kpc compile --config examples/kpc.config.ts`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('examples/policies', () => {
  it('is not stale (kpc compile --check exits 0)', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'packages', 'cli', 'bin', 'kpc.js'),
        'compile',
        '--config',
        'examples/kpc.config.ts',
        '--check',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 },
    );
    expect(r.stderr + r.stdout).not.toMatch(/stale|missing/i);
    expect(r.status).toBe(0);
  });
});
