/**
 * Shared by the random-rule equivalence suites (random-rules.test.ts, round-trip.test.ts):
 * which targets the generator draws, the manifests a rule is checked on, and the campaign
 * that runs a rule's printed TypeScript natively against the IR interpreter.
 */
import { printRuleTs, type RuleIR } from '@kpc/ir';
import {
  type ArbRuleIROptions,
  arbRuleIR,
  arbTargetManifests,
  checkEquivalence,
  defaultNumRuns,
  irEvaluator,
  loadRuleSource,
  nativeEvaluator,
  seedOption,
} from '@kpc/testing';
import fc from 'fast-check';

/** Pod spec rules twice as often as each resource target, one of them multi-kind. */
export const RULE_OPTIONS: ArbRuleIROptions = {
  targets: [
    'PodSpec',
    'PodSpec',
    'Service',
    'ClusterRoleBinding',
    'RoleBinding+ClusterRoleBinding',
  ],
};

/** Deep or enlarged campaigns run as long as they need. */
export const TIMEOUT =
  process.env.KPC_DEEP === '1' || process.env.KPC_NUM_RUNS ? 24 * 3_600_000 : 300_000;

/** Manifests for a rule: workloads, plus objects of the rule's kinds for resource rules. */
export function manifestsFor(ir: RuleIR) {
  return arbTargetManifests(ir.target, 1);
}

/**
 * Samples `rules` random rules (seeded), prints each as TypeScript, and checks that the
 * printed rule run natively agrees with the IR interpreter. `lower` maps the printed sources
 * to the IRs to interpret (the generated IRs themselves, or the frontend's lowering of the
 * sources, all at once so that they share one TypeScript program).
 */
export async function checkPrintedRulesAgree(options: {
  readonly rules: number;
  readonly seed: number;
  readonly lower: (sources: readonly string[], irs: readonly RuleIR[]) => readonly RuleIR[];
}): Promise<void> {
  const sampled = fc.sample(arbRuleIR(RULE_OPTIONS), {
    numRuns: defaultNumRuns(options.rules),
    ...seedOption(options.seed),
  });
  const sources = sampled.map((ir) => printRuleTs(ir));
  const lowered = options.lower(sources, sampled);
  for (const [i, source] of sources.entries()) {
    const ir = lowered[i]!;
    const rule = await loadRuleSource(source);
    await checkEquivalence({
      rule: ir,
      evaluators: { interpreter: irEvaluator(ir), native: nativeEvaluator(rule) },
      numRuns: defaultNumRuns(25),
      manifests: manifestsFor(ir),
    });
  }
}
