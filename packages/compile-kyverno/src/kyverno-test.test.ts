/**
 * kyverno-test.yaml lists each catalog example with the result the rule expects, and the
 * generated policy, evaluated as `kyverno test` does (every number a double), gives exactly
 * that result for each listed resource.
 */

import type { CompileRuleInput } from '@kpc/compile';
import type { AnyRule } from '@kpc/core';
import { evaluateRuleIR, isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import { schemaTypeData, validatedIR } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { evaluatePolicy } from './test-support/evaluate-policy.ts';

// Rules that read other objects are refused (KYV_UNSUPPORTED, asserted in
// tests/ir/lookup-fail-closed.test.ts) until the Kyverno lowering of `lookup` lands.
const rules = catalogRules.filter((r) => !isReferential(r));

describe('kyverno-test.yaml', () => {
  it('covers the examples of every catalog rule and agrees with the policy', () => {
    const lowered = lowerCatalog();
    let listed = 0;
    for (const rule of rules as readonly AnyRule[]) {
      const l = lowered.get(rule.id);
      if (!l) throw new Error(`${rule.id} did not lower`);
      const params = Object.fromEntries(
        Object.entries(l.ir.params).map(([k, v]) => [k, v.default]),
      );
      const input: CompileRuleInput = {
        ir: validatedIR(l.ir),
        meta: rule,
        action: 'enforce',
        params,
        excludedNamespaces: [],
        schemaTypes: schemaTypeData(),
        examples: rule.examples,
      };
      for (const kind of ['ClusterPolicy', 'ValidatingPolicy'] as const) {
        const out = compileKyverno([input], { kinds: [kind] });
        const file = (name: string) =>
          parseAllDocuments(out.files.find((f) => f.path === `${rule.id}/${name}`)!.content).map(
            (d) => d.toJS() as Record<string, unknown>,
          );
        const [test] = file('kyverno-test.yaml') as [
          {
            policies: string[];
            resources: string[];
            results: {
              policy: string;
              rule?: string;
              resources: string[];
              kind: string;
              result: string;
            }[];
          },
        ];
        const policy = file(
          kind === 'ClusterPolicy' ? 'clusterpolicy.yaml' : 'validatingpolicy.yaml',
        )[0]!;
        const resources = file('resources.yaml');
        // The test lives in tests/kyverno/<rule>/ and points at the deployable policy.
        expect(test.policies).toEqual([
          `../../../kyverno/${rule.id}/${kind === 'ClusterPolicy' ? 'clusterpolicy.yaml' : 'validatingpolicy.yaml'}`,
        ]);
        expect(test.resources).toEqual(['resources.yaml']);
        for (const r of test.results) {
          expect(r.policy).toBe(rule.id);
          for (const name of r.resources) {
            const obj = resources.find(
              (o) => o.kind === r.kind && (o.metadata as { name?: string }).name === name,
            );
            expect(obj, `${rule.id}: resource ${r.kind}/${name}`).toBeDefined();
            const v = evaluatePolicy(policy, obj!, 'double');
            expect(v.matched).toBe(true);
            if (r.rule !== undefined) expect(v.rule).toBe(r.rule);
            expect(v.allowed ? 'pass' : 'fail', `${rule.id}: ${r.kind}/${name}`).toBe(r.result);
            listed++;
          }
        }
        // Examples written for other parameter values stay when the reference semantics
        // gives them the same verdict under the compiled values (checked against the policy
        // above); the others are left out.
        const fails = (e: (typeof rule.examples.pass)[number], p: Record<string, unknown>) =>
          parseAllDocuments(e.yaml).some(
            (d) => evaluateRuleIR(l.ir, d.toJS(), p).violations.length > 0,
          );
        const expectedCount = [...rule.examples.pass, ...rule.examples.fail].filter(
          (e) => fails(e, { ...params, ...e.params }) === fails(e, params),
        ).length;
        expect(resources.length, rule.id).toBeLessThanOrEqual(expectedCount);
      }
    }
    expect(listed).toBeGreaterThan(rules.length * 2);
  }, 180_000);
});
