import { describe, expect, it } from 'vitest';
import { documentsFromYaml } from '../engine/test-documents.ts';
import type { PolicyReportObject, PolicyReportResult } from '../report/policyreport-reporter.ts';
import { compareWithCluster, readClusterVerdicts } from './compare.ts';
import { sortDump } from './dump-documents.ts';

function result(
  name: string,
  rule: string,
  verdict: PolicyReportResult['result'],
  properties?: Record<string, string>,
): PolicyReportResult {
  return {
    policy: rule,
    rule,
    result: verdict,
    message: '',
    source: 'kpc',
    scored: true,
    timestamp: { seconds: 0, nanos: 0 },
    resources: [{ apiVersion: 'v1', kind: 'Pod', name, namespace: 'shop' }],
    ...(properties ? { properties } : {}),
  };
}

const kpc: PolicyReportObject[] = [
  {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: { name: 'kpc-shop', namespace: 'shop', labels: {} },
    summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    results: [
      result('a', 'pss-privileged', 'fail'),
      result('b', 'pss-privileged', 'pass'),
      result('c', 'pss-privileged', 'skip', { exception: 'c-ok' }),
      result('a', 'disallow-latest-tag', 'fail'),
    ],
  },
];
const rules = new Set(['pss-privileged', 'disallow-latest-tag', 'not-deployed']);

const GATEKEEPER = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: KpcPssPrivileged
metadata:
  name: pss-privileged
  annotations: {kpc.dev/rule: pss-privileged}
status:
  auditTimestamp: "2026-12-01T09:00:00Z"
  totalViolations: 2
  violations:
    - {enforcementAction: deny, kind: Pod, name: b, namespace: shop, message: privileged}
    - {enforcementAction: deny, kind: Pod, name: c, namespace: shop, message: privileged}
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: KpcDisallowLatestTag
metadata:
  name: disallow-latest-tag
status:
  auditTimestamp: "2026-12-01T09:00:00Z"
  totalViolations: 30
  violations: []
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: KpcNotDeployed
metadata: {name: unrelated}
`;

describe('audit --compare', () => {
  it('Gatekeeper: violations fail; absent from a complete list passes; a truncated list proves nothing', () => {
    const docs = documentsFromYaml('/dump.yaml', GATEKEEPER);
    const { engines, diagnostics } = readClusterVerdicts(docs, rules);
    expect(diagnostics).toEqual([]);
    const drifts = compareWithCluster(kpc, engines);
    expect(drifts.map((d) => [d.kind, d.ruleId, d.subject?.name, d.kpc, d.cluster])).toEqual([
      // disallow-latest-tag: 30 violations, 0 listed: a's pass cannot be claimed
      ['cluster-passes', 'pss-privileged', 'a', 'fail', 'pass'],
      ['cluster-fails', 'pss-privileged', 'b', 'pass', 'fail'],
      ['exception-missing', 'pss-privileged', 'c', 'skip', 'fail'],
    ]);
    expect(drifts[2]!.exception).toBe('c-ok');
  });

  it('Kyverno PolicyReports: per result, resources or scope; kpc-written results are ignored', () => {
    const text = `apiVersion: wgpolicyk8s.io/v1alpha2
kind: PolicyReport
metadata: {name: r1, namespace: shop}
scope: {apiVersion: v1, kind: Pod, name: a, namespace: shop}
results:
  - {policy: pss-privileged, rule: pss-privileged, result: fail, source: kyverno}
  - {policy: disallow-latest-tag, rule: disallow-latest-tag, result: pass, source: kyverno}
  - {policy: pss-privileged, rule: x, result: pass, source: kpc}
  - {policy: other-policy, rule: x, result: fail, source: kyverno}
  - {policy: pss-privileged, rule: x, result: maybe, source: kyverno}
---
apiVersion: wgpolicyk8s.io/v1alpha2
kind: ClusterPolicyReport
metadata: {name: r2}
results:
  - policy: pss-privileged
    result: skip
    source: kyverno
    resources: [{apiVersion: v1, kind: Pod, name: b, namespace: shop}]
`;
    const docs = documentsFromYaml('/dump.yaml', text);
    const { engines, diagnostics } = readClusterVerdicts(docs, rules);
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['AUDIT_COMPARE_INPUT', 10],
    ]);
    const drifts = compareWithCluster(kpc, engines);
    expect(drifts.map((d) => [d.engine, d.kind, d.ruleId, d.subject?.name])).toEqual([
      ['kyverno', 'cluster-passes', 'disallow-latest-tag', 'a'],
      ['kyverno', 'not-evaluated', 'pss-privileged', 'c'],
    ]);
  });

  it('a rule with kpc verdicts but no engine verdict anywhere: the policy is not deployed', () => {
    const text = `apiVersion: wgpolicyk8s.io/v1alpha2
kind: PolicyReport
metadata: {name: r1, namespace: shop}
results:
  - policy: pss-privileged
    result: fail
    source: kyverno
    resources: [{kind: Pod, name: a, namespace: shop}]
`;
    const { engines } = readClusterVerdicts(documentsFromYaml('/d.yaml', text), rules);
    const drifts = compareWithCluster(kpc, engines);
    expect(drifts.filter((d) => d.kind === 'policy-missing').map((d) => d.ruleId)).toEqual([
      'disallow-latest-tag',
    ]);
  });
});

describe('sortDump', () => {
  it('keeps List items, sets reports and constraints aside, and reports single objects', () => {
    const items = documentsFromYaml('/d.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n');
    const asItem = { ...items[0]!, basePointer: '/items/0' };
    const report = {
      ...documentsFromYaml(
        '/d.yaml',
        'apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\nmetadata: {name: r}\n',
      )[0]!,
      basePointer: '/items/1',
    };
    const sorted = sortDump({
      documents: [asItem, report, items[0]!],
      diagnostics: [],
      unreadableInputs: 0,
    });
    expect(sorted.objects).toEqual([asItem]);
    expect(sorted.verdictSources).toEqual([report]);
    expect(sorted.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['AUDIT_NOT_A_LIST', 1, 1],
    ]);
  });
});
