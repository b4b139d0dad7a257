#!/usr/bin/env node
/**
 * Startup of the published CLI, measured side by side with `node -e 0` in one run: the
 * built `kpc lint` (plain JavaScript, packages/cli/bin/kpc.js) of one small manifest with the
 * whole catalog, against an empty Node process. Paired runs alternate the two commands so
 * that machine load hits both alike; medians of wall time and of peak memory are reported.
 * Aim (issue 9): kpc at most 2× the wall time of `node -e 0` and at most 80 MiB.
 *
 * Run: `pnpm build && node bench/startup.mjs [runs]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages', 'cli', 'bin', 'kpc.js');
if (!existsSync(join(root, 'packages', 'cli', 'dist', 'main.js'))) {
  console.error('startup bench: run `pnpm build` first (packages/cli/dist is missing)');
  process.exit(2);
}
const runs = Number(process.argv[2] ?? 21);
const dir = mkdtempSync(join(tmpdir(), 'kpc-startup-'));
const manifest = join(dir, 'pod.yaml');
writeFileSync(
  manifest,
  'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/web:1.2.3\n',
);
const rssFile = join(dir, 'rss');
const preload = join(root, 'bench', 'rss-preload.mjs');

function once(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', preload, ...args], {
    cwd: dir,
    env: { ...process.env, KPC_RSS_OUT: rssFile, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  // A crash also exits 1: a kpc run counts only when it printed its summary and nothing else.
  if (args[0] === bin && (r.stderr !== '' || !r.stdout.includes('1 object in 1 file')))
    throw new Error(`kpc lint did not complete:\n${r.stdout}\n${r.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { ms, rssMiB: usage.maxRSS / 1024, cpuMs: usage.cpu / 1000, status: r.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const base = [];
const kpc = [];
once(['-e', '0']); // warm the file cache for both
once([bin, 'lint', '--no-config', manifest]);
for (let i = 0; i < runs; i++) {
  base.push(once(['-e', '0']));
  kpc.push(once([bin, 'lint', '--no-config', manifest]));
}
rmSync(dir, { recursive: true, force: true });
const b = median(base.map((r) => r.ms));
const k = median(kpc.map((r) => r.ms));
const bm = median(base.map((r) => r.rssMiB));
const km = median(kpc.map((r) => r.rssMiB));
const bc = median(base.map((r) => r.cpuMs));
const kc = median(kpc.map((r) => r.cpuMs));
const statuses = [...new Set(kpc.map((r) => r.status))].join(',');
console.log(`startup (${runs} paired runs, ${cpus().length} CPUs, Node ${process.version})`);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (numbers are only comparable on an idle machine)`,
);
console.log(
  `  node -e 0                       ${b.toFixed(0)} ms wall  ${bc.toFixed(0)} ms CPU  ${bm.toFixed(0)} MiB`,
);
console.log(
  `  kpc lint (1 manifest, catalog)  ${k.toFixed(0)} ms wall  ${kc.toFixed(0)} ms CPU  ${km.toFixed(0)} MiB  exit ${statuses}`,
);
console.log(
  `  ratio ${(k / b).toFixed(2)}× wall, ${(kc / bc).toFixed(2)}× CPU (aim ≤ 2× wall); peak ${km.toFixed(0)} MiB (aim ≤ 80 MiB)`,
);
