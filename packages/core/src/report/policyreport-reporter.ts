/**
 * PolicyReports (wgpolicyk8s.io/v1alpha2), as Kyverno writes them: a PolicyReport per
 * namespace and a ClusterPolicyReport for cluster-scoped objects, with one result per
 * (object, rule) verdict — pass, fail, or skip when every finding of it is excepted —
 * and summary counts that add up to the results. Deterministic for the same report.
 * Schema: the CRDs in ../shared/schemas/kyverno/wgpolicyk8s.io_*.yaml.
 */
import { toYamlDocuments } from '@kpc/yaml';
import type { Finding, FindingResource } from '../engine/lint.ts';
import { type LintReport, type ReportObject, SCHEMA_REPORT_RULE } from './lint-report.ts';
import type { Reporter } from './reporter.ts';

export const POLICY_REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';

/** The `source` of every result kpc writes (Kyverno writes `kyverno`). */
export const POLICY_REPORT_SOURCE = 'kpc';

export type PolicyReportVerdict = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface PolicyReportResult {
  readonly policy: string;
  readonly rule: string;
  readonly result: PolicyReportVerdict;
  readonly severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
  readonly category?: string;
  readonly message: string;
  readonly source: string;
  readonly scored: boolean;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  readonly resources: readonly Record<string, string>[];
  readonly properties?: Readonly<Record<string, string>>;
}

export interface PolicyReportObject {
  readonly apiVersion: string;
  readonly kind: 'PolicyReport' | 'ClusterPolicyReport';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly summary: Readonly<Record<PolicyReportVerdict, number>>;
  readonly results: readonly PolicyReportResult[];
}

function objectKey(file: string, r: FindingResource): string {
  return [file, r.apiVersion, r.kind, r.namespace ?? '', r.name ?? ''].join('\u0000');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One verdict per (object, rule) from the object's findings of that rule: `fail` when a
 * finding is not excepted, `skip` when every one is, `pass` when there are none.
 */
function verdict(findings: readonly Finding[]): {
  result: PolicyReportVerdict;
  message: string;
  properties: Record<string, string>;
} {
  if (findings.length === 0) return { result: 'pass', message: 'passed', properties: {} };
  const failing = findings.filter((f) => f.exception === undefined);
  const excepted = findings.filter((f) => f.exception !== undefined);
  const properties: Record<string, string> = {};
  const ids = [...new Set(excepted.map((f) => f.exception!.id))];
  if (ids.length > 0) properties.exception = ids.join(',');
  const expired = [
    ...new Set(failing.flatMap((f) => (f.expiredException ? [f.expiredException.id] : []))),
  ];
  if (expired.length > 0) properties.expiredException = expired.join(',');
  if (failing.length > 0) {
    properties.pointers = failing.map((f) => f.pointer || '/').join(',');
    return { result: 'fail', message: failing.map((f) => f.message).join('; '), properties };
  }
  const e = excepted[0]!.exception!;
  properties.owner = e.owner;
  properties.expires = e.expires;
  return {
    result: 'skip',
    message: `excepted by ${ids.join(', ')}: ${e.reason} (${excepted.map((f) => f.message).join('; ')})`,
    properties,
  };
}

/**
 * Builds the PolicyReport objects of a lint report: one per namespace that has results
 * (sorted by name), then the ClusterPolicyReport when a cluster-scoped object has any.
 * Objects without a namespace are cluster-scoped here (a dump from the cluster always sets
 * it); `report.now` stamps every result (default 0 so that output stays deterministic).
 */
export function toPolicyReports(report: LintReport): PolicyReportObject[] {
  const seconds = Math.floor((report.now ?? 0) / 1000);
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  rules.set(SCHEMA_REPORT_RULE.id, SCHEMA_REPORT_RULE);
  const byObject = new Map<string, Map<string, Finding[]>>();
  for (const f of report.findings) {
    const key = objectKey(f.location.file, f.resource);
    let m = byObject.get(key);
    if (m === undefined) {
      m = new Map();
      byObject.set(key, m);
    }
    const list = m.get(f.ruleId) ?? [];
    list.push(f);
    m.set(f.ruleId, list);
  }
  const objects: ReportObject[] = [...(report.objects ?? [])];
  // Findings of objects the report does not list (a caller without `objects`) still count.
  const listed = new Set(objects.map((o) => objectKey(o.file, o.resource)));
  for (const f of report.findings) {
    const key = objectKey(f.location.file, f.resource);
    if (!listed.has(key)) {
      listed.add(key);
      objects.push({ file: f.location.file, resource: f.resource });
    }
  }
  const seen = new Set<string>();
  const groups = new Map<string, PolicyReportResult[]>();
  for (const o of objects) {
    const key = objectKey(o.file, o.resource);
    // The same object twice (in one file) is one object with one verdict per rule.
    if (seen.has(key)) continue;
    seen.add(key);
    const findings = byObject.get(key) ?? new Map<string, Finding[]>();
    const ruleIds = [...new Set([...(o.rules ?? []), ...findings.keys()])].sort(compare);
    const r = o.resource;
    const resource: Record<string, string> = {
      apiVersion: r.apiVersion,
      kind: r.kind,
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
      ...(o.uid !== undefined ? { uid: o.uid } : {}),
    };
    const group = r.namespace ?? '';
    let results = groups.get(group);
    if (results === undefined) {
      results = [];
      groups.set(group, results);
    }
    for (const id of ruleIds) {
      const meta = rules.get(id);
      const v = verdict(findings.get(id) ?? []);
      results.push({
        policy: id,
        rule: id,
        result: v.result,
        ...(meta ? { severity: meta.severity, category: meta.category } : {}),
        message: v.result === 'pass' && meta ? `${meta.title}: passed` : v.message,
        source: POLICY_REPORT_SOURCE,
        scored: true,
        timestamp: { seconds, nanos: 0 },
        resources: [resource],
        ...(Object.keys(v.properties).length > 0 ? { properties: v.properties } : {}),
      });
    }
  }
  const out: PolicyReportObject[] = [];
  const names = [...groups.keys()].sort(compare);
  // The cluster report last, after the namespaces in name order.
  for (const ns of [...names.filter((n) => n !== ''), ...names.filter((n) => n === '')]) {
    const results = groups.get(ns)!;
    if (results.length === 0) continue;
    results.sort(
      (a, b) =>
        compare(a.resources[0]!.kind!, b.resources[0]!.kind!) ||
        compare(a.resources[0]!.name ?? '', b.resources[0]!.name ?? '') ||
        compare(a.resources[0]!.apiVersion!, b.resources[0]!.apiVersion!) ||
        compare(a.rule, b.rule),
    );
    const summary: Record<PolicyReportVerdict, number> = {
      pass: 0,
      fail: 0,
      warn: 0,
      error: 0,
      skip: 0,
    };
    for (const r of results) summary[r.result]++;
    const labels = { 'app.kubernetes.io/managed-by': 'kpc' };
    out.push(
      ns === ''
        ? {
            apiVersion: POLICY_REPORT_API_VERSION,
            kind: 'ClusterPolicyReport',
            metadata: { name: 'kpc-cluster', labels },
            summary,
            results,
          }
        : {
            apiVersion: POLICY_REPORT_API_VERSION,
            kind: 'PolicyReport',
            metadata: { name: `kpc-${ns}`, namespace: ns, labels },
            summary,
            results,
          },
    );
  }
  return out;
}

/**
 * The YAML of PolicyReport objects (a multi-document stream), with a header line, written by
 * kpc's one YAML writer (@kpc/yaml): kubectl reads YAML 1.1, so an unquoted
 * `expires: 2027-03-31`, `yes` or `0o17` would come back as a timestamp, a boolean or a
 * number and fail the CRD's `type: string`. A lone surrogate (from a manifest's escaped
 * string) cannot be written in YAML go-yaml reads: it becomes U+FFFD. Deterministic.
 */
export function renderPolicyReports(reports: readonly PolicyReportObject[]): string {
  return toYamlDocuments(
    '# PolicyReports written by kpc (wgpolicyk8s.io/v1alpha2); apply with kubectl apply -f.\n',
    reports.map(wellFormed),
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormedString(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** A copy of `value` whose strings (keys included) have no lone surrogates. */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedString(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [wellFormedString(k), wellFormed(v)]),
    );
  return value;
}

export const policyReportReporter: Reporter = {
  name: 'policyreport',
  description:
    'wgpolicyk8s.io/v1alpha2 PolicyReport per namespace and ClusterPolicyReport (YAML), one result per (object, rule).',
  extension: 'yaml',
  render(report: LintReport): string {
    return renderPolicyReports(toPolicyReports(report));
  },
};
