/**
 * `pnpm bench`: lints a deterministic 10,000-manifest corpus (bench/.corpus) with every
 * catalog rule and reports throughput, peak memory, where the time goes, and the parse
 * baselines the aims of issue 2 are stated against (js-yaml 4, JSON.parse), measured in the
 * same process at the same time. Method and results: docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { lint, loadInputs, parseManifestText, validateDocument } from '@kpc/core';
import { loadAll } from 'js-yaml';
import { benchRules, EXCLUDED_NAMESPACES } from './bench-rules.ts';
import { DEFAULT_CORPUS, ensureCorpus } from './corpus.ts';

const dir = join(import.meta.dirname, '.corpus');
const t0 = performance.now();
const corpus = ensureCorpus(dir, {
  ...DEFAULT_CORPUS,
  manifests: Number(process.env.KPC_BENCH_MANIFESTS ?? DEFAULT_CORPUS.manifests),
});
const genMs = performance.now() - t0;
const mb = corpus.bytes / 1e6;
const rules = benchRules();
const runs = Number(process.env.KPC_BENCH_RUNS ?? 5);
const load0 = loadavg()[0] ?? 0;

interface Timed {
  ms: number;
  cpuMs: number;
}

/** Wall and CPU (user + sys) milliseconds of `fn`. */
function timed(fn: () => void): Timed {
  const c0 = process.cpuUsage();
  const s = performance.now();
  fn();
  const ms = performance.now() - s;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const med = (xs: readonly Timed[]): Timed => ({
  ms: median(xs.map((x) => x.ms)),
  cpuMs: median(xs.map((x) => x.cpuMs)),
});

// --- Parse baselines: the same files, values only (no positions), and JSON of the same data.
const texts = corpus.files.map((f) => readFileSync(f, 'utf8'));
const jsonTexts = texts.map((t) => JSON.stringify(loadAll(t)));
const baseline = { jsYaml: [] as Timed[], json: [] as Timed[], yamlPkg: [] as Timed[] };
for (let i = 0; i < runs; i++) {
  baseline.jsYaml.push(
    timed(() => {
      for (const t of texts) loadAll(t);
    }),
  );
  baseline.json.push(
    timed(() => {
      for (const t of jsonTexts) JSON.parse(t);
    }),
  );
}
// The `yaml` package (kpc's precise path, with positions) is slow: one run is enough.
baseline.yamlPkg.push(
  timed(() => {
    for (let i = 0; i < texts.length; i++)
      parseManifestText(texts[i] as string, corpus.files[i] as string, undefined, {
        fastPath: false,
      });
  }),
);

// --- Phase by phase, in this process: read, parse with positions, schema, rules.
function phases() {
  let bytes: Buffer[] = [];
  const read = timed(() => {
    bytes = corpus.files.map((f) => readFileSync(f));
  });
  const docs: ReturnType<typeof parseManifestText>['documents'][number][] = [];
  const parse = timed(() => {
    for (let i = 0; i < bytes.length; i++)
      docs.push(...parseManifestText(bytes[i] as Buffer, corpus.files[i] as string).documents);
  });
  let timings = { schemaMs: 0, rulesMs: 0 };
  let findings = 0;
  const lintTime = timed(() => {
    const r = lint(docs, rules, {
      validate: (d) => validateDocument(d),
      excludedNamespaces: EXCLUDED_NAMESPACES,
    });
    timings = { ...r.timings };
    findings = r.findings.length;
  });
  return { read, parse, lint: lintTime, ...timings, documents: docs.length, findings };
}

// --- End to end in this process: loadInputs + lint, as `kpc lint` (reporters excluded).
async function endToEnd(): Promise<Timed & { documents: number; findings: number }> {
  const c0 = process.cpuUsage();
  const s = performance.now();
  const loaded = await loadInputs([dir]);
  const result = lint(loaded.documents, rules, {
    validate: (d) => validateDocument(d),
    excludedNamespaces: EXCLUDED_NAMESPACES,
  });
  const c = process.cpuUsage(c0);
  return {
    ms: performance.now() - s,
    cpuMs: (c.user + c.system) / 1000,
    documents: loaded.documents.length,
    findings: result.findings.length,
  };
}

const split = [];
const e2e = [];
for (let i = 0; i < runs; i++) {
  split.push(phases());
  e2e.push(await endToEnd());
}

// --- One lint per fresh process: its peak memory is the lint's own, not this process's.
const fresh: Array<Timed & { maxRssMb: number; loadMs: number; lintMs: number }> = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'lint-once.ts'), dir],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`lint-once failed: ${r.stderr}`);
  fresh.push(JSON.parse(r.stdout.trim().split('\n').at(-1) as string));
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const e = med(e2e);
const f = med(fresh);
const fRss = median(fresh.map((x) => x.maxRssMb));
const js = med(baseline.jsYaml);
const ph = {
  read: med(split.map((s) => s.read)),
  parse: med(split.map((s) => s.parse)),
  lint: med(split.map((s) => s.lint)),
  schema: median(split.map((s) => s.schemaMs)),
  rules: median(split.map((s) => s.rulesMs)),
};
const total = ph.read.ms + ph.parse.ms + ph.schema + ph.rules;
const pct = (ms: number) => `${((100 * ms) / total).toFixed(0)}%`;

console.log(
  `kpc lint benchmark (node ${process.version}, ${cpus().length} cpus ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${load0.toFixed(1)} at start, ${loadavg()[0]?.toFixed(1)} at end)`,
);
console.log(
  `corpus: ${e2e[0]?.documents} manifests in ${corpus.files.length} files, ${mb.toFixed(1)} MB (${corpus.generated ? `generated in ${fmt(genMs)}` : 'cached'})`,
);
console.log(
  `rules: ${rules.length} (every catalog rule) + schema validation; findings: ${e2e[0]?.findings}`,
);
console.log(`runs: ${runs}, median shown; CPU = user + sys of this process`);
console.log('');
console.log('parse baselines (values only, no positions):');
console.log(
  `  js-yaml 4 loadAll   ${fmt(js.ms)} wall  ${fmt(js.cpuMs)} CPU  (${(mb / (js.ms / 1000)).toFixed(1)} MB/s)`,
);
const jn = med(baseline.json);
console.log(`  JSON.parse          ${fmt(jn.ms)} wall  ${fmt(jn.cpuMs)} CPU  (same data as JSON)`);
const yp = med(baseline.yamlPkg);
console.log(
  `  yaml package        ${fmt(yp.ms)} wall  ${fmt(yp.cpuMs)} CPU  (kpc's precise path, with positions; 1 run)`,
);
console.log('');
console.log(
  `lint, fresh process (loadInputs + lint): ${fmt(f.ms)} wall  ${fmt(f.cpuMs)} CPU  ${(e2e[0]!.documents / (f.ms / 1000)).toFixed(0)} manifests/s  ${(mb / (f.ms / 1000)).toFixed(1)} MB/s  peak memory ${fRss.toFixed(0)} MB`,
);
console.log(
  `  = ${(f.ms / js.ms).toFixed(1)}x js-yaml's parse (wall), ${(f.cpuMs / js.cpuMs).toFixed(1)}x (CPU); aim: 2x, under 300 MB`,
);
console.log(
  `  load ${fmt(median(fresh.map((x) => x.loadMs)))}, lint ${fmt(median(fresh.map((x) => x.lintMs)))} (the first run of each process includes loading the validators and rules)`,
);
console.log(
  `lint, warm, in this process: ${fmt(e.ms)} wall  ${fmt(e.cpuMs)} CPU  (${(mb / (e.ms / 1000)).toFixed(1)} MB/s)`,
);
console.log(
  `peak memory of this whole benchmark process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
console.log('');
console.log('time split (separate, phase-by-phase run, warm):');
console.log(
  `  read    ${fmt(ph.read.ms).padStart(8)}  ${pct(ph.read.ms).padStart(4)}  CPU ${fmt(ph.read.cpuMs)}`,
);
console.log(
  `  parse   ${fmt(ph.parse.ms).padStart(8)}  ${pct(ph.parse.ms).padStart(4)}  CPU ${fmt(ph.parse.cpuMs)}  (${(mb / (ph.parse.ms / 1000)).toFixed(1)} MB/s, with positions)`,
);
console.log(`  schema  ${fmt(ph.schema).padStart(8)}  ${pct(ph.schema).padStart(4)}`);
console.log(
  `  rules   ${fmt(ph.rules).padStart(8)}  ${pct(ph.rules).padStart(4)}  (${rules.length} rules; schema + rules CPU ${fmt(ph.lint.cpuMs)})`,
);
