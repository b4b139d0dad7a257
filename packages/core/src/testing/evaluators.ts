/**
 * Ready-made evaluators for `checkEquivalence`: the native engine running a rule's own
 * functions, and the IR interpreter running its IR.
 */
import { evaluateRule } from '../engine/evaluate.ts';
import { evaluateRuleIR, planRule } from '../ir/interpret.ts';
import type { RuleIR } from '../ir/rule-ir.ts';
import type { AnyRule } from '../rule/define-rule.ts';
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
