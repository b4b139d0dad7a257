/** Test-only: the catalog's rule files lowered to IR through the frontend (once per process). */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type LoweredRule, lowerRuleFiles } from '@kpc/frontend';

let cache: Map<string, LoweredRule> | undefined;

/** Lowers every catalog rule file; rules with frontend diagnostics are absent from the map. */
export function lowerCatalog(): Map<string, LoweredRule> {
  if (cache) return cache;
  const dir = join(dirname(createRequire(import.meta.url).resolve('@kpc/rules')), 'rules');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  cache = new Map(lowerRuleFiles(files).rules.map((r) => [r.ruleId, r]));
  return cache;
}
