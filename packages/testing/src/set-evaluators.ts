/**
 * Evaluators over object sets for referential rules: the "manifest" is a `List` of the set
 * (`arbObjectSetList`), and the verdict is every item's violations with the item's pointer
 * (`/items/<i>…`), each item judged with the whole set as "the cluster". A backend plugs in
 * with `setEvaluator` and its own per-object evaluation (gator with the set as inventory,
 * a CEL evaluator with the set behind `resource.List`).
 */
import type { AnyRule } from '@kpc/core';
import { evaluateRule } from '@kpc/core';
import type { ObjectSet, PodSpecLocation, RuleIR } from '@kpc/ir';
import { evaluateRuleIR, objectSet, POD_SPEC_LOCATIONS, planRule } from '@kpc/ir';
import type { Manifest } from './arb-workload.ts';
import type { EquivalenceVerdict, Evaluator } from './equivalence.ts';

/** One object of a set, the parameters, the set (as an `ObjectSet` and as the list). */
export type SetMemberEvaluator = (
  object: Manifest,
  params: Readonly<Record<string, unknown>>,
  objects: ObjectSet,
  all: readonly Manifest[],
) => EquivalenceVerdict | Promise<EquivalenceVerdict>;

/** The items of a `List` manifest (anything else: the manifest alone). */
export function setItems(list: Manifest): Manifest[] {
  return Array.isArray(list.items) ? (list.items as Manifest[]) : [list];
}

/** An `Evaluator` of a `List` manifest: every item judged by `member` against the whole set. */
export function setEvaluator(member: SetMemberEvaluator): Evaluator {
  return async (list, params) => {
    const items = setItems(list);
    const objects = objectSet(items);
    const violations: { message: string; pointer: string }[] = [];
    for (const [i, item] of items.entries()) {
      const v = await member(item, params, objects, items);
      for (const x of v.violations)
        violations.push({ message: x.message, pointer: `/items/${i}${x.pointer}` });
    }
    return { violations };
  };
}

/** The native engine over a set: `evaluateRule` with the set as the rule's `list`/`get`. */
export function nativeSetEvaluator(
  rule: AnyRule,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): Evaluator {
  return setEvaluator((object, params, objects) =>
    evaluateRule(rule, object, params, undefined, locations, objects),
  );
}

/** The IR interpreter over a set: `evaluateRuleIR` with the set behind every `lookup`. */
export function irSetEvaluator(
  ir: RuleIR,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): Evaluator {
  const plan = planRule(ir);
  return setEvaluator((object, params, objects) =>
    evaluateRuleIR(plan, object, params, locations, objects),
  );
}
