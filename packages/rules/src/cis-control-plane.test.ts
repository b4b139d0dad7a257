/**
 * The random manifests every backend's catalog property tests use (`arbTargetManifests`) reach
 * both verdicts of every CIS control-plane rule often: otherwise native == IR == CEL == Rego on
 * them would say little about the flag helpers.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateRule, parseManifestText, validateDocument } from '@kpc/core';
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

describe("kubeadm's static pods (examples/control-plane)", () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/control-plane');
  // kubeadm v1.29's defaults meet every checked CIS control except these, as the README says.
  const expected: Record<string, string[]> = {
    'kube-apiserver.yaml': [
      'cis-apiserver-anonymous-auth',
      'cis-apiserver-audit-log',
      'cis-control-plane-profiling',
    ],
    'kube-controller-manager.yaml': ['cis-control-plane-profiling'],
    'kube-scheduler.yaml': ['cis-control-plane-profiling'],
    'etcd.yaml': [],
  };

  it.each(Object.entries(expected))('%s fails exactly %j', (file, ids) => {
    const loaded = parseManifestText(readFileSync(join(dir, file), 'utf8'), file);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.documents).toHaveLength(1);
    const doc = loaded.documents[0]!;
    expect(validateDocument(doc).filter((d) => d.severity !== 'info')).toEqual([]);
    const failing = profiles['cis-control-plane'].filter(
      (r) => evaluateRule(r, doc.object).violations.length > 0,
    );
    expect(failing.map((r) => r.id)).toEqual(ids);
    // Every rule selected the component's container (none passed by checking nothing).
    const selecting = profiles['cis-control-plane'].filter(
      (r) => evaluateRule({ ...r, check: () => false }, doc.object).violations.length > 0,
    );
    expect(selecting.length).toBeGreaterThan(0);
  });
});
