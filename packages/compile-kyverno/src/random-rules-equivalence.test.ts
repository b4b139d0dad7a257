/**
 * Random rules within the rule language (arbRuleIR), compiled to Kyverno and evaluated with
 * cel-js, give the IR interpreter's verdict, pointers and messages on random workloads.
 * A rule the backend refuses (KYV_UNSUPPORTED) is counted, and must be refused for a
 * documented reason; it never yields a policy.
 */
import { checkCelCapabilities } from '@kpc/cel';
import {
  call,
  coalesce,
  compare,
  comprehension,
  concat,
  cond,
  get,
  list,
  literal,
  param,
  type RuleIR,
  ref,
} from '@kpc/ir';
import {
  arbRuleIR,
  arbWorkload,
  checkEquivalence,
  defaultNumRuns,
  irEvaluator,
  paramTypingRules,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { celEvaluator } from './test-support/cel-evaluator.ts';

describe('random rules: Kyverno CEL == IR interpreter', () => {
  it('agrees on random workloads for random rules (ClusterPolicy ints, ValidatingPolicy doubles)', async () => {
    const ruleCount = defaultNumRuns(30);
    const irs = fc.sample(arbRuleIR(), { numRuns: ruleCount, seed: 20261123 });
    let compiled = 0;
    const refused: string[] = [];
    for (const ir of irs) {
      const unsupported = checkCelCapabilities(ir);
      if (unsupported.length > 0) {
        refused.push(unsupported.map((u) => u.construct).join(', '));
        continue;
      }
      compiled++;
      await checkEquivalence({
        rule: ir,
        evaluators: {
          ir: irEvaluator(ir),
          clusterPolicyInt: celEvaluator(ir, 'ClusterPolicy', 'kubernetes'),
          validatingPolicyDouble: celEvaluator(ir, 'ValidatingPolicy', 'double'),
        },
        numRuns: 25,
        manifests: arbWorkload(),
        // Elements taken from a map view come in the map's order in CEL, sorted in the IR:
        // the same set, possibly in another order (docs/backends/kyverno.md).
        ordered: !JSON.stringify(ir.each).includes('"objectView"'),
      });
    }
    if (refused.length > 0)
      console.info(
        `refused ${refused.length} of ${irs.length} random rules: ${[...new Set(refused)].join('; ')}`,
      );
    // Refusals are the exception: most random rules must compile.
    expect(compiled).toBeGreaterThan(irs.length * 0.7);
  }, 600_000);
});

describe('rules whose parameters cel-go types statically: Kyverno CEL == IR interpreter', () => {
  for (const ir of paramTypingRules())
    it(ir.id, async () => {
      expect(checkCelCapabilities(ir)).toEqual([]);
      await checkEquivalence({
        rule: ir,
        evaluators: {
          ir: irEvaluator(ir),
          clusterPolicyInt: celEvaluator(ir, 'ClusterPolicy', 'kubernetes'),
          validatingPolicyDouble: celEvaluator(ir, 'ValidatingPolicy', 'double'),
        },
        numRuns: 40,
        manifests: arbWorkload(),
      });
    }, 120_000);
});

describe('messages that are not strings print as String(v)', () => {
  const base = (message: RuleIR['message']): RuleIR => ({
    irVersion: 1,
    id: 'message-shapes',
    target: { kind: 'podSpec' },
    params: {},
    each: call('allContainers', [ref('spec')]),
    check: compare('eq', get(ref('element'), 'name'), literal('never-matches-this')),
    message,
  });
  for (const [name, message] of [
    [
      'absent or name',
      cond(
        compare('eq', get(ref('element'), 'image'), literal('nginx')),
        get(ref('element'), 'nope'),
        get(ref('element'), 'name'),
      ),
    ],
    ['a number', get(get(ref('element'), 'securityContext'), 'runAsUser')],
    ['a map', ref('element')],
    ['a boolean', compare('eq', get(ref('element'), 'image'), literal('nginx'))],
  ] as const) {
    it(name, async () => {
      const ir = base(message);
      await checkEquivalence({
        rule: ir,
        evaluators: {
          ir: irEvaluator(ir),
          clusterPolicyInt: celEvaluator(ir, 'ClusterPolicy', 'kubernetes'),
          validatingPolicyDouble: celEvaluator(ir, 'ValidatingPolicy', 'double'),
        },
        numRuns: defaultNumRuns(60),
        manifests: arbWorkload(),
      });
    });
  }
});

describe('ordering against an integer parameter', () => {
  // A port-range rule as users write it: every container port at or above `minPort`.
  const ir: RuleIR = {
    irVersion: 1,
    id: 'min-container-port',
    target: { kind: 'podSpec' },
    params: { minPort: { type: 'integer', description: 'lowest allowed port', default: 1024 } },
    each: call('allContainers', [ref('spec')]),
    check: comprehension(
      'every',
      coalesce(get(ref('element'), 'ports'), list([])),
      'p',
      compare('ge', coalesce(get(ref('p'), 'containerPort'), literal(0)), param('minPort')),
    ),
    message: concat([literal('container '), coalesce(get(ref('element'), 'name'), literal(''))]),
  };
  it('compiles (an integer parameter is never a string) and agrees with the interpreter', async () => {
    expect(checkCelCapabilities(ir)).toEqual([]);
    await checkEquivalence({
      rule: ir,
      params: fc.record({ minPort: fc.constantFrom(0, 80, 1024, 8080, 65535) }),
      evaluators: {
        ir: irEvaluator(ir),
        clusterPolicyInt: celEvaluator(ir, 'ClusterPolicy', 'kubernetes'),
        validatingPolicyDouble: celEvaluator(ir, 'ValidatingPolicy', 'double'),
      },
      numRuns: defaultNumRuns(60),
      manifests: arbWorkload(),
    });
  }, 300_000);
});
