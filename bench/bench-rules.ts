/** The rule selection of the benchmark: every catalog rule, as `kpc lint` resolves them. */
import { type ResolvedRule, resolveRules } from '@kpc/core';
import { profiles, rules } from '@kpc/rules';

/** Namespaces the benchmark config excludes from rules (schema validation still runs). */
export const EXCLUDED_NAMESPACES = ['kube-system'];

/** Every catalog rule, with `allowed-registries` configured. Throws on a config problem. */
export function benchRules(): readonly ResolvedRule[] {
  const catalog = {
    rules,
    profiles: Object.fromEntries(Object.entries(profiles).map(([k, v]) => [k, v.map((r) => r.id)])),
  };
  const { rules: resolved, diagnostics } = resolveRules(
    {
      rules: rules.map((r) => r.id),
      settings: {
        'allowed-registries': {
          params: { allowedRegistries: ['registry.example.com', 'ghcr.io'] },
        },
      },
      excludedNamespaces: EXCLUDED_NAMESPACES,
    },
    catalog,
  );
  if (diagnostics.length) throw new Error(JSON.stringify(diagnostics));
  return resolved;
}
