/**
 * Referential rules: the rule context's `list`/`get` lower to `lookup` nodes, and the lowered
 * IR agrees with the rule's own functions on random object sets (namespaces, workloads,
 * NetworkPolicies, ServiceAccounts, PDBs, Services): each object judged with the whole set.
 * Also the IR → TypeScript → IR round trip and the located rejections.
 */
import { canonicalJson, printRuleTs } from '@kpc/ir';
import {
  arbObjectSetList,
  checkEquivalence,
  defaultNumRuns,
  irSetEvaluator,
  loadRuleSource,
  nativeSetEvaluator,
} from '@kpc/testing';
import { describe, expect, test } from 'vitest';
import { lowerRuleSource, lowerRuleSources } from './lower-rule-files.ts';
import { format, once, type RuleParts, ruleSource } from './test-support.ts';

const PRELUDE = "import { labelSelectorMatches } from '@kpc/core';";

const RULES: Readonly<Record<string, RuleParts>> = {
  'namespace has a default-deny NetworkPolicy': {
    prelude: PRELUDE,
    reads: "['NetworkPolicy']",
    each: null,
    check:
      "(_spec, { object, list }) => list('NetworkPolicy', { namespace: object.metadata?.namespace }).some((np) => np.spec?.podSelector !== undefined && Object.keys(np.spec.podSelector).length === 0 && (np.spec?.policyTypes ?? []).includes('Ingress'))",
    message:
      "(_spec, { object }) => `namespace ${object.metadata?.namespace ?? '(none)'} has no default-deny policy`",
  },
  'pods selected by some NetworkPolicy (label selectors)': {
    prelude: PRELUDE,
    reads: "['NetworkPolicy']",
    each: null,
    check:
      "(_spec, { object, metadata, list }) => list('NetworkPolicy', { namespace: object.metadata?.namespace }).some((np) => labelSelectorMatches(np.spec?.podSelector, metadata.labels))",
    message: "() => 'no NetworkPolicy selects the pods'",
  },
  'service account token automount (get by name)': {
    reads: "['ServiceAccount']",
    each: null,
    check:
      "(spec, { object, get }) => spec.automountServiceAccountToken === false || (spec.automountServiceAccountToken === undefined && get('ServiceAccount', { namespace: object.metadata?.namespace, name: spec.serviceAccountName ?? 'default' })?.automountServiceAccountToken === false)",
    message: "(spec) => `service account ${spec.serviceAccountName ?? 'default'} mounts a token`",
  },
  'replicated workloads have a PDB (kind target, list without namespace)': {
    prelude: PRELUDE,
    target: "['Deployment', 'StatefulSet']",
    reads: "['PodDisruptionBudget']",
    each: null,
    check:
      "(d, { list }) => (d.spec?.replicas ?? 1) <= 1 || list('PodDisruptionBudget').some((p) => p.metadata?.namespace === d.metadata?.namespace && labelSelectorMatches(p.spec?.selector, d.spec?.template.metadata?.labels))",
    message: '(d) => `${d.metadata?.name ?? ""} has no PodDisruptionBudget`',
  },
  'services select pods (Pods in the namespace, counted)': {
    target: "'Service'",
    reads: "['Pod']",
    each: null,
    check:
      "(svc, { list }) => svc.spec?.selector === undefined || list('Pod', { namespace: svc.metadata?.namespace }).filter((p) => Object.entries(svc.spec?.selector ?? {}).every(([k, v]) => Object.entries(p.metadata?.labels ?? {}).some(([pk, pv]) => pk === k && pv === v))).length > 0",
    message: "(svc) => `service ${svc.metadata?.name ?? ''} selects no pod`",
  },
};

describe('referential rules: lowered IR agrees with the rule functions on random object sets', () => {
  const entries = Object.entries(RULES);
  const loweredAll = once(() =>
    lowerRuleSources(entries.map(([, parts]) => ({ source: ruleSource(parts) }))),
  );
  for (const [i, [name, parts]] of entries.entries()) {
    test(name, async () => {
      const source = ruleSource(parts);
      const lowered = loweredAll()[i]!;
      expect(lowered.diagnostics, format(lowered.diagnostics)).toEqual([]);
      const ir = lowered.rules[0]!.ir;
      expect(JSON.stringify(ir)).toContain('"kind":"lookup"');
      const rule = await loadRuleSource(source);
      await checkEquivalence({
        rule: ir,
        manifests: arbObjectSetList(),
        evaluators: { native: nativeSetEvaluator(rule), ir: irSetEvaluator(ir) },
        numRuns: defaultNumRuns(150),
      });
      // The printed source lowers back to the same IR (canonical form).
      const again = lowerRuleSource(printRuleTs(ir));
      expect(again.diagnostics, format(again.diagnostics)).toEqual([]);
      expect(canonicalJson(again.rules[0]!.ir.check)).toBe(canonicalJson(ir.check));
    }, 120_000);
  }
});

describe('lookup lowering', () => {
  const CILIUM =
    "declare module '@kpc/core' { interface KindTypes { CiliumNetworkPolicy: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } } }";
  const lower = (check: string, reads?: string) =>
    lowerRuleSource(
      ruleSource({ each: null, check, prelude: CILIUM, ...(reads !== undefined ? { reads } : {}) }),
    );

  test('infers the apiVersion of built-in kinds, takes a literal one for others', () => {
    const ir = lower(
      "(_s, { list }) => list('NetworkPolicy').length > 0 && list('CiliumNetworkPolicy', { apiVersion: 'cilium.io/v2' }).length === 0",
      "['NetworkPolicy', 'CiliumNetworkPolicy']",
    );
    expect(ir.diagnostics, format(ir.diagnostics)).toEqual([]);
    const text = JSON.stringify(ir.rules[0]!.ir.check);
    expect(text).toContain('"apiVersion":"networking.k8s.io/v1","resourceKind":"NetworkPolicy"');
    expect(text).toContain('"apiVersion":"cilium.io/v2","resourceKind":"CiliumNetworkPolicy"');
  });

  test.each([
    [
      "(_s, { list }) => list('CiliumNetworkPolicy').length > 0",
      'FE_LOOKUP',
      'not a built-in kind',
    ],
    [
      "(_s, { list, object }) => list(object.kind as 'Pod').length > 0",
      'FE_LOOKUP',
      'string literal',
    ],
    [
      "(_s, { get }) => { const o = { name: 'a' }; return get('Pod', o) !== undefined; }",
      'FE_LOOKUP',
      'object literal',
    ],
    ["(_s, { list }) => list('Pod', { labels: 'x' } as never).length > 0", 'FE_LOOKUP', 'options'],
    ['(_s, { list }) => [list].length > 0', 'FE_LOOKUP', 'can only be called'],
    [
      "(_s, { list }) => list('Pod', { apiVersion: 'Apps/V1' }).length > 0",
      'FE_LOOKUP',
      'not an apiVersion',
    ],
  ])('rejects %s', (check, code, text) => {
    const r = lower(check);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
    const d = r.diagnostics.find((x) => x.code === code)!;
    expect(d.message).toContain(text);
    expect(d.location?.line).toBeGreaterThan(0);
  });

  test('a lookup of a kind the rule does not declare in reads is a located error, with the fix', () => {
    const check =
      "(_s, { list, get }) => list('NetworkPolicy').length > 0 && get('ServiceAccount', { name: 'default' }) !== undefined";
    const source = ruleSource({ each: null, check, prelude: CILIUM, reads: "['NetworkPolicy']" });
    const r = lower(check, "['NetworkPolicy']");
    expect(r.rules).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.ruleId])).toEqual([
      ['FE_UNDECLARED_READ', 'error', 'test-rule'],
    ]);
    const d = r.diagnostics[0]!;
    expect(d.message).toContain('ServiceAccount');
    expect(d.hint).toContain("add reads: ['NetworkPolicy', 'ServiceAccount']");
    // Located at the get(…) call.
    const line = source.split('\n')[d.location!.line - 1]!;
    expect(line.slice(d.location!.column - 1)).toMatch(/^get\('ServiceAccount'/);
  });

  test('a rule without reads that calls list is rejected, not taken as reading only its subject', () => {
    const r = lower("(_s, { list }) => list('NetworkPolicy').length > 0");
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FE_UNDECLARED_READ']);
    expect(r.diagnostics[0]!.hint).toContain("add reads: ['NetworkPolicy']");
  });

  test('a declared kind the rule never reads is a located warning; the rule still lowers', () => {
    const check = "(_s, { list }) => list('NetworkPolicy').length > 0";
    const source = ruleSource({
      each: null,
      check,
      prelude: CILIUM,
      reads: "['NetworkPolicy', 'PodDisruptionBudget']",
    });
    const r = lower(check, "['NetworkPolicy', 'PodDisruptionBudget']");
    expect(r.rules.map((x) => x.ruleId)).toEqual(['test-rule']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['FE_UNUSED_READ', 'warning']]);
    const d = r.diagnostics[0]!;
    const line = source.split('\n')[d.location!.line - 1]!;
    expect(line.slice(d.location!.column - 1)).toMatch(/^'PodDisruptionBudget'/);
  });

  test('reads that are not a list of kind literals are a rule-shape error', () => {
    const r = lower(
      "(_s, { list }) => list('NetworkPolicy').length > 0",
      "['NetworkPolicy', 'NetworkPolicy']",
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FE_RULE_SHAPE']);
    expect(r.diagnostics[0]!.message).toContain('twice');
  });
});
