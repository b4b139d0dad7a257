/**
 * `pnpm bench`: lints a deterministic 10,000-manifest corpus (bench/.corpus) with every
 * catalog rule and reports throughput, peak memory and where the time goes. Method and
 * results: docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  type LoadedDocument,
  lint,
  loadInputs,
  parseManifestText,
  resolveRules,
  validateDocument,
} from '@kpc/core';
import { profiles, rules } from '@kpc/rules';
import { DEFAULT_CORPUS, ensureCorpus } from './corpus.ts';

const dir = join(import.meta.dirname, '.corpus');
const t0 = performance.now();
const corpus = ensureCorpus(dir, {
  ...DEFAULT_CORPUS,
  manifests: Number(process.env.KPC_BENCH_MANIFESTS ?? DEFAULT_CORPUS.manifests),
});
const genMs = performance.now() - t0;
const mb = corpus.bytes / 1e6;

const catalog = {
  rules,
  profiles: Object.fromEntries(Object.entries(profiles).map(([k, v]) => [k, v.map((r) => r.id)])),
};
const { rules: resolved, diagnostics } = resolveRules(
  {
    rules: rules.map((r) => r.id),
    settings: {
      'allowed-registries': { params: { allowedRegistries: ['registry.example.com', 'ghcr.io'] } },
    },
    excludedNamespaces: ['kube-system'],
  },
  catalog,
);
if (diagnostics.length) throw new Error(JSON.stringify(diagnostics));

function phases() {
  const r0 = performance.now();
  const texts = corpus.files.map((f) => readFileSync(f));
  const readMs = performance.now() - r0;
  const p0 = performance.now();
  const docs: LoadedDocument[] = [];
  for (let i = 0; i < texts.length; i++)
    docs.push(...parseManifestText(texts[i]!, corpus.files[i]!).documents);
  const parseMs = performance.now() - p0;
  const result = lint(docs, resolved, {
    validate: (d) => validateDocument(d),
    excludedNamespaces: ['kube-system'],
  });
  return {
    readMs,
    parseMs,
    ...result.timings,
    documents: docs.length,
    findings: result.findings.length,
  };
}

async function endToEnd() {
  const s = performance.now();
  const cpu0 = process.cpuUsage();
  const loaded = await loadInputs([dir]);
  const result = lint(loaded.documents, resolved, {
    validate: (d) => validateDocument(d),
    excludedNamespaces: ['kube-system'],
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    ms: performance.now() - s,
    cpuMs: (cpu.user + cpu.system) / 1000,
    documents: loaded.documents.length,
    findings: result.findings.length,
  };
}

const runs = Number(process.env.KPC_BENCH_RUNS ?? 3);
const split = [];
const e2e = [];
for (let i = 0; i < runs; i++) {
  split.push(phases());
  e2e.push(await endToEnd());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = median(e2e.map((r) => r.ms));
const ph = {
  read: median(split.map((s) => s.readMs)),
  parse: median(split.map((s) => s.parseMs)),
  schema: median(split.map((s) => s.schemaMs)),
  rules: median(split.map((s) => s.rulesMs)),
};
const total = ph.read + ph.parse + ph.schema + ph.rules;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (ms: number) => `${((100 * ms) / total).toFixed(0)}%`;
const rss = process.resourceUsage().maxRSS / 1024;

console.log(
  `kpc lint benchmark (node ${process.version}, ${cpus().length} cpus ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB)`,
);
console.log(
  `corpus: ${e2e[0]!.documents} manifests in ${corpus.files.length} files, ${mb.toFixed(1)} MB (${corpus.generated ? `generated in ${fmt(genMs)}` : 'cached'})`,
);
console.log(
  `rules: ${resolved.length} (every catalog rule) + schema validation; findings: ${e2e[0]!.findings}`,
);
console.log(`runs: ${runs}, median shown`);
console.log('');
console.log(
  `end to end (loadInputs + lint): ${fmt(best)}  ${(e2e[0]!.documents / (best / 1000)).toFixed(0)} manifests/s  ${(mb / (best / 1000)).toFixed(1)} MB/s`,
);
console.log(
  `CPU time (user+sys, end to end): ${fmt(median(e2e.map((r) => r.cpuMs)))} — compare with wall time to see how loaded the machine is`,
);
console.log(`peak memory (maxRSS): ${rss.toFixed(0)} MB`);
console.log('');
console.log('time split (separate, phase-by-phase run):');
console.log(`  read    ${fmt(ph.read).padStart(8)}  ${pct(ph.read).padStart(4)}`);
console.log(
  `  parse   ${fmt(ph.parse).padStart(8)}  ${pct(ph.parse).padStart(4)}  (${(mb / (ph.parse / 1000)).toFixed(1)} MB/s, with positions)`,
);
console.log(`  schema  ${fmt(ph.schema).padStart(8)}  ${pct(ph.schema).padStart(4)}`);
console.log(
  `  rules   ${fmt(ph.rules).padStart(8)}  ${pct(ph.rules).padStart(4)}  (${resolved.length} rules)`,
);
