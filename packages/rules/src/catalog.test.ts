import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  evaluateRule,
  exampleObjectSet,
  loadExampleCluster,
  parseManifestText,
  type RuleExample,
  targetKinds,
  validateDocument,
} from '@kpc/core';
import { describe, expect, it } from 'vitest';
import { CONTROL_PLANE_CATEGORY, getProfile, PROFILE_NAMES, profiles, rules } from './index.ts';

const rulesDir = join(dirname(fileURLToPath(import.meta.url)), 'rules');

/**
 * Loads an example as `kpc lint` does (one document per example) and checks that it is
 * schema-valid, so that a misspelt field in an example cannot make it pass by accident.
 */
function parseExample(text: string, name = 'example.yaml'): unknown {
  const loaded = parseManifestText(text, name);
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.documents).toHaveLength(1);
  const doc = loaded.documents[0]!;
  expect(validateDocument(doc).filter((d) => d.severity !== 'info')).toEqual([]);
  return doc.object;
}

describe('catalog registry', () => {
  it('registers every rule file, with id equal to the file name', () => {
    const files = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(rules.map((r) => r.id)).toEqual(files);
  });

  it('sorts rules by id and has no duplicates', () => {
    const ids = rules.map((r) => r.id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the four profiles, restricted extends baseline, hardened extends restricted', () => {
    expect(PROFILE_NAMES).toEqual([
      'pss-baseline',
      'pss-restricted',
      'hardened',
      'cis-control-plane',
    ]);
    const ids = (name: (typeof PROFILE_NAMES)[number]) => profiles[name].map((r) => r.id);
    const overridden = [
      'pss-capabilities-baseline',
      'pss-host-path-volumes',
      'pss-proc-mount-baseline',
      'pss-seccomp-baseline',
    ];
    for (const id of ids('pss-baseline')) {
      if (overridden.includes(id)) expect(ids('pss-restricted')).not.toContain(id);
      else expect(ids('pss-restricted')).toContain(id);
    }
    for (const id of ids('pss-restricted')) expect(ids('hardened')).toContain(id);
    expect(getProfile('hardened')).toBe(profiles.hardened);
    expect(getProfile('nope')).toBeUndefined();
    // The control-plane rules form their own profile and stay out of the workload profiles.
    const controlPlane = ids('cis-control-plane');
    expect(controlPlane).toEqual(
      rules.filter((r) => r.category === CONTROL_PLANE_CATEGORY).map((r) => r.id),
    );
    expect(controlPlane.length).toBeGreaterThanOrEqual(10);
    for (const id of controlPlane) {
      expect(ids('hardened')).not.toContain(id);
      const cis = rules.find((r) => r.id === id)?.controls.filter((c) => c.standard === 'cis');
      expect(cis?.length, id).toBeGreaterThan(0);
      for (const c of cis ?? [])
        expect(c, id).toMatchObject({ benchmark: 'CIS Kubernetes Benchmark v1.9.0' });
    }
    for (const rule of rules.filter((r) => r.id.startsWith('pss-'))) {
      const level = rule.controls.find((c) => c.standard === 'pss');
      expect(level, rule.id).toBeDefined();
    }
  });
});

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it('has complete metadata: control mappings, notes, unique example names', () => {
    expect(rule.controls.length).toBeGreaterThan(0);
    expect(rule.notes?.length ?? 0).toBeGreaterThan(0);
    const names = [...rule.examples.pass, ...rule.examples.fail].map((ex) => ex.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has at least two pass and two fail examples, failing ones with offending pointers', () => {
    expect(rule.examples.pass.length).toBeGreaterThanOrEqual(2);
    expect(rule.examples.fail.length).toBeGreaterThanOrEqual(2);
    for (const ex of rule.examples.fail) expect(ex.offending?.length, ex.name).toBeGreaterThan(0);
    const kinds = [...rule.examples.pass, ...rule.examples.fail].map(
      (ex) => (parseExample(ex.yaml) as { kind?: string }).kind,
    );
    if (rule.target === 'PodSpec')
      expect(
        kinds.some((k) => k !== 'Pod'),
        'a controller example',
      ).toBe(true);
    const failKinds = rule.examples.fail.map(
      (ex) => (parseExample(ex.yaml) as { kind?: string }).kind,
    );
    const passKinds = rule.examples.pass.map(
      (ex) => (parseExample(ex.yaml) as { kind?: string }).kind,
    );
    for (const kind of targetKinds(rule.target)) {
      expect(passKinds, `a passing ${kind} example`).toContain(kind);
      expect(failKinds, `a failing ${kind} example`).toContain(kind);
    }
  });

  /** The example evaluated in its object set (its `cluster`, schema-checked, and itself). */
  const evaluateExample = (ex: RuleExample) => {
    const cluster = loadExampleCluster(ex);
    expect(cluster.diagnostics).toEqual([]);
    for (const doc of cluster.documents)
      expect(validateDocument(doc).filter((d) => d.severity !== 'info')).toEqual([]);
    const object = parseExample(ex.yaml);
    return evaluateRule(
      rule,
      object,
      ex.params,
      undefined,
      undefined,
      exampleObjectSet(ex, object),
    );
  };

  it.each(rule.examples.pass.map((ex) => [ex.name, ex] as const))('passes %s', (_n, ex) => {
    const result = evaluateExample(ex);
    expect(result.applies).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.violations).toEqual([]);
  });

  it.each(rule.examples.fail.map((ex) => [ex.name, ex] as const))('fails %s', (_n, ex) => {
    const result = evaluateExample(ex);
    expect(result.applies).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.violations.map((v) => v.pointer)).toEqual(ex.offending);
    for (const v of result.violations) {
      expect(v.message).not.toMatch(/undefined|\[object/);
    }
  });
});
