/** The rule catalog of @kpc/rules, in the shape the config resolver takes. */
import type { RuleCatalog } from '@kpc/core';
import { profiles, rules } from '@kpc/rules';

/** The catalog: every rule, and each profile as rule ids. */
export function loadCatalog(): RuleCatalog {
  const byName: Record<string, readonly string[]> = {};
  for (const [name, list] of Object.entries(profiles)) byName[name] = list.map((r) => r.id);
  return { rules, profiles: byName };
}
