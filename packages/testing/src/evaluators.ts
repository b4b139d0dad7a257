/**
 * Ready-made evaluators for `checkEquivalence`: the native engine running a rule's own
 * functions, and the IR interpreter running its IR.
 */

import type { AnyRule } from '@kpc/core';
import { evaluateRule } from '@kpc/core';
import type { PodSpecLocation, RuleIR } from '@kpc/ir';
import { evaluateRuleIR, POD_SPEC_LOCATIONS, planRule } from '@kpc/ir';
import type { Evaluator } from './equivalence.ts';

/**
 * The native engine: the rule's own TypeScript functions (`evaluateRule`), with the pod spec
 * table `locations` (default the built-in kinds).
 */
export function nativeEvaluator(
  rule: AnyRule,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): Evaluator {
  return (object, params) => evaluateRule(rule, object, params, undefined, locations);
}

/** The IR interpreter, the reference semantics (`evaluateRuleIR`); the rule is planned once. */
export function irEvaluator(
  ir: RuleIR,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): Evaluator {
  const plan = planRule(ir);
  return (object, params) => evaluateRuleIR(plan, object, params, locations);
}
