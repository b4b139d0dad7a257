/**
 * Random rules within the rule language (arbRuleIR), compiled to Kyverno and evaluated with
 * cel-js, give the IR interpreter's verdict, pointers and messages on random workloads.
 * A rule the backend refuses (KYV_UNSUPPORTED) is counted, and must be refused for a
 * documented reason; it never yields a policy.
 */
import { checkCelCapabilities } from '@kpc/cel';
import { ir, type RuleIR } from '@kpc/ir';
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
    each: ir.call('allContainers', [ir.ref('spec')]),
    check: ir.compare('eq', ir.get(ir.ref('element'), 'name'), ir.literal('never-matches-this')),
    message,
  });
  for (const [name, message] of [
    [
      'absent or name',
      ir.cond(
        ir.compare('eq', ir.get(ir.ref('element'), 'image'), ir.literal('nginx')),
        ir.get(ir.ref('element'), 'nope'),
        ir.get(ir.ref('element'), 'name'),
      ),
    ],
    ['a number', ir.get(ir.get(ir.ref('element'), 'securityContext'), 'runAsUser')],
    ['a map', ir.ref('element')],
    ['a boolean', ir.compare('eq', ir.get(ir.ref('element'), 'image'), ir.literal('nginx'))],
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
  const ruleIR: RuleIR = {
    irVersion: 1,
    id: 'min-container-port',
    target: { kind: 'podSpec' },
    params: { minPort: { type: 'integer', description: 'lowest allowed port', default: 1024 } },
    each: ir.call('allContainers', [ir.ref('spec')]),
    check: ir.comprehension(
      'every',
      ir.coalesce(ir.get(ir.ref('element'), 'ports'), ir.list([])),
      'p',
      ir.compare(
        'ge',
        ir.coalesce(ir.get(ir.ref('p'), 'containerPort'), ir.literal(0)),
        ir.param('minPort'),
      ),
    ),
    message: ir.concat([
      ir.literal('container '),
      ir.coalesce(ir.get(ir.ref('element'), 'name'), ir.literal('')),
    ]),
  };
  it('compiles (an integer parameter is never a string) and agrees with the interpreter', async () => {
    expect(checkCelCapabilities(ruleIR)).toEqual([]);
    await checkEquivalence({
      rule: ruleIR,
      params: fc.record({ minPort: fc.constantFrom(0, 80, 1024, 8080, 65535) }),
      evaluators: {
        ir: irEvaluator(ruleIR),
        clusterPolicyInt: celEvaluator(ruleIR, 'ClusterPolicy', 'kubernetes'),
        validatingPolicyDouble: celEvaluator(ruleIR, 'ValidatingPolicy', 'double'),
      },
      numRuns: defaultNumRuns(60),
      manifests: arbWorkload(),
    });
  }, 300_000);
});
