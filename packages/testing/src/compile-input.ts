/**
 * The compile input for a bare IR rule (no catalog metadata), as the backends' equivalence
 * tests build it: placeholder metadata, action enforce, the parameters' defaults overridden
 * by `params`, no exclusions, no examples.
 */
import type { CompileRuleInput } from '@kpc/compile';
import type { RuleIR } from '@kpc/ir';

export function inputForIR(
  ir: RuleIR,
  params: Readonly<Record<string, unknown>> = {},
): CompileRuleInput {
  const values: Record<string, string | readonly string[] | number | boolean> = {};
  for (const [k, spec] of Object.entries(ir.params))
    values[k] = (Object.hasOwn(params, k) ? params[k] : spec.default) as typeof spec.default;
  return {
    ir,
    meta: {
      id: ir.id,
      title: ir.id,
      description: ir.id,
      rationale: '-',
      remediation: '-',
      severity: 'medium',
      category: 'test',
      controls: [],
    },
    action: 'enforce',
    params: values,
    excludedNamespaces: [],
    examples: { pass: [], fail: [] },
  };
}
