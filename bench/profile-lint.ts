/**
 * One end-to-end lint of the benchmark corpus (bench/.corpus, made by `pnpm bench`), for
 * profiling: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-lint.ts`.
 */
import { join } from 'node:path';
import { lint, loadInputs, resolveRules, validateDocument } from '@kpc/core';
import { profiles, rules } from '@kpc/rules';

const dir = join(import.meta.dirname, '.corpus');
const catalog = {
  rules,
  profiles: Object.fromEntries(Object.entries(profiles).map(([k, v]) => [k, v.map((r) => r.id)])),
};
const { rules: resolved } = resolveRules({ rules: rules.map((r) => r.id) }, catalog);
const t0 = performance.now();
const loaded = await loadInputs([dir]);
const t1 = performance.now();
const result = lint(loaded.documents, resolved, { validate: (d) => validateDocument(d) });
const t2 = performance.now();
console.log(
  `load ${(t1 - t0).toFixed(0)} ms, lint ${(t2 - t1).toFixed(0)} ms (schema ${result.timings.schemaMs.toFixed(0)}, rules ${result.timings.rulesMs.toFixed(0)}), ${result.findings.length} findings, maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
