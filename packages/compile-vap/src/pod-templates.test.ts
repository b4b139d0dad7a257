/**
 * Pod templates in custom resources (config `podTemplates`) in the ValidatingAdmissionPolicy
 * backend: every catalog PodSpec rule compiled with TEST_POD_TEMPLATES, evaluated as the API
 * server does (cel-js with the VAP bindings; resources matched by the CRDs' plurals), gives
 * the native engine's and the IR interpreter's verdicts, offending elements and messages on
 * random workloads of those kinds; and random exceptions exempt on them what lint exempts.
 */
import { checkCelCapabilities, podSpecResourceName } from '@kpc/cel';
import type { CompileRuleInput } from '@kpc/compile';
import type { RuleIR } from '@kpc/ir';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import {
  arbExceptions,
  arbPodTemplateWorkload,
  CATALOG_PARAMS,
  checkEquivalence,
  defaultNumRuns,
  type EquivalenceVerdict,
  irEvaluator,
  lintFailsWith,
  nativeEvaluator,
  notCompiledExceptionIds,
  TEST_POD_SPEC_LOCATIONS,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileVap } from './compile-vap.ts';
import { compiledVap, evaluateVap, inputForIR, vapEvaluator } from './test-support.ts';

// Rules that read other objects are refused by this target for good (VAP_REFERENTIAL,
// asserted in tests/ir/lookup-fail-closed.test.ts); every other catalog rule compiles.
const rules = catalogRules.filter((r) => !isReferential(r));

const podRules = rules.filter((r) => r.target === 'PodSpec');
const irOf = (id: string): RuleIR => catalogRuleIR(id).ir!;
const makeInput =
  (ir: RuleIR) =>
  (p: Readonly<Record<string, unknown>>): CompileRuleInput =>
    inputForIR(ir, p, TEST_POD_SPEC_LOCATIONS);

describe.each(podRules.map((r) => [r.id, r] as const))(
  '%s on custom pod template kinds: VAP == IR == native',
  (id, rule) => {
    it('agrees on random workloads of custom and built-in kinds', async () => {
      const ir = irOf(id);
      const out = compileVap([makeInput(ir)({})]);
      expect(out.diagnostics.map((d) => d.message)).toEqual([]);
      await checkEquivalence({
        rule: ir,
        evaluators: {
          native: nativeEvaluator(rule, TEST_POD_SPEC_LOCATIONS),
          ir: irEvaluator(ir, TEST_POD_SPEC_LOCATIONS),
          vapInt: vapEvaluator(ir, 'kubernetes', makeInput(ir)),
          vapDouble: vapEvaluator(ir, 'double', makeInput(ir)),
        },
        numRuns: defaultNumRuns(40),
        manifests: arbPodTemplateWorkload(),
        ...(CATALOG_PARAMS[id] ? { params: CATALOG_PARAMS[id] } : {}),
      });
    }, 120_000);
  },
);

describe('VAP with pod templates', () => {
  it('matchConstraints name each custom kind by its group, versions and plural', () => {
    const [policy] = compiledVap(makeInput(irOf('pss-privileged'))({}));
    const rulesOf = (policy!.spec as { matchConstraints: { resourceRules: unknown[] } })
      .matchConstraints.resourceRules;
    expect(rulesOf).toContainEqual({
      apiGroups: ['argoproj.io'],
      apiVersions: ['*'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['rollouts'],
    });
    expect(rulesOf).toContainEqual({
      apiGroups: ['ops.example.io'],
      apiVersions: ['*'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['mice'],
    });
  });

  it('random exceptions exempt on custom kinds what lint exempts', () => {
    let exempted = 0;
    const irs = ['pss-privileged', 'allowed-registries', 'pss-host-namespaces']
      .map(irOf)
      .filter((ir) => checkCelCapabilities(ir).length === 0);
    for (const [i, ir] of irs.entries()) {
      const base = makeInput(ir)({});
      const lint = irEvaluator(ir, TEST_POD_SPEC_LOCATIONS);
      fc.assert(
        fc.property(arbExceptions(), arbPodTemplateWorkload(), (exceptions, object) => {
          const input: CompileRuleInput = { ...base, exceptions };
          const out = compileVap([input]);
          const refused = notCompiledExceptionIds(out.diagnostics);
          const kept = exceptions.filter((e) => !refused.has(e.id));
          const [policy, binding] = compiledVap(input, out);
          const v = evaluateVap(
            policy,
            binding,
            object as Record<string, unknown>,
            'kubernetes',
            undefined,
            (k) => podSpecResourceName(TEST_POD_SPEC_LOCATIONS, k),
          );
          const verdict = lint(object, base.params) as EquivalenceVerdict;
          const denied = v.matched && !v.allowed;
          expect(denied, `${ir.id} ${JSON.stringify(exceptions)}`).toBe(
            lintFailsWith(verdict, object, ir.id, kept, TEST_POD_SPEC_LOCATIONS),
          );
          if (lintFailsWith(verdict, object, ir.id, [], TEST_POD_SPEC_LOCATIONS) && !denied)
            exempted++;
        }),
        { numRuns: defaultNumRuns(150), seed: 20 + i },
      );
    }
    expect(exempted).toBeGreaterThan(0);
  }, 300_000);
});
