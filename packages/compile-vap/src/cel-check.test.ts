/**
 * Every generated ValidatingAdmissionPolicy type-checks with cel-go the way the API server
 * compiles it (variables typed as composited variables, object dyn, request and
 * namespaceObject typed, no params: kpc inlines parameters), for the catalog's rules, rules
 * using each parameter type where cel-go infers a static type, and random rules of every
 * target. Needs the `cel-check` of @kpc/testing's cel-check.ts on PATH (docs/open-items.md);
 * otherwise skipped with the reason printed.
 */
import { checkCelCapabilities } from '@kpc/cel';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import {
  arbRuleIR,
  celCheckSkipReason,
  celTypeErrors,
  inputForIR,
  paramTypingRules,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledVap } from './test-support.ts';

// Rules that read other objects are refused by this target for good (VAP_REFERENTIAL,
// asserted in tests/ir/lookup-fail-closed.test.ts).
const rules = catalogRules.filter((r) => !isReferential(r));

const skip = celCheckSkipReason();
if (skip !== undefined) console.log(`[skip] cel-go type check of the VAP expressions: ${skip}`);

describe.skipIf(skip !== undefined)(
  'VAP expressions type-check with cel-go (Kubernetes 1.29)',
  () => {
    it('every expression of every catalog rule', async () => {
      const objects = rules.map((rule) => {
        const { ir } = catalogRuleIR(rule.id);
        const [object] = compiledVap({ ...inputForIR(ir!), excludedNamespaces: ['kube-system'] });
        return { label: rule.id, object };
      });
      expect(await celTypeErrors(objects)).toEqual([]);
    }, 300_000);

    it('rules whose parameters cel-go types statically (string[], string, integer, boolean)', async () => {
      const objects = paramTypingRules().map((ir) => ({
        label: ir.id,
        object: compiledVap(inputForIR(ir))[0],
      }));
      expect(await celTypeErrors(objects)).toEqual([]);
    });

    it('random rules with every parameter type and target', async () => {
      const irs = fc.sample(
        arbRuleIR({
          targets: ['PodSpec', 'Service', 'ClusterRoleBinding', 'RoleBinding+ClusterRoleBinding'],
        }),
        { numRuns: 300, seed: 20261202 },
      );
      const objects = irs
        .filter((ir) => checkCelCapabilities(ir).length === 0)
        .map((ir, i) => ({ label: `random rule ${i}`, object: compiledVap(inputForIR(ir))[0] }));
      expect(objects.length).toBeGreaterThan(200);
      expect(await celTypeErrors(objects)).toEqual([]);
    }, 300_000);
  },
);
