/**
 * Ready-made evaluators for `checkEquivalence`: the native engine running a rule's own
 * functions, and the IR interpreter running its IR.
 */

import type { AnyRule } from '@kpc/core';
import { evaluateRule } from '@kpc/core';
import type { RuleIR } from '@kpc/ir';
import { evaluateRuleIR, planRule } from '@kpc/ir';
import type { Evaluator } from './equivalence.ts';

/** The native engine: the rule's own TypeScript functions (`evaluateRule`). */
export function nativeEvaluator(rule: AnyRule): Evaluator {
  return (object, params) => evaluateRule(rule, object, params);
}

/** The IR interpreter, the reference semantics (`evaluateRuleIR`); the rule is planned once. */
export function irEvaluator(ir: RuleIR): Evaluator {
  const plan = planRule(ir);
  return (object, params) => evaluateRuleIR(plan, object, params);
}
