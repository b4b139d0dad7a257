/**
 * `pnpm bench`, second part: `kpc lint` and `kpc compile` as a user runs them, each run a
 * fresh `node` process (wall time around the process, peak memory and CPU from inside it):
 * every report format, js-yaml's parse in paired runs, memory at 10× the corpus, the whole
 * catalog compiled, a long stream with malformed documents, and gator on the same policies
 * when /work/tools/bin/gator (or KPC_GATOR) exists. Method and results: docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReferential } from '@kpc/core';
import { rules } from '@kpc/rules';
import { DEFAULT_CORPUS, ensureBadStream, ensureCorpus } from './corpus.ts';

const here = import.meta.dirname;
const bin = join(here, '..', 'packages', 'cli', 'bin', 'kpc.js');
if (!existsSync(join(here, '..', 'packages', 'cli', 'dist', 'main.js'))) {
  console.error('cli bench: run `pnpm build` first (packages/cli/dist is missing)');
  process.exit(2);
}
const runs = Number(process.env.KPC_BENCH_RUNS ?? 5);
const manifests = Number(process.env.KPC_BENCH_MANIFESTS ?? DEFAULT_CORPUS.manifests);
const tmp = mkdtempSync(join(tmpdir(), 'kpc-bench-'));

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** One fresh process: `node --import rss-preload.mjs args…` (the preload startup.mjs uses). */
function fresh(args: readonly string[], input?: string): Run {
  const usage = join(tmp, 'rusage.json');
  rmSync(usage, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', join(here, 'rss-preload.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, KPC_RSS_OUT: usage, NO_COLOR: '1' },
    maxBuffer: 1 << 30,
    ...(input !== undefined ? { input } : {}),
  });
  const ms = performance.now() - t0;
  // rss-preload.mjs: peak resident memory in KiB, CPU time (user + system) in µs.
  const u = JSON.parse(readFileSync(usage, 'utf8')) as { maxRSS: number; cpu: number };
  return { ms, cpuMs: u.cpu / 1000, maxRssMb: u.maxRSS / 1024, status: r.status, stdout: r.stdout };
}

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (mb: number) => `${mb.toFixed(0)} MiB`;
const summary = (rs: readonly Run[]) =>
  `${s(median(rs.map((r) => r.ms)))} wall  ${s(median(rs.map((r) => r.cpuMs)))} CPU  peak ${mib(median(rs.map((r) => r.maxRssMb)))}`;

const corpusDir = join(here, '.corpus');
const corpus = ensureCorpus(corpusDir, { ...DEFAULT_CORPUS, manifests });
const lintArgs = (dir: string, format: string) => [
  bin,
  'lint',
  dir,
  '--no-config',
  '-f',
  format,
  '-o',
  join(tmp, `report.${format}`),
];

console.log(
  `kpc CLI benchmark (node ${process.version}, ${cpus().length} cpus, load average ${loadavg()[0]?.toFixed(1)}); ${runs} runs each, median; every run a fresh process`,
);
console.log(
  `corpus: ${manifests} manifests in ${corpus.files.length} files, ${(corpus.bytes / 1e6).toFixed(1)} MB; every catalog rule with its defaults (--no-config)`,
);

// Paired runs: kpc lint -f json and js-yaml's loadAll of the same files, alternating.
const kpcJson: Run[] = [];
const jsYaml: Run[] = [];
for (let i = 0; i < runs; i++) {
  kpcJson.push(fresh(lintArgs(corpusDir, 'json')));
  jsYaml.push(fresh([join(here, 'js-yaml-once.mjs'), corpusDir]));
}
const ratio = median(kpcJson.map((r, i) => r.ms / jsYaml[i]!.ms));
console.log(`kpc lint -f json         ${summary(kpcJson)}`);
console.log(`js-yaml loadAll          ${summary(jsYaml)}`);
console.log(`  kpc / js-yaml (median of paired ratios): ${ratio.toFixed(2)}x; aim 2x`);

// Every catalog rule on worker threads: `auto` keeps a run whose rules read the object set on
// one thread (each worker holds its own set), `--jobs N` starts N workers; the report must be
// the one-thread run's, byte for byte.
const cores = Math.min(cpus().length, 8);
const setWorkers = Array.from({ length: runs }, () =>
  fresh([
    ...lintArgs(corpusDir, 'json').slice(0, -1),
    join(tmp, 'report-set.json'),
    '--jobs',
    `${cores}`,
  ]),
);
const sameSet =
  readFileSync(join(tmp, 'report.json'), 'utf8') ===
  readFileSync(join(tmp, 'report-set.json'), 'utf8');
console.log(
  `kpc lint --jobs ${cores}        ${summary(setWorkers)}  (every rule; report ${sameSet ? 'identical' : 'DIFFERS'})`,
);

// Worker threads (docs/cli/lint.md, "Parallel lint"): with every catalog rule selected the
// referential ones keep `auto` on one thread, so the pair runs the `hardened` profile (no rule
// that reads other objects), one thread against `--jobs auto`, alternating; the reports
// must be byte-identical.
const threadArgs = (jobs: string) => [
  ...lintArgs(corpusDir, 'json').slice(0, -1),
  join(tmp, `report-jobs-${jobs}.json`),
  '--profile',
  'hardened',
  '--jobs',
  jobs,
];
const oneThread: Run[] = [];
const workers: Run[] = [];
for (let i = 0; i < runs; i++) {
  oneThread.push(fresh(threadArgs('1')));
  workers.push(fresh(threadArgs('auto')));
}
const same =
  readFileSync(join(tmp, 'report-jobs-1.json'), 'utf8') ===
  readFileSync(join(tmp, 'report-jobs-auto.json'), 'utf8');
console.log(`kpc lint --jobs 1        ${summary(oneThread)}  (--profile hardened)`);
console.log(`kpc lint --jobs auto     ${summary(workers)}  (${cpus().length} cores)`);
console.log(
  `  one thread / workers (median of paired ratios): ${median(oneThread.map((r, i) => r.ms / workers[i]!.ms)).toFixed(2)}x; reports ${same ? 'identical' : 'DIFFER'}`,
);

for (const format of ['text', 'sarif', 'junit', 'policyreport']) {
  const rs = Array.from({ length: runs }, () => fresh(lintArgs(corpusDir, format)));
  console.log(`kpc lint -f ${format.padEnd(13)}${summary(rs)}`);
}

// Flat memory: the same generator at 10× the size (one run; it is large).
if (process.env.KPC_BENCH_FLAT !== '0') {
  const bigDir = join(here, '.corpus-10x');
  const big = ensureCorpus(bigDir, { ...DEFAULT_CORPUS, manifests: manifests * 10 });
  const r = fresh(lintArgs(bigDir, 'json'));
  const base = median(kpcJson.map((x) => x.maxRssMb));
  console.log(
    `kpc lint -f json of ${manifests * 10} manifests (${(big.bytes / 1e6).toFixed(0)} MB, 1 run): ${s(r.ms)} wall  peak ${mib(r.maxRssMb)} = ${((100 * r.maxRssMb) / base).toFixed(0)}% of the ${manifests}-manifest peak; aim within 10%`,
  );
}

// Bad input under load: one stream with a malformed document every 1,000, at two sizes;
// the larger one's peak against the smaller one's (the flat-memory aim: within 10%).
let streamPeak: number | undefined;
for (const documents of [manifests, manifests * 10]) {
  if (documents > manifests && process.env.KPC_BENCH_FLAT === '0') continue;
  const file = join(here, '.stream', `stream-${documents}.yaml`);
  const spec = ensureBadStream(file, { documents, badEvery: 1000, seed: 20261201 });
  const r = fresh(lintArgs(file, 'json'));
  const report = JSON.parse(readFileSync(join(tmp, 'report.json'), 'utf8')) as {
    summary: { documents: number };
    diagnostics: { severity: string; location?: { line: number } }[];
  };
  const located = report.diagnostics.filter((d) => d.severity === 'error' && d.location).length;
  const flat =
    streamPeak === undefined
      ? ''
      : ` (${((100 * r.maxRssMb) / streamPeak).toFixed(0)}% of the ${manifests}-document stream's peak)`;
  streamPeak ??= r.maxRssMb;
  console.log(
    `bad stream of ${documents} documents (${spec.bad} malformed): ${s(r.ms)} wall  peak ${mib(r.maxRssMb)}${flat}  exit ${r.status}; ${located}/${spec.bad} located errors, ${report.summary.documents}/${spec.good} good documents linted`,
  );
}

// The catalog compiled to every target: every rule but the referential ones, which a
// ValidatingAdmissionPolicy cannot express (`--target all` refuses them, VAP_REFERENTIAL).
const compiled = rules.filter((r) => !isReferential(r));
const ids = compiled.map((r) => r.id).join(',');
const compiles = Array.from({ length: runs }, (_, i) =>
  fresh([
    bin,
    'compile',
    '--no-config',
    '--rules',
    ids,
    '--target',
    'all',
    '--out',
    join(tmp, `policies-${i}`),
  ]),
);
for (const c of compiles)
  if (c.status !== 0) throw new Error(`kpc compile --target all failed (exit ${c.status})`);
console.log(
  `kpc compile --target all (${compiled.length} rules, ${readdirSync(join(tmp, 'policies-0'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length} files)  ${summary(compiles)}; aim under 3 s`,
);

// gator on the same policies (kpc's Gatekeeper output for the same rules) and corpus.
const gator = process.env.KPC_GATOR ?? '/work/tools/bin/gator';
if (existsSync(gator)) {
  const pol = join(tmp, 'policies-0', 'gatekeeper');
  // The rules compiled above: the referential ones have no template in that output.
  const files = compiled.flatMap((r) => [
    '-f',
    join(pol, 'templates', r.id, 'template.yaml'),
    '-f',
    join(pol, 'constraints', r.id, 'constraint.yaml'),
  ]);
  const t0 = performance.now();
  const g = spawnSync(gator, ['test', ...files, '-f', corpusDir, '-o', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  const kpcMs = median(kpcJson.map((r) => r.ms));
  console.log(
    `gator test (${gator}, exit ${g.status}, 1 run): ${s(ms)} wall; kpc lint is ${(ms / kpcMs).toFixed(1)}x faster; aim 30x`,
  );
} else console.log(`gator: not available (${gator} does not exist); not measured`);

rmSync(tmp, { recursive: true, force: true });
