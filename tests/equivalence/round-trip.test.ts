/**
 * The random-rule round trip through the real frontend: IR → printRuleTs → lowerRuleSource
 * → the same IR (canonical JSON, spans ignored); and the printed function, run natively,
 * agrees with the IR interpreter on random workloads. A failure prints the rule source.
 */

import { lowerRuleSource } from '@kpc/core/frontend';
import { canonicalJson, printRuleTs, type RuleIR } from '@kpc/core/ir';
import {
  arbObject,
  arbRuleIR,
  arbWorkload,
  checkEquivalence,
  defaultNumRuns,
  irEvaluator,
  loadRuleSource,
  nativeEvaluator,
  type ObjectKind,
  seedOption,
} from '@kpc/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RULE_OPTIONS = { targets: ['PodSpec', 'PodSpec', 'Service', 'ClusterRoleBinding'] } as const;

/** Manifests for a rule: workloads, plus objects of the rule's kind for resource rules. */
function manifestsFor(ir: RuleIR) {
  if (ir.target.kind === 'podSpec') return arbWorkload();
  const kind = ir.target.resources[0]?.kind as ObjectKind;
  return fc.oneof(
    { weight: 4, arbitrary: arbObject(kind) },
    { weight: 1, arbitrary: arbWorkload() },
  );
}

/** Deep or enlarged campaigns run as long as they need. */
const TIMEOUT = process.env.KPC_DEEP === '1' || process.env.KPC_NUM_RUNS ? 24 * 3_600_000 : 300_000;

describe('random rules: IR → TypeScript → frontend → IR', () => {
  it(
    'lowers the printed source back to the same IR',
    () => {
      fc.assert(
        fc.property(arbRuleIR(RULE_OPTIONS), (ir) => {
          const source = printRuleTs(ir);
          const result = lowerRuleSource(source, 'random-rule.ts');
          const problems = result.diagnostics.map(
            (d) => `${d.code} ${d.location?.line}:${d.location?.column} ${d.message}`,
          );
          expect(problems, source).toEqual([]);
          expect(result.rules, source).toHaveLength(1);
          expect(canonicalJson(result.rules[0]!.ir), source).toBe(canonicalJson(ir));
        }),
        { numRuns: defaultNumRuns(40), ...seedOption(5) },
      );
    },
    TIMEOUT,
  );

  it(
    'the lowered IR and the transpiled function agree on random workloads',
    async () => {
      const rules = fc.sample(arbRuleIR(RULE_OPTIONS), {
        numRuns: defaultNumRuns(20),
        ...seedOption(11),
      });
      for (const ir of rules) {
        const source = printRuleTs(ir);
        const lowered = lowerRuleSource(source, 'random-rule.ts').rules[0];
        expect(lowered, source).toBeDefined();
        const rule = await loadRuleSource(source);
        await checkEquivalence({
          rule: lowered!.ir,
          evaluators: { interpreter: irEvaluator(lowered!.ir), native: nativeEvaluator(rule) },
          numRuns: defaultNumRuns(25),
          manifests: manifestsFor(lowered!.ir),
        });
      }
    },
    TIMEOUT,
  );
});
