#!/usr/bin/env node
// Builds every published package to JavaScript + .d.ts (tsc -b, project references), then
// copies the data files that modules load at run time (JSON next to the module that reads it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(
  process.execPath,
  [tsc, '-b', 'tsconfig.build.json', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);

/** Runtime data files under src/ that tsc does not emit: copied to the same place in dist/. */
const ASSET = /\.generated\.json$/;
function copyAssets(src, dist) {
  for (const name of readdirSync(src)) {
    const p = join(src, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures' && name !== 'node_modules') copyAssets(p, join(dist, name));
    } else if (ASSET.test(name)) {
      mkdirSync(dist, { recursive: true });
      copyFileSync(p, join(dist, name));
    }
  }
}
const packages = join(root, 'packages');
for (const name of readdirSync(packages).sort()) {
  const src = join(packages, name, 'src');
  try {
    statSync(src);
  } catch {
    continue;
  }
  copyAssets(src, join(packages, name, 'dist'));
  // The licence travels in every tarball (npm packs a package's LICENSE whatever `files` says).
  copyFileSync(join(root, 'LICENSE'), join(packages, name, 'LICENSE'));
}
console.log(`built ${relative(root, packages)}/*/dist`);

// @kpc/core's schema validators (scripts/bundle-validators.mjs), then the bundled CLI that
// the published `kpc` bin runs (scripts/bundle-cli.mjs).
for (const script of ['bundle-validators.mjs', 'bundle-cli.mjs']) {
  const bundled = spawnSync(process.execPath, [join(root, 'scripts', script)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}
