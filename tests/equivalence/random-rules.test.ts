/**
 * Random rules within the subset: the rule's printed TypeScript, run natively, gives the
 * same verdicts as the IR interpreter on random workloads. This checks the interpreter
 * (and the printer) against JavaScript itself; the frontend round trip is in
 * round-trip.test.ts.
 */
import { printRuleTs, type RuleIR } from '@kpc/core/ir';
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
import { describe, it } from 'vitest';

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

describe('random rules: transpiled function == IR interpreter', () => {
  it(
    'agree on random workloads',
    async () => {
      const rules = fc.sample(arbRuleIR(RULE_OPTIONS), {
        numRuns: defaultNumRuns(40),
        ...seedOption(20261123),
      });
      for (const ir of rules) {
        const rule = await loadRuleSource(printRuleTs(ir));
        await checkEquivalence({
          rule: ir,
          evaluators: { interpreter: irEvaluator(ir), native: nativeEvaluator(rule) },
          numRuns: defaultNumRuns(25),
          manifests: manifestsFor(ir),
        });
      }
    },
    TIMEOUT,
  );
});
