/**
 * One end-to-end lint of a corpus directory in a fresh process, as `kpc lint` does it
 * (`loadInputs`, then `lint` with schema validation and every catalog rule), printing one
 * JSON line: wall and CPU milliseconds, findings and the process's peak memory.
 * `pnpm bench` runs it several times; for a CPU profile:
 * `node --cpu-prof --import tsx bench/lint-once.ts bench/.corpus`.
 */
import { lint, loadInputs, validateDocument } from '@kpc/core';
import { benchRules, EXCLUDED_NAMESPACES } from './bench-rules.ts';

const dir = process.argv[2] ?? new URL('.corpus', import.meta.url).pathname;
const rules = benchRules();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const loaded = await loadInputs([dir]);
const t1 = performance.now();
const result = lint(loaded.documents, rules, {
  validate: (d) => validateDocument(d),
  excludedNamespaces: EXCLUDED_NAMESPACES,
});
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    ms: t2 - t0,
    loadMs: t1 - t0,
    lintMs: t2 - t1,
    schemaMs: result.timings.schemaMs,
    rulesMs: result.timings.rulesMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    documents: loaded.documents.length,
    findings: result.findings.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
