/**
 * Workers started from the TypeScript sources run the built bundle only while it is newer
 * than every package's sources: a stale bundle would lint (and test) old code.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleIsFresh } from './lint-workers.ts';

describe('the worker entry from the sources', () => {
  it('uses the bundle only when no source under packages/*/src is newer', () => {
    const root = mkdtempSync(join(tmpdir(), 'kpc-fresh-'));
    try {
      const packages = join(root, 'packages');
      const deep = join(packages, 'core', 'src', 'loader');
      mkdirSync(deep, { recursive: true });
      mkdirSync(join(packages, 'no-sources'));
      const source = join(deep, 'load.ts');
      const bundle = join(root, 'lint-worker.js');
      writeFileSync(source, '');
      writeFileSync(bundle, '');
      utimesSync(source, 1_000, 1_000);
      utimesSync(bundle, 2_000, 2_000);
      expect(bundleIsFresh(bundle, packages)).toBe(true);
      // A source changed after the build, however deep: the sources are run instead.
      utimesSync(source, 3_000, 3_000);
      expect(bundleIsFresh(bundle, packages)).toBe(false);
      // No bundle at all.
      expect(bundleIsFresh(join(root, 'missing.js'), packages)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
