import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnyRule, evaluateRule, exampleObjectSet } from '@kpc/core';
import { type LoweredRule, lowerRuleFiles } from '@kpc/frontend';
import { evaluateRuleIR, referencedKinds } from '@kpc/ir';
import {
  arbObjectSetList,
  arbTargetManifests,
  CATALOG_PARAMS,
  checkEquivalence,
  defaultNumRuns,
  irEvaluator,
  irSetEvaluator,
  nativeEvaluator,
  nativeSetEvaluator,
} from '@kpc/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rules } from './index.ts';

const rulesDir = join(dirname(fileURLToPath(import.meta.url)), 'rules');

let lowered: Map<string, LoweredRule>;

beforeAll(() => {
  const files = readdirSync(rulesDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(rulesDir, f));
  const result = lowerRuleFiles(files);
  expect(result.diagnostics).toEqual([]);
  lowered = new Map(result.rules.map((r) => [r.ruleId, r]));
}, 120_000);

describe('every catalog rule lowers to Rule IR', () => {
  it('lowers each rule file to exactly its rule, without diagnostics', () => {
    expect([...lowered.keys()].sort()).toEqual(rules.map((r) => r.id));
    for (const [id, l] of lowered) {
      expect(l.file.endsWith(`${id}.ts`)).toBe(true);
      expect(l.exportName).toBe('default');
    }
  });
});

describe.each(rules.map((r) => [r.id, r] as const))(
  '%s: native == IR interpreter',
  (id, rule: AnyRule) => {
    it('agrees on random manifests and on its own examples', async () => {
      const l = lowered.get(id);
      expect(l).toBeDefined();
      const ir = l!.ir;
      // A rule that reads other objects is judged on random object sets, each object
      // against the whole set (and each example in its own cluster).
      const referential = referencedKinds(ir).length > 0;
      const evaluators = referential
        ? { native: nativeSetEvaluator(rule), ir: irSetEvaluator(ir) }
        : { native: nativeEvaluator(rule), ir: irEvaluator(ir) };
      await checkEquivalence({
        rule: ir,
        evaluators,
        numRuns: defaultNumRuns(60),
        manifests: referential ? arbObjectSetList() : arbTargetManifests(l!.ir.target),
        ...(CATALOG_PARAMS[id] ? { params: CATALOG_PARAMS[id] } : {}),
      });
      for (const ex of [...rule.examples.pass, ...rule.examples.fail]) {
        const object = parse(ex.yaml) as Record<string, unknown>;
        const params = ex.params ?? {};
        const objects = exampleObjectSet(ex, object);
        const viaIr = evaluateRuleIR(ir, object, params, undefined, objects);
        const viaNative = evaluateRule(rule, object, params, undefined, undefined, objects);
        expect(viaIr.violations, ex.name).toEqual(viaNative.violations);
      }
    }, 60_000);
  },
);
