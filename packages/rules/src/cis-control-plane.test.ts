/**
 * The random manifests every backend's catalog property tests use (`arbTargetManifests`) reach
 * both verdicts of every CIS control-plane rule often: otherwise native == IR == CEL == Rego on
 * them would say little about the flag helpers.
 */
import { evaluateRule } from '@kpc/core';
import { arbTargetManifests } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTROL_PLANE_CATEGORY, profiles } from './index.ts';

describe('random manifests exercise the cis-control-plane rules', () => {
  const objects = fc.sample(arbTargetManifests({ kind: 'podSpec' }), { numRuns: 3000, seed: 12 });

  it.each(profiles['cis-control-plane'].map((r) => [r.id, r] as const))(
    '%s: passing and failing containers among the checked ones',
    (_id, rule) => {
      expect(rule.category).toBe(CONTROL_PLANE_CATEGORY);
      // The same rule with a check that always fails reports every element it checks.
      const everyElement = { ...rule, check: () => false };
      let checked = 0;
      let failing = 0;
      for (const o of objects) {
        const r = evaluateRule(rule, o);
        expect(r.errors).toEqual([]);
        failing += r.violations.length;
        checked += evaluateRule(everyElement, o).violations.length;
      }
      expect(failing).toBeGreaterThanOrEqual(10);
      expect(checked - failing).toBeGreaterThanOrEqual(10);
    },
  );
});
