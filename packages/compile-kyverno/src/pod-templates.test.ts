/**
 * Pod templates in custom resources (config `podTemplates`): every catalog PodSpec rule,
 * compiled with the test declarations (TEST_POD_TEMPLATES: Argo Rollouts' built-in entry, a
 * bare PodSpec at a pinned version, a deep template path with an irregular plural), gives
 * in Kyverno's CEL (ClusterPolicy and ValidatingPolicy, cel-js) the verdict, offending
 * elements and messages of the native engine and of the IR interpreter given the same
 * table, on random workloads of those kinds and of the built-in ones.
 */

import type { CompileRuleInput } from '@kpc/compile';
import type { AnyRule } from '@kpc/core';
import type { LoweredRule } from '@kpc/frontend';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
import {
  arbPodTemplateWorkload,
  CATALOG_PARAMS,
  checkEquivalence,
  defaultNumRuns,
  inputForIR,
  irEvaluator,
  nativeEvaluator,
  TEST_POD_SPEC_LOCATIONS,
} from '@kpc/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { celEvaluator, compiledPolicy } from './test-support/cel-evaluator.ts';

// Rules that read other objects are refused (KYV_UNSUPPORTED, asserted in
// tests/ir/lookup-fail-closed.test.ts) until the Kyverno lowering of `lookup` lands.
const rules = catalogRules.filter((r) => !isReferential(r));

let lowered: Map<string, LoweredRule>;

beforeAll(() => {
  lowered = lowerCatalog();
}, 180_000);

const podRules = rules.filter((r) => r.target === 'PodSpec');

describe.each(podRules.map((r) => [r.id, r] as const))(
  '%s on custom pod template kinds: Kyverno CEL == IR == native',
  (id, rule: AnyRule) => {
    it('agrees on random workloads of custom and built-in kinds', async () => {
      const l = lowered.get(id);
      expect(l, `rule ${id} did not lower`).toBeDefined();
      const make = (p: Readonly<Record<string, unknown>>): CompileRuleInput => ({
        ...inputForIR(l!.ir, p, TEST_POD_SPEC_LOCATIONS),
        meta: rule,
      });
      const out = compileKyverno([make({})], { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
      expect(out.diagnostics.map((d) => d.message)).toEqual([]);
      await checkEquivalence({
        rule: l!.ir,
        evaluators: {
          native: nativeEvaluator(rule, TEST_POD_SPEC_LOCATIONS),
          ir: irEvaluator(l!.ir, TEST_POD_SPEC_LOCATIONS),
          clusterPolicyInt: celEvaluator(l!.ir, 'ClusterPolicy', 'kubernetes', make),
          validatingPolicyDouble: celEvaluator(l!.ir, 'ValidatingPolicy', 'double', make),
        },
        numRuns: defaultNumRuns(40),
        manifests: arbPodTemplateWorkload(),
        ...(CATALOG_PARAMS[id] ? { params: CATALOG_PARAMS[id] } : {}),
      });
    }, 120_000);
  },
);

describe('Kyverno policies with pod templates', () => {
  const privileged = () => lowered.get('pss-privileged')!.ir;
  const input = (): CompileRuleInput => inputForIR(privileged(), {}, TEST_POD_SPEC_LOCATIONS);

  it('match each custom kind by group (every version unless one is declared) and read its path', () => {
    const cp = compiledPolicy(input(), 'ClusterPolicy');
    const rulesOf = (cp.spec as { rules: { name: string; match: unknown }[] }).rules;
    // One rule matches every kind; its variables pick each kind's path.
    expect(rulesOf).toHaveLength(1);
    const kinds = (rulesOf[0]!.match as { any: { resources: { kinds: string[] } }[] }).any[0]!
      .resources.kinds;
    expect(kinds).toContain('argoproj.io/*/Rollout');
    expect(kinds).toContain('batch.example.io/v1beta1/Pipeline');
    expect(kinds).toContain('ops.example.io/*/Mouse');
    const vp = compiledPolicy(input(), 'ValidatingPolicy');
    const resourceRules = (vp.spec as { matchConstraints: { resourceRules: unknown[] } })
      .matchConstraints.resourceRules;
    expect(resourceRules).toContainEqual({
      apiGroups: ['ops.example.io'],
      apiVersions: ['*'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['mice'],
    });
    expect(resourceRules).toContainEqual({
      apiGroups: ['batch.example.io'],
      apiVersions: ['v1beta1'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['pipelines'],
    });
  });

  it('without declarations, the output is what it was before pod templates existed', () => {
    const ir = privileged();
    const plain = compileKyverno([inputForIR(ir, {})], {
      kinds: ['ClusterPolicy', 'ValidatingPolicy'],
    });
    const builtIn = compileKyverno([inputForIR(ir, {}, TEST_POD_SPEC_LOCATIONS.slice(0, 9))], {
      kinds: ['ClusterPolicy', 'ValidatingPolicy'],
    });
    expect(builtIn.files).toEqual(plain.files);
    const withCustom = compileKyverno([input()], { kinds: ['ClusterPolicy'] });
    expect(withCustom.files).not.toEqual(plain.files);
  });

  it('the random workloads are not vacuous: declared kinds apply and fail, others do not apply', () => {
    const native = nativeEvaluator(
      rules.find((r) => r.id === 'pss-host-namespaces')!,
      TEST_POD_SPEC_LOCATIONS,
    );
    const seen = { failing: new Set<string>(), ignored: new Set<string>() };
    for (const o of fc.sample(arbPodTemplateWorkload(), { numRuns: 400, seed: 3 })) {
      const v = native(o, {}) as { applies: boolean; violations: readonly unknown[] };
      const key = `${String(o.apiVersion)} ${String(o.kind)}`;
      if (!v.applies) seen.ignored.add(key);
      else if (v.violations.length > 0) seen.failing.add(key);
    }
    for (const k of [
      'argoproj.io/v1alpha1 Rollout',
      'argoproj.io/v1 Rollout',
      'batch.example.io/v1beta1 Pipeline',
      'ops.example.io/v2 Mouse',
    ])
      expect([...seen.failing]).toContain(k);
    expect([...seen.ignored].sort()).toEqual([
      'batch.example.io/v1 Pipeline',
      'rollouts.example.io/v1alpha1 Rollout',
    ]);
  });

  it("a Rollout example fails with the offending container at the Rollout's own path", () => {
    const rollout = parse(`
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
          securityContext: { privileged: true }
`) as Record<string, unknown>;
    for (const kind of ['ClusterPolicy', 'ValidatingPolicy'] as const) {
      const v = celEvaluator(privileged(), kind, 'kubernetes', (p) =>
        inputForIR(privileged(), p, TEST_POD_SPEC_LOCATIONS),
      )(rollout, {});
      expect(v).toEqual({
        applies: true,
        violations: [
          {
            message: expect.stringContaining('"web"'),
            pointer: '/spec/template/spec/containers/0',
          },
        ],
      });
    }
  });
});
