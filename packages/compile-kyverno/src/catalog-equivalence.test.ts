/**
 * Every catalog rule, compiled to Kyverno and evaluated with cel-js under Kyverno's
 * bindings, gives the native engine's verdict, offending elements (JSON Pointers) and
 * messages: on random manifests and on the rule's own examples, with integers typed as
 * Kubernetes types them and with every number a double (`kyverno test`).
 */

import type { CompileRuleInput } from '@kpc/compile';
import type { AnyRule } from '@kpc/core';
import type { LoweredRule } from '@kpc/frontend';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import {
  arbTargetManifests,
  CATALOG_PARAMS,
  checkEquivalence,
  defaultNumRuns,
  nativeEvaluator,
  schemaTypeData,
  validatedIR,
} from '@kpc/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { celEvaluator } from './test-support/cel-evaluator.ts';

// Rules that read other objects are refused (KYV_UNSUPPORTED, asserted in
// tests/ir/lookup-fail-closed.test.ts) until the Kyverno lowering of `lookup` lands.
const rules = catalogRules.filter((r) => !isReferential(r));

let lowered: Map<string, LoweredRule>;

beforeAll(() => {
  lowered = lowerCatalog();
}, 180_000);

function inputFor(
  rule: AnyRule,
  l: LoweredRule,
  params: Readonly<Record<string, unknown>>,
): CompileRuleInput {
  const values: Record<string, string | readonly string[] | number | boolean> = {};
  for (const [k, spec] of Object.entries(l.ir.params))
    values[k] = (Object.hasOwn(params, k) ? params[k] : spec.default) as typeof spec.default;
  return {
    ir: validatedIR(l.ir),
    meta: rule,
    action: 'enforce',
    params: values,
    excludedNamespaces: [],
    schemaTypes: schemaTypeData(),
    examples: rule.examples,
  };
}

describe.each(rules.map((r) => [r.id, r] as const))(
  '%s: Kyverno CEL == native',
  (id, rule: AnyRule) => {
    it('compiles without diagnostics, and agrees on random manifests and on its examples', async () => {
      const l = lowered.get(id);
      expect(l, `rule ${id} did not lower`).toBeDefined();
      const make = (p: Readonly<Record<string, unknown>>) => inputFor(rule, l!, p);
      const out = compileKyverno([make({})], { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
      expect(out.diagnostics.map((d) => d.message)).toEqual([]);
      const evaluators = {
        native: nativeEvaluator(rule),
        clusterPolicyInt: celEvaluator(l!.ir, 'ClusterPolicy', 'kubernetes', make),
        validatingPolicyDouble: celEvaluator(l!.ir, 'ValidatingPolicy', 'double', make),
      };
      await checkEquivalence({
        rule: l!.ir,
        evaluators,
        numRuns: defaultNumRuns(60),
        manifests: arbTargetManifests(l!.ir.target),
        ...(CATALOG_PARAMS[id] ? { params: CATALOG_PARAMS[id] } : {}),
      });
      const all = {
        ...evaluators,
        clusterPolicyDouble: celEvaluator(l!.ir, 'ClusterPolicy', 'double', make),
        validatingPolicyInt: celEvaluator(l!.ir, 'ValidatingPolicy', 'kubernetes', make),
      };
      for (const ex of [...rule.examples.pass, ...rule.examples.fail]) {
        const object = parse(ex.yaml) as Record<string, unknown>;
        const params = ex.params ?? {};
        const reference = await all.native(object, params);
        for (const [name, evaluate] of Object.entries(all)) {
          const v = await evaluate(object, params);
          expect(
            v.violations.map((x) => ({ message: x.message, pointer: x.pointer })),
            `${ex.name} via ${name}`,
          ).toEqual(reference.violations.map((x) => ({ message: x.message, pointer: x.pointer })));
        }
      }
    }, 120_000);
  },
);
