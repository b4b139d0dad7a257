/**
 * PolicyReports (wgpolicyk8s.io/v1alpha2), as Kyverno writes them: a PolicyReport per
 * namespace and a ClusterPolicyReport for cluster-scoped objects, with one result per
 * (object, rule) verdict — pass, fail, or skip when every finding of it is excepted —
 * and summary counts that add up to the results. Deterministic for the same report.
 * Schema: the CRDs in ../shared/schemas/kyverno/wgpolicyk8s.io_*.yaml.
 */
import { randomUUID } from 'node:crypto';
import { toYamlDocuments } from '@kpc/yaml';
import type { Finding, FindingResource } from '../engine/lint.ts';
import { defineReporter } from './define-reporter.ts';
import {
  type LintReport,
  type ReportObject,
  type ReportRule,
  SCHEMA_REPORT_RULE,
} from './lint-report.ts';
import { RecordSpool } from './spool.ts';

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

type FindingsByRule = Map<string, Finding[]>;

/** The findings of each object (by {@link objectKey}), by rule id. */
function findingsByObject(findings: readonly Finding[]): Map<string, FindingsByRule> {
  const byObject = new Map<string, FindingsByRule>();
  for (const f of findings) {
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
  return byObject;
}

/**
 * The objects that have results, each once, in order: the listed ones, then those that
 * only findings name (a caller without `objects`); the same object twice (in one file) is
 * one object with one verdict per rule.
 */
function distinctObjects(
  listed: readonly ReportObject[],
  findings: readonly Finding[],
): { listed: ReportObject[]; unlisted: ReportObject[] } {
  const seen = new Set<string>();
  const out = { listed: [] as ReportObject[], unlisted: [] as ReportObject[] };
  for (const o of listed) {
    const key = objectKey(o.file, o.resource);
    if (seen.has(key)) continue;
    seen.add(key);
    out.listed.push(o);
  }
  for (const f of findings) {
    const key = objectKey(f.location.file, f.resource);
    if (seen.has(key)) continue;
    seen.add(key);
    out.unlisted.push({ file: f.location.file, resource: f.resource });
  }
  return out;
}

/** The metadata of every rule a report may name (the schema pseudo-rule included). */
function ruleMetadata(rules: readonly ReportRule[]): Map<string, ReportRule> {
  const m = new Map(rules.map((r) => [r.id, r]));
  m.set(SCHEMA_REPORT_RULE.id, SCHEMA_REPORT_RULE);
  return m;
}

/** One result per rule that applied to the object or reported it, sorted by rule id. */
function objectResults(
  o: ReportObject,
  findings: FindingsByRule,
  rules: ReadonlyMap<string, ReportRule>,
  seconds: number,
): PolicyReportResult[] {
  const ruleIds = [...new Set([...(o.rules ?? []), ...findings.keys()])].sort(compare);
  const r = o.resource;
  const resource: Record<string, string> = {
    apiVersion: r.apiVersion,
    kind: r.kind,
    ...(r.name !== undefined ? { name: r.name } : {}),
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(o.uid !== undefined ? { uid: o.uid } : {}),
  };
  return ruleIds.map((id) => {
    const meta = rules.get(id);
    const v = verdict(findings.get(id) ?? []);
    return {
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
    };
  });
}

/** What results are sorted by within a report, after the object's kind, name, apiVersion. */
interface ObjectSortKey {
  readonly kind: string;
  readonly name: string;
  readonly apiVersion: string;
}

function sortKey(r: FindingResource): ObjectSortKey {
  return { kind: r.kind, name: r.name ?? '', apiVersion: r.apiVersion };
}

function compareObjects(a: ObjectSortKey, b: ObjectSortKey): number {
  return compare(a.kind, b.kind) || compare(a.name, b.name) || compare(a.apiVersion, b.apiVersion);
}

type Summary = Record<PolicyReportVerdict, number>;

function emptySummary(): Summary {
  return { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
}

/** Namespaces in report order: by name, the cluster report ('') last. */
function reportOrder(namespaces: Iterable<string>): string[] {
  const names = [...namespaces].sort(compare);
  return [...names.filter((n) => n !== ''), ...names.filter((n) => n === '')];
}

/** The PolicyReport of namespace `ns` ('' for the ClusterPolicyReport). */
function policyReport(
  ns: string,
  summary: Summary,
  results: readonly PolicyReportResult[],
): PolicyReportObject {
  const labels = { 'app.kubernetes.io/managed-by': 'kpc' };
  return ns === ''
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
  const rules = ruleMetadata(report.rules);
  const byObject = findingsByObject(report.findings);
  const { listed, unlisted } = distinctObjects(report.objects ?? [], report.findings);
  const groups = new Map<string, { key: ObjectSortKey; result: PolicyReportResult }[]>();
  for (const o of [...listed, ...unlisted]) {
    const results = objectResults(
      o,
      byObject.get(objectKey(o.file, o.resource)) ?? new Map(),
      rules,
      seconds,
    );
    if (results.length === 0) continue;
    const ns = o.resource.namespace ?? '';
    let group = groups.get(ns);
    if (group === undefined) {
      group = [];
      groups.set(ns, group);
    }
    const key = sortKey(o.resource);
    for (const result of results) group.push({ key, result });
  }
  return reportOrder(groups.keys()).map((ns) => {
    const results = groups
      .get(ns)!
      .sort((a, b) => compareObjects(a.key, b.key) || compare(a.result.rule, b.result.rule))
      .map((e) => e.result);
    const summary = emptySummary();
    for (const r of results) summary[r.result]++;
    return policyReport(ns, summary, results);
  });
}

/**
 * The YAML of PolicyReport objects (a multi-document stream), with a header line, written by
 * kpc's one YAML writer (@kpc/yaml): kubectl reads YAML 1.1, so an unquoted
 * `expires: 2027-03-31`, `yes` or `0o17` would come back as a timestamp, a boolean or a
 * number and fail the CRD's `type: string`. A lone surrogate (from a manifest's escaped
 * string) cannot be written in YAML go-yaml reads: it becomes U+FFFD. Deterministic.
 */
export function renderPolicyReports(reports: readonly PolicyReportObject[]): string {
  return toYamlDocuments(POLICY_REPORTS_HEADER, reports.map(wellFormed), BLOCK);
}

/**
 * Reports are written in block style throughout: the streaming writer emits a report in
 * pieces (results, skeleton), and a flow list would depend on which piece holds it.
 */
const BLOCK = { flowLists: false } as const;

const POLICY_REPORTS_HEADER =
  '# PolicyReports written by kpc (wgpolicyk8s.io/v1alpha2); apply with kubectl apply -f.\n';

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

/** A result list item as the YAML writer puts it in a report: at indentation 2. */
const ITEM = '  - ';

/**
 * The YAML of `results` as they stand in a report's `results:` list, one text per result
 * (each ends with a newline). Written in one go by kpc's YAML writer, then cut where each
 * item starts: in block style every line of an item but its first is indented deeper.
 */
function resultItems(results: readonly PolicyReportResult[]): string[] {
  const text = toYamlDocuments('', [{ results: results.map(wellFormed) }], BLOCK);
  const lead = `results:\n${ITEM}`;
  if (!text.startsWith(lead)) throw new Error('policyreport: unexpected YAML for results');
  const items = text.slice('results:\n'.length).split(/\n(?= {2}- )/);
  if (items.length !== results.length)
    throw new Error(`policyreport: ${items.length} YAML items for ${results.length} results`);
  return items.map((item, i) => (i === items.length - 1 ? item : `${item}\n`));
}

/** An object's results, spooled as YAML; sorted and read back at the end. */
interface SpooledObject extends ObjectSortKey {
  readonly record: number;
}

export const policyReportReporter = defineReporter({
  name: 'policyreport',
  description:
    'wgpolicyk8s.io/v1alpha2 PolicyReport per namespace and ClusterPolicyReport (YAML), one result per (object, rule).',
  extension: 'yaml',
  open(header, options, out) {
    const seconds = Math.floor((header.now ?? 0) / 1000);
    const rules = ruleMetadata(header.rules);
    // Every object's results go to one spool (its YAML items); what stays in memory per
    // object is its namespace, sort key and record number. The listed objects of all parts
    // come before the objects only findings name, as in a whole report.
    const spool = new RecordSpool(options.spoolChars);
    const namespaces = new Map<
      string,
      { summary: Summary; listed: SpooledObject[]; unlisted: SpooledObject[] }
    >();
    const ruleIds = new Set<string>(rules.keys());
    return {
      part(part) {
        const byObject = findingsByObject(part.findings);
        for (const f of part.findings) ruleIds.add(f.ruleId);
        const { listed, unlisted } = distinctObjects(part.objects, part.findings);
        const objects = [
          ...listed.map((o) => ({ o, listed: true })),
          ...unlisted.map((o) => ({ o, listed: false })),
        ].map(({ o, listed }) => ({
          o,
          listed,
          results: objectResults(
            o,
            byObject.get(objectKey(o.file, o.resource)) ?? new Map(),
            rules,
            seconds,
          ),
        }));
        const all = objects.flatMap((x) => x.results);
        if (all.length === 0) return;
        const items = resultItems(all);
        let next = 0;
        for (const { o, listed, results } of objects) {
          if (results.length === 0) continue;
          const ns = o.resource.namespace ?? '';
          let group = namespaces.get(ns);
          if (group === undefined) {
            group = { summary: emptySummary(), listed: [], unlisted: [] };
            namespaces.set(ns, group);
          }
          for (const r of results) group.summary[r.result]++;
          const record = spool.append(items.slice(next, next + results.length).join(''));
          next += results.length;
          (listed ? group.listed : group.unlisted).push({ ...sortKey(o.resource), record });
        }
      },
      end() {
        // Objects that sort equal (the same kind, name and apiVersion in two files) have
        // their results interleaved by rule: each item's rule, from its first line.
        let ruleOfLine: Map<string, string> | undefined;
        const ruleOf = (item: string): string => {
          ruleOfLine ??= new Map(
            [...ruleIds].map((id) => [
              toYamlDocuments('', [{ policy: wellFormed(id) }], BLOCK),
              id,
            ]),
          );
          const line = `${item.slice(ITEM.length, item.indexOf('\n'))}\n`;
          const id = ruleOfLine.get(line);
          if (id === undefined) throw new Error(`policyreport: no rule for result ${line}`);
          return id;
        };
        const token = `kpcresults${randomUUID().replaceAll('-', '')}`;
        const placeholder = `${ITEM}${token}\n`;
        out.write(POLICY_REPORTS_HEADER);
        reportOrder(namespaces.keys()).forEach((ns, i) => {
          const group = namespaces.get(ns)!;
          const objects = [...group.listed, ...group.unlisted].sort(compareObjects);
          const skeleton = toYamlDocuments(
            '',
            [wellFormed(policyReport(ns, group.summary, [token as unknown as PolicyReportResult]))],
            BLOCK,
          );
          const at = skeleton.indexOf(placeholder);
          if (at < 0) throw new Error('policyreport: no place for the results');
          if (i > 0) out.write('---\n');
          out.write(skeleton.slice(0, at));
          for (let j = 0; j < objects.length; ) {
            let k = j + 1;
            while (k < objects.length && compareObjects(objects[j]!, objects[k]!) === 0) k++;
            if (k === j + 1) out.write(spool.read(objects[j]!.record));
            else {
              const tied = objects
                .slice(j, k)
                .flatMap((o) => spool.read(o.record).split(/(?<=\n)(?= {2}- )/))
                .map((item) => ({ item, rule: ruleOf(item) }))
                .sort((a, b) => compare(a.rule, b.rule));
              for (const t of tied) out.write(t.item);
            }
            j = k;
          }
          out.write(skeleton.slice(at + placeholder.length));
        });
        spool.close();
      },
    };
  },
});
