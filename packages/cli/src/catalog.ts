/** The rule catalog of @kpc/rules, in the shape the config resolver takes. */
import type { RuleCatalog } from '@kpc/core';
import { catalog } from '@kpc/rules';

/** The catalog: every rule, and each profile as rule ids. */
export function loadCatalog(): RuleCatalog {
  return catalog;
}
