/**
 * Workers started from the TypeScript sources run the built bundle only while it is newer
 * than everything it is built from: a stale bundle would lint (and test) old code.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleIsFresh } from './lint-workers.ts';

describe('the worker entry from the sources', () => {
  it('uses the bundle only when nothing it is built from is as new or newer', () => {
    const root = mkdtempSync(join(tmpdir(), 'kpc-fresh-'));
    try {
      const deep = join(root, 'packages', 'core', 'src', 'loader');
      mkdirSync(deep, { recursive: true });
      mkdirSync(join(root, 'packages', 'no-sources'));
      mkdirSync(join(root, 'scripts'));
      const inputs = {
        source: join(deep, 'load.ts'),
        manifest: join(root, 'packages', 'core', 'package.json'),
        script: join(root, 'scripts', 'bundle-cli.mjs'),
        lockfile: join(root, 'pnpm-lock.yaml'),
        tsconfig: join(root, 'tsconfig.build.json'),
      };
      for (const f of Object.values(inputs)) writeFileSync(f, '');
      const bundle = join(root, 'lint-worker.js');
      writeFileSync(bundle, '');
      const dirs = [
        root,
        join(root, 'packages'),
        join(root, 'packages', 'core'),
        join(root, 'packages', 'core', 'src'),
        deep,
        join(root, 'packages', 'no-sources'),
        join(root, 'scripts'),
      ];
      const age = (t: number) => {
        for (const p of [...Object.values(inputs), ...dirs]) utimesSync(p, t, t);
      };
      age(1_000);
      utimesSync(bundle, 2_000, 2_000);
      expect(bundleIsFresh(bundle, root)).toBe(true);
      // Any input changed after the build, however deep: the sources are run instead.
      for (const [name, file] of Object.entries(inputs)) {
        utimesSync(file, 3_000, 3_000);
        expect(bundleIsFresh(bundle, root), name).toBe(false);
        utimesSync(file, 1_000, 1_000);
      }
      // A file deleted or renamed changes its directory's time.
      utimesSync(deep, 3_000, 3_000);
      expect(bundleIsFresh(bundle, root)).toBe(false);
      age(1_000);
      // The build's own second is not after it.
      utimesSync(inputs.source, 2_000, 2_000);
      expect(bundleIsFresh(bundle, root)).toBe(false);
      age(1_000);
      expect(bundleIsFresh(bundle, root)).toBe(true);
      // No bundle at all.
      expect(bundleIsFresh(join(root, 'missing.js'), root)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
