import { readFileSync } from 'node:fs';
import type { CompileRuleInput } from '@kpc/compile';
import { evaluateRule } from '@kpc/core';
import type { RuleAction, ValidatedRuleIR } from '@kpc/ir';
import { fromPointer, normalizeManifest } from '@kpc/ir';
import { catalogRuleIR } from '@kpc/rules/ir';
import {
  celEnvironment,
  inputForIR,
  SAMPLE_RULES,
  type SampleRule,
  workloadArbitrary,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { evaluatePolicy } from './test-support/evaluate-policy.ts';

const RUNS = Number(process.env.KPC_DEEP ?? 0) > 0 ? 20_000 : 150;

function inputOf(
  s: SampleRule,
  action: RuleAction = 'enforce',
  excluded: string[] = [],
): CompileRuleInput {
  const params = Object.fromEntries(Object.entries(s.ir.params).map(([k, v]) => [k, v.default]));
  return {
    // Unchecked on purpose: the backend validates a tree that did not come from validateRuleIR
    // (as from a JavaScript caller), and these tests feed it invalid ones.
    ir: s.ir as ValidatedRuleIR,
    meta: { ...s.native, id: s.native.id },
    action,
    params,
    excludedNamespaces: excluded,
    examples: s.native.examples,
  };
}

function policies(s: SampleRule): Record<string, Record<string, unknown>> {
  const out = compileKyverno([inputOf(s)], { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
  expect(out.diagnostics).toEqual([]);
  const get = (suffix: string) => {
    const f = out.files.find((x) => x.path === `${s.ir.id}/${suffix}`);
    if (!f) throw new Error(`missing ${suffix}`);
    return parseAllDocuments(f.content)[0]!.toJS() as Record<string, unknown>;
  };
  return {
    ClusterPolicy: get('clusterpolicy.yaml'),
    ValidatingPolicy: get('validatingpolicy.yaml'),
  };
}

function at(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const t of fromPointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** Compares the native engine and a compiled policy on one object; returns a mismatch description. */
export function compareOn(
  native: SampleRule['native'],
  policy: Record<string, unknown>,
  object: Record<string, unknown>,
  mode: 'kubernetes' | 'double',
): string | undefined {
  const n = evaluateRule(native, object);
  const c = evaluatePolicy(policy, object, mode);
  if (n.errors.length > 0) return undefined; // the native rule threw on an ill-typed input
  if (n.applies !== c.matched) return `applies ${n.applies} vs matched ${c.matched}`;
  if (!n.applies) return undefined;
  if ((n.violations.length === 0) !== c.allowed)
    return `verdict: native ${n.violations.length} violations, CEL allowed=${c.allowed}`;
  const { value } = normalizeManifest(object);
  // A missing pod spec is judged as `{}` by both engines; its pointer resolves to nothing.
  const nativeElements = n.violations.map((v) => at(value, v.pointer) ?? {});
  const celElements = c.offending.map((e) => normalizeManifest(e).value);
  if (JSON.stringify(nativeElements) !== JSON.stringify(celElements))
    return `elements: ${JSON.stringify(nativeElements)} vs ${JSON.stringify(celElements)}`;
  const nativeMessages = n.violations.map((v) => v.message);
  if (JSON.stringify(nativeMessages) !== JSON.stringify(c.messages))
    return `messages: ${JSON.stringify(nativeMessages)} vs ${JSON.stringify(c.messages)}`;
  if (!c.allowed && c.message !== nativeMessages.filter((m) => m !== '').join('; '))
    return `messageExpression: ${c.message}`;
  return undefined;
}

describe('generated CEL equals the native engine (cel-js, Kyverno bindings)', () => {
  for (const sample of SAMPLE_RULES) {
    it(`${sample.ir.id}: verdict, offending elements and messages on random workloads`, () => {
      const ps = policies(sample);
      fc.assert(
        fc.property(
          workloadArbitrary,
          fc.constantFrom('kubernetes' as const, 'double' as const),
          (obj, mode) => {
            for (const kind of ['ClusterPolicy', 'ValidatingPolicy']) {
              const mismatch = compareOn(sample.native, ps[kind]!, obj, mode);
              if (mismatch) throw new Error(`${kind} (${mode}): ${mismatch}`);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});

describe('compileKyverno output', () => {
  const sample = SAMPLE_RULES[0]!;
  it('is deterministic and one file set per rule', () => {
    const a = compileKyverno([inputOf(sample)], { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
    const b = compileKyverno([inputOf(sample)], { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
    expect(a).toEqual(b);
    expect(a.files.map((f) => f.path)).toEqual([
      'sample-privileged/clusterpolicy.yaml',
      'sample-privileged/kyverno-test.yaml',
      'sample-privileged/resources.yaml',
      'sample-privileged/validatingpolicy.yaml',
    ]);
    for (const f of a.files)
      expect(
        f.content.startsWith('# Code generated by kpc from rule sample-privileged. DO NOT EDIT.\n'),
      ).toBe(true);
    // The policies are deployable; the test and its example resources are not.
    expect(a.files.filter((f) => f.tree === 'test').map((f) => f.path)).toEqual([
      'sample-privileged/kyverno-test.yaml',
      'sample-privileged/resources.yaml',
    ]);
  });

  it('emits ValidatingPolicy only by default, with autogen off and every kind matched', () => {
    for (const out of [
      compileKyverno([inputOf(sample)], { kinds: [] }),
      compileKyverno([inputOf(sample)]),
    ]) {
      const deployable = out.files.filter((f) => f.tree !== 'test');
      expect(deployable.map((f) => f.path)).toEqual(['sample-privileged/validatingpolicy.yaml']);
      const vp = parseAllDocuments(deployable[0]!.content)[0]!.toJS();
      expect(vp.spec.autogen).toEqual({ podControllers: { controllers: [] } });
      expect(
        vp.spec.matchConstraints.resourceRules.flatMap((r: { resources: string[] }) => r.resources),
      ).toEqual([
        'pods',
        'replicationcontrollers',
        'podtemplates',
        'deployments',
        'replicasets',
        'statefulsets',
        'daemonsets',
        'jobs',
        'cronjobs',
      ]);
    }
  });

  it('emits a ClusterPolicy on request: autogen off, one rule for every kind, the ValidatingPolicy variables', () => {
    const out = compileKyverno([inputOf(sample)], { kinds: ['ClusterPolicy'] });
    expect(out.files.map((f) => f.path)).not.toContain('sample-privileged/validatingpolicy.yaml');
    const cp = parseAllDocuments(out.files[0]!.content)[0]!.toJS();
    expect(cp.metadata.annotations['pod-policies.kyverno.io/autogen-controllers']).toBe('none');
    // One rule, not one per pod-spec location: the pod spec is picked by kind in a variable.
    expect(cp.spec.rules.map((r: { name: string }) => r.name)).toEqual(['sample-privileged']);
    expect(cp.spec.rules[0].match.any[0].resources.kinds).toEqual([
      'v1/Pod',
      'apps/v1/Deployment',
      'apps/v1/ReplicaSet',
      'apps/v1/StatefulSet',
      'apps/v1/DaemonSet',
      'batch/v1/Job',
      'v1/ReplicationController',
      'batch/v1/CronJob',
      'v1/PodTemplate',
    ]);
    expect(cp.spec.rules[0].validate.cel.generate).toBeUndefined();
    const vp = policies(sample).ValidatingPolicy!;
    expect(cp.spec.rules[0].validate.cel.variables).toEqual(
      (vp.spec as { variables: unknown }).variables,
    );
  });

  it('drops the variables nothing reads, and keeps those something reads', () => {
    const names = (s: SampleRule) =>
      (
        (policies(s).ValidatingPolicy!.spec as { variables: { name: string }[] }).variables ?? []
      ).map((v) => v.name);
    // A container rule never reads the pod metadata.
    expect(names(sample)).toEqual(['podSpec', 'offending']);
    // pss-apparmor reads the pod's annotations: the metadata picked by kind stays.
    const apparmor = compileKyverno([inputForIR(catalogRuleIR('pss-apparmor').ir!, {})]);
    expect(apparmor.diagnostics).toEqual([]);
    const vp = parseAllDocuments(
      apparmor.files.find((f) => f.path === 'pss-apparmor/validatingpolicy.yaml')!.content,
    )[0]!.toJS() as { spec: { variables: { name: string }[] } };
    expect(vp.spec.variables.map((v) => v.name).slice(0, 2)).toEqual(['podSpec', 'metadata']);
    for (const s of SAMPLE_RULES) {
      const vp = policies(s).ValidatingPolicy!.spec as {
        variables: { name: string; expression: string }[];
        validations: { expression: string; messageExpression: string }[];
      };
      const texts = [
        ...vp.variables.map((v) => v.expression),
        vp.validations[0]!.expression,
        vp.validations[0]!.messageExpression,
      ];
      for (const v of vp.variables)
        expect(
          texts.some((t) => t.includes(`variables.${v.name}`)),
          `${s.ir.id}: ${v.name}`,
        ).toBe(true);
    }
  });

  it('maps actions and excluded namespaces', () => {
    const out = compileKyverno([inputOf(sample, 'warn', ['kube-system'])], {
      kinds: ['ClusterPolicy', 'ValidatingPolicy'],
    });
    const doc = (p: string) =>
      parseAllDocuments(
        out.files.find((f) => f.path === `sample-privileged/${p}`)!.content,
      )[0]!.toJS();
    const cp = doc('clusterpolicy.yaml');
    const vp = doc('validatingpolicy.yaml');
    expect(cp.spec.emitWarning).toBe(true);
    expect(cp.spec.rules[0].validate.failureAction).toBe('Audit');
    expect(cp.spec.rules[0].exclude.any[0].resources.namespaces).toEqual(['kube-system']);
    expect(vp.spec.validationActions).toEqual(['Warn']);
    expect(vp.spec.matchConstraints.namespaceSelector.matchExpressions[0].values).toEqual([
      'kube-system',
    ]);
  });

  it('marks examples in excluded namespaces as skipped in kyverno-test.yaml', () => {
    const input = {
      ...inputOf(sample, 'enforce', ['kube-system']),
      examples: {
        pass: [
          {
            name: 'a',
            yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n',
          },
        ],
        fail: [
          {
            name: 'b',
            yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: kube-system}\nspec: {containers: [{name: c, image: i, securityContext: {privileged: true}}]}\n',
          },
        ],
      },
    };
    const out = compileKyverno([input], { kinds: ['ClusterPolicy'] });
    const test = parseAllDocuments(
      out.files.find((f) => f.path === 'sample-privileged/kyverno-test.yaml')!.content,
    )[0]!.toJS();
    expect(
      test.results.map((r: { resources: string[]; result: string }) => [r.resources, r.result]),
    ).toEqual([
      [['a'], 'pass'],
      [['b'], 'skip'],
    ]);
  });

  it('ValidatingPolicy validations type-check as bool, and every expression type-checks', () => {
    for (const s of SAMPLE_RULES) {
      const vp = policies(s).ValidatingPolicy as {
        spec: {
          variables: { expression: string }[];
          validations: { expression: string; messageExpression: string }[];
        };
      };
      for (const v of vp.spec.validations) {
        const r = celEnvironment().check(v.expression);
        expect(r.valid && r.type, s.ir.id).toBe('bool');
        const m = celEnvironment().check(v.messageExpression);
        expect(m.valid, s.ir.id).toBe(true);
      }
      for (const v of vp.spec.variables)
        expect(celEnvironment().check(v.expression).valid, v.expression).toBe(true);
    }
  });

  it('never judges DELETE requests', () => {
    const ps = policies(sample);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] },
    };
    expect(evaluatePolicy(ps.ClusterPolicy!, pod, 'kubernetes', 'DELETE').matched).toBe(false);
    expect(evaluatePolicy(ps.ValidatingPolicy!, pod, 'kubernetes', 'DELETE').matched).toBe(false);
    expect(evaluatePolicy(ps.ClusterPolicy!, pod, 'kubernetes', 'CREATE').allowed).toBe(false);
  });

  it('refuses a construct it cannot lower exactly, naming rule and construct, with no files', () => {
    const bad: SampleRule = {
      native: sample.native,
      ir: {
        ...sample.ir,
        // Valid IR that CEL cannot say exactly: ordering two strings (UTF-16 vs code points).
        check: {
          kind: 'compare',
          op: 'lt',
          left: { kind: 'get', object: { kind: 'ref', name: 'element' }, key: 'name' },
          right: { kind: 'get', object: { kind: 'ref', name: 'element' }, key: 'image' },
        },
      },
    };
    const out = compileKyverno([inputOf(bad)], { kinds: ['ClusterPolicy'] });
    expect(out.files).toEqual([]);
    expect(out.diagnostics.map((d) => [d.code, d.ruleId])).toEqual([
      ['KYV_UNSUPPORTED', 'sample-privileged'],
    ]);
    expect(out.diagnostics[0]!.message).toContain('compare lt');
  });

  it('refuses IR that is not valid (as a JavaScript caller may pass it) with IR_INVALID', () => {
    const bad: SampleRule = {
      native: sample.native,
      ir: {
        ...sample.ir,
        check: { kind: 'regexTest', pattern: '\\s+', subject: { kind: 'ref', name: 'element' } },
      },
    };
    const out = compileKyverno([inputOf(bad), inputOf(sample)], { kinds: ['ClusterPolicy'] });
    expect(out.diagnostics.map((d) => [d.code, d.ruleId])).toEqual([
      ['IR_INVALID', 'sample-privileged'],
    ]);
    expect(out.files.length).toBeGreaterThan(0);
  });
});

void readFileSync;
