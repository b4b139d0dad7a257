/**
 * The compile input for a bare IR rule (no catalog metadata), as the backends' equivalence
 * tests build it: placeholder metadata, action enforce, the parameters' defaults overridden
 * by `params`, no exclusions, no examples, and the Kubernetes schema types (as `kpc compile`
 * passes them).
 */
import type { CompileRuleInput } from '@kpc/compile';
import { k8sStructure } from '@kpc/core';
import {
  type PodSpecLocation,
  type RuleIR,
  type SchemaTypeData,
  type ValidatedRuleIR,
  validateRuleIR,
} from '@kpc/ir';

/**
 * The Kubernetes structure map as `kpc compile` passes it (`CompileRuleInput.schemaTypes`),
 * for tests that build compile inputs themselves.
 */
export function schemaTypeData(): SchemaTypeData {
  return k8sStructure();
}

/**
 * `ir` validated, as backends require it; throws with the validator's diagnostics when a
 * test builds IR that is not valid (a bug in the test or in the generator).
 */
export function validatedIR(ir: RuleIR): ValidatedRuleIR {
  const { ir: valid, diagnostics } = validateRuleIR(ir);
  if (valid === undefined)
    throw new Error(
      `invalid IR for ${ir.id}: ${diagnostics.map((d) => `${d.pointer ?? ''} ${d.message}`).join('; ')}`,
    );
  return valid;
}

export function inputForIR(
  ir: RuleIR,
  params: Readonly<Record<string, unknown>> = {},
  /** The pod spec table (config `podTemplates`); absent: the built-in kinds. */
  podSpecLocations?: readonly PodSpecLocation[],
): CompileRuleInput {
  const values: Record<string, string | readonly string[] | number | boolean> = {};
  for (const [k, spec] of Object.entries(ir.params))
    values[k] = (Object.hasOwn(params, k) ? params[k] : spec.default) as typeof spec.default;
  return {
    ir: validatedIR(ir),
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
    ...(podSpecLocations !== undefined ? { podSpecLocations } : {}),
    schemaTypes: schemaTypeData(),
    examples: { pass: [], fail: [] },
  };
}
