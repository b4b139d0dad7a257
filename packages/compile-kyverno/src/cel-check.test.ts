/**
 * Every generated Kyverno policy's CEL type-checks with cel-go as Kyverno compiles it:
 * ValidatingPolicy `variables` typed by inference (as the API server's composited
 * variables), ClusterPolicy `validate.cel` through the Kubernetes admission compiler it
 * reuses; object dyn. For the catalog's rules, rules using each parameter type where cel-go
 * infers a static type (the issue-10 bug: `type(r) == double && r >= …` on a `list(string)`
 * element), and random rules of every target. Needs `cel-check` on PATH (see
 * @kpc/testing's cel-check.ts); otherwise skipped with the reason printed.
 */
import { checkCelCapabilities } from '@kpc/cel';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import { arbRuleIR, celCheckSkipReason, celTypeErrors, paramTypingRules } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KyvernoPolicyKind } from './compile-kyverno.ts';
import { compiledPolicy, inputForIR } from './test-support/cel-evaluator.ts';

// Rules that read other objects are refused (KYV_UNSUPPORTED, asserted in
// tests/ir/lookup-fail-closed.test.ts) until the Kyverno lowering of `lookup` lands.
const rules = catalogRules.filter((r) => !isReferential(r));

const skip = celCheckSkipReason();
if (skip !== undefined) console.log(`[skip] cel-go type check of the Kyverno CEL: ${skip}`);

const KINDS: readonly KyvernoPolicyKind[] = ['ValidatingPolicy', 'ClusterPolicy'];

describe.skipIf(skip !== undefined)('Kyverno CEL type-checks with cel-go (Kubernetes 1.29)', () => {
  it('every expression of every catalog rule, both policy kinds', async () => {
    const objects = rules.flatMap((rule) => {
      const { ir } = catalogRuleIR(rule.id);
      const input = { ...inputForIR(ir!), excludedNamespaces: ['kube-system'] };
      return KINDS.map((kind) => ({
        label: `${rule.id} ${kind}`,
        object: compiledPolicy(input, kind),
      }));
    });
    expect(await celTypeErrors(objects)).toEqual([]);
  }, 300_000);

  it('rules whose parameters cel-go types statically, both policy kinds', async () => {
    const objects = paramTypingRules().flatMap((ir) =>
      KINDS.map((kind) => ({
        label: `${ir.id} ${kind}`,
        object: compiledPolicy(inputForIR(ir), kind),
      })),
    );
    expect(await celTypeErrors(objects)).toEqual([]);
  });

  it('random rules with every parameter type and target, both policy kinds', async () => {
    const irs = fc.sample(
      arbRuleIR({
        targets: ['PodSpec', 'Service', 'ClusterRoleBinding', 'RoleBinding+ClusterRoleBinding'],
      }),
      { numRuns: 200, seed: 20261203 },
    );
    const objects = irs
      .filter((ir) => checkCelCapabilities(ir).length === 0)
      .flatMap((ir, i) =>
        KINDS.map((kind) => ({
          label: `random rule ${i} ${kind}`,
          object: compiledPolicy(inputForIR(ir), kind),
        })),
      );
    expect(objects.length).toBeGreaterThan(250);
    expect(await celTypeErrors(objects)).toEqual([]);
  }, 300_000);
});
