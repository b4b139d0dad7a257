/**
 * The random-rule round trip through the real frontend: IR → printRuleTs → lowerRuleSource
 * → the same IR (canonical JSON, spans ignored); and the printed function, run natively,
 * agrees with the IR interpreter on random workloads. A failure prints the rule source.
 */

import { lowerRuleSources } from '@kpc/frontend';
import { canonicalJson, printRuleTs } from '@kpc/ir';
import { arbRuleIR, defaultNumRuns, seedOption } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPrintedRulesAgree, RULE_OPTIONS, TIMEOUT } from './random-rule-support.ts';

/** Lowers printed sources in one TypeScript program (one program per case costs seconds). */
function lowerAll(sources: readonly string[]) {
  return lowerRuleSources(sources.map((source) => ({ source, fileName: 'random-rule.ts' })));
}

describe('random rules: IR → TypeScript → frontend → IR', () => {
  it(
    'lowers the printed source back to the same IR',
    () => {
      // Sampled up front and lowered together: the same number of seeded random rules as a
      // property run, without a program rebuild per rule (a failure prints the source).
      const irs = fc.sample(arbRuleIR(RULE_OPTIONS), {
        numRuns: defaultNumRuns(40),
        ...seedOption(5),
      });
      const sources = irs.map((ir) => printRuleTs(ir));
      const results = lowerAll(sources);
      for (const [i, result] of results.entries()) {
        const source = sources[i]!;
        const problems = result.diagnostics.map(
          (d) => `${d.code} ${d.location?.line}:${d.location?.column} ${d.message}`,
        );
        expect(problems, source).toEqual([]);
        expect(result.rules, source).toHaveLength(1);
        expect(canonicalJson(result.rules[0]!.ir), source).toBe(canonicalJson(irs[i]!));
      }
    },
    TIMEOUT,
  );

  it(
    'the lowered IR and the transpiled function agree on random workloads',
    () =>
      checkPrintedRulesAgree({
        rules: 20,
        seed: 11,
        lower: (sources) =>
          lowerAll(sources).map((r, i) => {
            const lowered = r.rules[0];
            expect(lowered, sources[i]).toBeDefined();
            return lowered!.ir;
          }),
      }),
    TIMEOUT,
  );
});
