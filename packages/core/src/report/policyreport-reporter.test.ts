import { arbYamlString, crdValidator, readLikeGoYaml, sharedSchemaDir } from '@kpc/testing';
import { toYamlDocuments } from '@kpc/yaml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { ResolvedException } from '../config/exception-spec.ts';
import { lint } from '../engine/lint.ts';
import { documentsFromYaml } from '../engine/test-documents.ts';
import { defineRule } from '../rule/define-rule.ts';
import { allContainers } from '../rule/helpers.ts';
import type { LintReport } from './lint-report.ts';
import {
  type PolicyReportObject,
  type PolicyReportResult,
  renderPolicyReports,
  toPolicyReports,
} from './policyreport-reporter.ts';
import { getReporter } from './registry.ts';

const base = {
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  controls: [],
  examples: { pass: [], fail: [] },
} as const;
const privileged = defineRule({
  ...base,
  id: 'no-privileged',
  title: 'No privileged containers',
  severity: 'critical',
  category: 'Pod security',
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.privileged !== true,
  message: (c) => `container "${c.name}" is privileged`,
});
const roleName = defineRule({
  ...base,
  id: 'role-name',
  title: 'Role names start with team-',
  severity: 'low',
  category: 'RBAC',
  target: 'ClusterRole',
  check: (_o, { metadata }) => metadata.name?.startsWith('team-') === true,
  message: () => 'the name does not start with team-',
});

const YAML = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: monitoring, uid: u-1}
spec:
  template:
    spec:
      containers:
        - {name: a, image: "x:1", securityContext: {privileged: true}}
        - {name: b, image: "y:1", securityContext: {privileged: true}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: "on", securityContext: {privileged: true}}
---
apiVersion: v1
kind: Pod
metadata: {name: ok, namespace: shop}
spec:
  containers: [{name: app, image: "z:1"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: team-reader}
rules: []
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: shop}
spec: {ports: [{port: 80}]}
`;

const exception: ResolvedException = {
  id: 'agent',
  rules: ['no-privileged'],
  resources: [{ kind: 'DaemonSet', name: 'node-agent' }],
  reason: 'vendor agent',
  owner: 'team-obs',
  expires: '2027-03-31',
  expiresAt: Date.UTC(2027, 2, 31),
  location: { file: '/kpc.config.ts', line: 1, column: 1 },
};

function report(now = Date.UTC(2026, 11, 1, 10)): LintReport {
  const docs = documentsFromYaml('/dump.yaml', YAML);
  const rules = [
    { rule: privileged, action: 'enforce' as const, severity: 'critical' as const, params: {} },
    { rule: roleName, action: 'enforce' as const, severity: 'low' as const, params: {} },
  ];
  const r = lint(docs, rules, { exceptions: [exception], now });
  return {
    tool: { name: 'kpc', version: '0.1.0' },
    threshold: 'low',
    rules: [privileged, roleName],
    findings: r.findings,
    diagnostics: r.diagnostics,
    stats: { files: 1, documents: docs.length },
    objects: docs.map((d, i) => ({
      file: d.file,
      resource: {
        apiVersion: d.apiVersion,
        kind: d.kind,
        ...(d.namespace ? { namespace: d.namespace } : {}),
        ...(d.name ? { name: d.name } : {}),
      },
      rules: r.rulesRun[i]!,
      ...(typeof (d.object.metadata as { uid?: string }).uid === 'string'
        ? { uid: (d.object.metadata as { uid: string }).uid }
        : {}),
    })),
    now,
  };
}

function verdicts(reports: PolicyReportObject[]) {
  return reports.map((r) => [
    r.kind,
    r.metadata.namespace ?? '-',
    r.results.map((x) => `${x.resources[0]!.name}:${x.rule}:${x.result}`),
  ]);
}

describe('PolicyReport reporter', () => {
  it('one result per (object, rule) verdict, per namespace, cluster-scoped last', () => {
    const reports = toPolicyReports(report());
    expect(verdicts(reports)).toEqual([
      ['PolicyReport', 'monitoring', ['node-agent:no-privileged:skip']],
      ['PolicyReport', 'shop', ['ok:no-privileged:pass', 'web:no-privileged:fail']],
      ['ClusterPolicyReport', '-', ['reader:role-name:fail', 'team-reader:role-name:pass']],
    ]);
    // The Service has no rule: no result, and no report of its own.
  });

  it('summary counts add up to the results; severity, category, exception id, uid', () => {
    const reports = toPolicyReports(report());
    for (const r of reports) {
      const total = Object.values(r.summary).reduce((a, b) => a + b, 0);
      expect(total).toBe(r.results.length);
      for (const k of ['pass', 'fail', 'skip'] as const)
        expect(r.summary[k]).toBe(r.results.filter((x) => x.result === k).length);
    }
    const skip = reports[0]!.results[0]!;
    expect(skip).toMatchObject({
      policy: 'no-privileged',
      severity: 'critical',
      category: 'Pod security',
      source: 'kpc',
      properties: { exception: 'agent', owner: 'team-obs', expires: '2027-03-31' },
      resources: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'node-agent',
          namespace: 'monitoring',
          uid: 'u-1',
        },
      ],
      timestamp: { seconds: Date.UTC(2026, 11, 1, 10) / 1000, nanos: 0 },
    });
    expect(skip.message).toContain('excepted by agent: vendor agent');
  });

  it('after the expiry date the excepted verdict fails and names the exception', () => {
    const reports = toPolicyReports(report(Date.UTC(2027, 2, 31)));
    expect(reports[0]!.results[0]).toMatchObject({
      result: 'fail',
      properties: { expiredException: 'agent' },
    });
  });

  it('renders deterministic YAML that a YAML 1.1 reader (kubectl) reads back as strings', () => {
    const text = getReporter('policyreport')!.render(report(), { color: false, cwd: '/' });
    expect(getReporter('policyreport')!.render(report(), { color: false, cwd: '/' })).toBe(text);
    const docs = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
    expect(docs).toEqual(JSON.parse(JSON.stringify(toPolicyReports(report()))));
    expect(docs[0].results[0].properties.expires).toBe('2027-03-31');
  });

  const dir = sharedSchemaDir('kyverno');
  it.skipIf(dir === undefined)(
    'validates against the PolicyReport and ClusterPolicyReport CRDs',
    () => {
      const validators = {
        PolicyReport: crdValidator(dir!, 'wgpolicyk8s.io_policyreports.yaml', 'v1alpha2'),
        ClusterPolicyReport: crdValidator(
          dir!,
          'wgpolicyk8s.io_clusterpolicyreports.yaml',
          'v1alpha2',
        ),
      };
      const text = getReporter('policyreport')!.render(report(), { color: false, cwd: '/' });
      const docs = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
      expect(docs.map((d) => d.kind)).toEqual([
        'PolicyReport',
        'PolicyReport',
        'ClusterPolicyReport',
      ]);
      for (const d of docs) {
        const validate = validators[d.kind as keyof typeof validators];
        expect(validate(d) ? [] : validate.errors).toEqual([]);
      }
      // The validator is closed: a field the CRD does not know fails.
      expect(validators.PolicyReport({ ...docs[0], extra: 1 })).toBe(false);
    },
  );
});

/** `value` with every lone surrogate (keys included) replaced by U+FFFD, as written. */
function wellFormedDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\p{Cs}/gu, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [wellFormedDeep(k), wellFormedDeep(v)]),
    );
  return value;
}

describe('the PolicyReport writer', () => {
  const text = arbYamlString({ loneSurrogates: true });
  const map = fc.dictionary(text, text, { maxKeys: 3 });
  const arbResult: fc.Arbitrary<PolicyReportResult> = fc.record(
    {
      policy: text,
      rule: text,
      result: fc.constantFrom('pass', 'fail', 'warn', 'error', 'skip'),
      severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info'),
      category: text,
      message: text,
      source: text,
      scored: fc.boolean(),
      timestamp: fc.record({ seconds: fc.integer(), nanos: fc.nat(999_999_999) }),
      resources: fc.array(map, { maxLength: 2 }),
      properties: map,
    },
    {
      requiredKeys: [
        'policy',
        'rule',
        'result',
        'message',
        'source',
        'scored',
        'timestamp',
        'resources',
      ],
    },
  );
  const arbReport: fc.Arbitrary<PolicyReportObject> = fc.record(
    {
      apiVersion: text,
      kind: fc.constantFrom('PolicyReport', 'ClusterPolicyReport'),
      metadata: fc.record(
        { name: text, namespace: text, labels: map },
        { requiredKeys: ['name', 'labels'] },
      ),
      summary: fc.record({
        pass: fc.nat(),
        fail: fc.nat(),
        warn: fc.nat(),
        error: fc.nat(),
        skip: fc.nat(),
      }),
      results: fc.array(arbResult, { maxLength: 4 }),
    },
    { requiredKeys: ['apiVersion', 'kind', 'metadata', 'summary', 'results'] },
  );

  it('writes the bytes of the yaml Document writer, which go-yaml reads back as the reports', () => {
    fc.assert(
      fc.property(fc.array(arbReport, { minLength: 1, maxLength: 3 }), (reports) => {
        // The fields in the order the writer writes them (that of the types).
        const objects = reports.map((r) => wellFormedDeep(r));
        const out = renderPolicyReports(reports);
        const header =
          '# PolicyReports written by kpc (wgpolicyk8s.io/v1alpha2); apply with kubectl apply -f.\n';
        expect(out).toBe(toYamlDocuments(header, objects, { flowLists: false }));
        expect(readLikeGoYaml(out)).toEqual(objects.map((value) => ({ value })));
      }),
      { numRuns: 400 },
    );
  });

  it('writes the results of an object with the same resource as one with its own copy', () => {
    const reports = toPolicyReports(report());
    const copied = reports.map((r) => ({
      ...r,
      results: r.results.map((x) => ({ ...x, resources: x.resources.map((o) => ({ ...o })) })),
    }));
    expect(renderPolicyReports(reports)).toBe(renderPolicyReports(copied));
  });
});
