/**
 * The random-rule round trip through the real frontend: IR → printRuleTs → lowerRuleSource
 * → the same IR (canonical JSON, spans ignored); and the printed function, run natively,
 * agrees with the IR interpreter on random workloads. A failure prints the rule source.
 */

import { lowerRuleSource } from '@kpc/frontend';
import { canonicalJson, printRuleTs } from '@kpc/ir';
import { arbRuleIR, defaultNumRuns, seedOption } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPrintedRulesAgree, RULE_OPTIONS, TIMEOUT } from './random-rule-support.ts';

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
    () =>
      checkPrintedRulesAgree({
        rules: 20,
        seed: 11,
        lower: (source) => {
          const lowered = lowerRuleSource(source, 'random-rule.ts').rules[0];
          expect(lowered, source).toBeDefined();
          return lowered!.ir;
        },
      }),
    TIMEOUT,
  );
});
