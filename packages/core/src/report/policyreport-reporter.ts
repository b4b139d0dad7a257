/**
 * PolicyReports (wgpolicyk8s.io/v1alpha2), as Kyverno writes them: a PolicyReport per
 * namespace and a ClusterPolicyReport for cluster-scoped objects, with one result per
 * (object, rule) verdict — pass, fail, or skip when every finding of it is excepted —
 * and summary counts that add up to the results. Deterministic for the same report.
 * Schema: the CRDs in ../shared/schemas/kyverno/wgpolicyk8s.io_*.yaml.
 */
import { blockKeyYaml, blockValueYaml, type YamlScalar } from '@kpc/yaml';
import type { Finding, FindingResource } from '../engine/lint.ts';
import { defineReporter } from './define-reporter.ts';
import {
  type LintReport,
  type ReportObject,
  type ReportRule,
  SCHEMA_REPORT_RULE,
} from './lint-report.ts';
import type { ReportPart } from './reporter.ts';
import { RecordSpool, SpooledStringIndex } from './spool.ts';

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

/**
 * `s` in memory of its own. V8 makes a substring of 13 or more characters a view of the
 * string it was cut from, and a string joined with `+` or a template (13 or more) a pair of
 * its pieces, so a name cut from a file's text, or a message with it, would keep the whole
 * text alive for as long as it is kept: the streaming reporter keeps the sort key of every
 * object until the end (at 100,000 manifests, every file's text), and its memo 4,096
 * strings a column. Slicing a join copies its characters into one new string, and the
 * slice views only that.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

function ownSortKey(r: FindingResource): ObjectSortKey {
  return { kind: ownCopy(r.kind), name: ownCopy(r.name ?? ''), apiVersion: ownCopy(r.apiVersion) };
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
 * The YAML of PolicyReport objects (a multi-document stream), with a header line. Written
 * directly for this fixed shape, each scalar by kpc's one YAML writer (@kpc/yaml's
 * `blockValueYaml`/`blockKeyYaml`, the code `toYamlDocuments` writes scalars with), so the
 * bytes are those `toYamlDocuments` writes for the same objects in block style (a property
 * test compares them): kubectl reads YAML 1.1, so an unquoted `expires: 2027-03-31`, `yes`
 * or `0o17` would come back as a timestamp, a boolean or a number and fail the CRD's
 * `type: string`. A lone surrogate (from a manifest's escaped string) cannot be written in
 * YAML go-yaml reads: it becomes U+FFFD. Deterministic.
 */
export function renderPolicyReports(reports: readonly PolicyReportObject[]): string {
  let out = POLICY_REPORTS_HEADER;
  reports.forEach((r, i) => {
    if (i > 0) out += '---\n';
    out += reportHead(r);
    if (r.results.length === 0) out += ' []\n';
    else {
      out += '\n';
      for (const result of r.results) out += resultYaml(result);
    }
  });
  return out;
}

/**
 * Reports are written in block style throughout (as `toYamlDocuments` with
 * `flowLists: false` writes them): the streaming writer emits a report in pieces (results,
 * skeleton), and a flow list would depend on which piece holds it.
 */
const POLICY_REPORTS_HEADER =
  '# PolicyReports written by kpc (wgpolicyk8s.io/v1alpha2); apply with kubectl apply -f.\n';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormedString(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The text of strings already written, per key column: most repeat in every result (rule
 * ids, categories, verdicts, messages, kinds), and writing one costs a dozen regular
 * expressions. Emptied when it holds {@link MEMO_SIZE} strings, so that it stays small.
 */
const memo: Map<string, string>[] = [];
const MEMO_SIZE = 4096;

/**
 * A scalar after `key: ` for a key at `column`, lone surrogates replaced. The strings of a
 * manifest (a resource's name, namespace, uid) are not remembered (`memoise` false): they
 * seldom repeat, and a string cut from a file's text keeps all of that text alive in V8.
 */
function value(v: YamlScalar, column: number, memoise = true): string {
  if (typeof v !== 'string') return blockValueYaml(v, column);
  if (!memoise) return blockValueYaml(wellFormedString(v), column);
  let m = memo[column];
  if (m === undefined) {
    m = new Map();
    memo[column] = m;
  }
  let text = m.get(v);
  if (text === undefined) {
    text = blockValueYaml(wellFormedString(v), column);
    if (m.size >= MEMO_SIZE) m.clear();
    // Copies: a message may be joined from pieces of a file's text (see ownCopy).
    text = ownCopy(text);
    m.set(ownCopy(v), text);
  }
  return text;
}

/**
 * What follows `key:` for a block map of scalars with its keys at `column`: ` {}` when it
 * is empty, else its `key: value` lines.
 */
function mapYaml(
  map: Readonly<Record<string, YamlScalar>>,
  column: number,
  memoise = true,
): string {
  const pad = ' '.repeat(column);
  let entries = Object.entries(map);
  // Keys that differ only in lone surrogates become one key, as one object would hold them.
  if (entries.some(([k]) => wellFormedString(k) !== k))
    entries = Object.entries(Object.fromEntries(entries.map(([k, v]) => [wellFormedString(k), v])));
  let out = '';
  for (const [k, v] of entries)
    out += `\n${pad}${blockKeyYaml(k, column)}: ${value(v, column, memoise)}`;
  return out === '' ? ' {}\n' : `${out}\n`;
}

/** A result list item as the YAML writer puts it in a report: at indentation 2. */
const ITEM = '  - ';

/** The column of a result's keys (its list's items start at 2: `  - policy:`). */
const RESULT = 4;
const RESULT_PAD = ' '.repeat(RESULT);

/** The lines of one result in a report's `results:` list (ends with a newline). */
function resultYaml(r: PolicyReportResult): string {
  let out = `${ITEM}policy: ${value(r.policy, RESULT)}\n`;
  out += `${RESULT_PAD}rule: ${value(r.rule, RESULT)}\n`;
  out += `${RESULT_PAD}result: ${value(r.result, RESULT)}\n`;
  if (r.severity !== undefined) out += `${RESULT_PAD}severity: ${value(r.severity, RESULT)}\n`;
  if (r.category !== undefined) out += `${RESULT_PAD}category: ${value(r.category, RESULT)}\n`;
  out += `${RESULT_PAD}message: ${value(r.message, RESULT)}\n`;
  out += `${RESULT_PAD}source: ${value(r.source, RESULT)}\n`;
  out += `${RESULT_PAD}scored: ${value(r.scored, RESULT)}\n`;
  out += `${RESULT_PAD}timestamp:${mapYaml(r.timestamp, RESULT + 2)}`;
  out += `${RESULT_PAD}resources:${resourcesYaml(r.resources)}`;
  if (r.properties !== undefined)
    out += `${RESULT_PAD}properties:${mapYaml(r.properties, RESULT + 2)}`;
  return out;
}

/** The last single resource written and its text: the results of an object share it. */
let lastResource:
  | { readonly of: Readonly<Record<string, string>>; readonly text: string }
  | undefined;

/** What follows `resources:`: a list of maps at column 6, each map's keys at 8. */
function resourcesYaml(resources: readonly Readonly<Record<string, string>>[]): string {
  const last = lastResource;
  if (last !== undefined && resources.length === 1 && last.of === resources[0]) return last.text;
  const text = resourceListYaml(resources);
  if (resources.length === 1) lastResource = { of: resources[0]!, text };
  return text;
}

function resourceListYaml(resources: readonly Readonly<Record<string, string>>[]): string {
  if (resources.length === 0) return ' []\n';
  let out = '\n';
  for (const r of resources) {
    // The item's first line is `- ` and its first pair; the others are at the keys' column.
    const map = mapYaml(r, RESULT + 4, false);
    out +=
      map === ' {}\n'
        ? `${' '.repeat(RESULT + 2)}- {}\n`
        : `${' '.repeat(RESULT + 2)}- ${map.slice(1 + RESULT + 4)}`;
  }
  return out;
}

/** A report's text up to `results:` (its last key), without what follows the colon. */
function reportHead(r: Omit<PolicyReportObject, 'results'>): string {
  const m = r.metadata;
  let out = `apiVersion: ${value(r.apiVersion, 0)}\nkind: ${value(r.kind, 0)}\n`;
  out += `metadata:\n  name: ${value(m.name, 2)}\n`;
  if (m.namespace !== undefined) out += `  namespace: ${value(m.namespace, 2)}\n`;
  out += `  labels:${mapYaml(m.labels, 4)}`;
  out += `summary:${mapYaml(r.summary, 2)}`;
  return `${out}results:`;
}

/** An object's results, spooled as YAML; sorted and read back at the end. */
interface SpooledObject extends ObjectSortKey {
  /** Its results' record; replaced when the object came again in a later part of its file. */
  record: number;
}

/**
 * An object of the file whose parts came last, as first met: its entry (undefined when it
 * had no result), whether it was listed, and the record of `{ o, findings }` (JSON).
 */
interface SeenObject {
  readonly entry: SpooledObject | undefined;
  readonly listed: boolean;
  readonly raw: number;
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
    /**
     * The file whose parts came last (chunks of one long stream are consecutive parts): its
     * objects by key, so that an object that comes again in a later part gets the results a
     * single part would give it (one object, every finding of all its occurrences, the first
     * listed occurrence's rules). Kept per object: its key in a spooled set, and `{ o,
     * findings }` in a spool, read back only if it comes again; an object that has come again
     * is held whole (`merged`) and its results written once, when the file ends. Documents
     * are not held.
     */
    let open:
      | {
          file: string;
          keys: SpooledStringIndex;
          seen: SeenObject[];
          raw: RecordSpool;
          merged: Map<number, { o: ReportObject; findings: Finding[]; listed: boolean }>;
        }
      | undefined;
    const fileOf = (part: ReportPart): string | undefined =>
      part.objects[0]?.file ?? part.findings[0]?.location.file;
    const groupOf = (o: ReportObject) => {
      const ns = o.resource.namespace ?? '';
      let group = namespaces.get(ns);
      if (group === undefined) {
        group = { summary: emptySummary(), listed: [], unlisted: [] };
        namespaces.set(ownCopy(ns), group);
      }
      return group;
    };
    /** The results of the object, counted in its namespace, as YAML; '' when it has none. */
    const resultsText = (o: ReportObject, findings: FindingsByRule): string => {
      const results = objectResults(o, findings, rules, seconds);
      // A namespace is listed only with results.
      if (results.length === 0) return '';
      const summary = groupOf(o).summary;
      let text = '';
      for (const r of results) {
        summary[r.result]++;
        text += resultYaml(r);
      }
      return text;
    };
    /** Spools the object's results and lists it; undefined when it has none. */
    const add = (
      o: ReportObject,
      findings: FindingsByRule,
      listed: boolean,
    ): SpooledObject | undefined => {
      const text = resultsText(o, findings);
      if (text === '') return undefined;
      const group = groupOf(o);
      const entry = { ...ownSortKey(o.resource), record: spool.append(text) };
      (listed ? group.listed : group.unlisted).push(entry);
      return entry;
    };
    const byRule = (o: ReportObject, findings: readonly Finding[]): FindingsByRule =>
      findingsByObject(findings).get(objectKey(o.file, o.resource)) ?? new Map();
    const closeFile = () => {
      if (open === undefined) return;
      // The objects that came again: their results now, in the entry of their first listing.
      for (const [index, m] of open.merged) {
        const seen = open.seen[index]!;
        if (seen.entry === undefined) {
          add(m.o, byRule(m.o, m.findings), m.listed);
          continue;
        }
        seen.entry.record = spool.append(resultsText(m.o, byRule(m.o, m.findings)));
        if (m.listed && !seen.listed) {
          const group = groupOf(m.o);
          group.unlisted.splice(group.unlisted.indexOf(seen.entry), 1);
          group.listed.push(seen.entry);
        }
      }
      open.keys.close();
      open.raw.close();
      open = undefined;
    };
    const take = (part: Pick<ReportPart, 'objects' | 'findings'>) => {
      const byObject = findingsByObject(part.findings);
      for (const f of part.findings) ruleIds.add(f.ruleId);
      const { listed, unlisted } = distinctObjects(part.objects, part.findings);
      const one = (o: ReportObject, isListed: boolean) => {
        const key = objectKey(o.file, o.resource);
        const found = byObject.get(key) ?? new Map<string, Finding[]>();
        if (open === undefined) return void add(o, found, isListed);
        const index = open.keys.intern(key);
        if (index === open.seen.length) {
          const raw = open.raw.append(JSON.stringify({ o, findings: [...found.values()].flat() }));
          open.seen.push({ entry: add(o, found, isListed), listed: isListed, raw });
          return;
        }
        // Again in this file: the findings of every occurrence, in order (findingsByObject
        // keeps each rule's in the order given), and the first listed occurrence.
        const more = [...found.values()].flat();
        const m = open.merged.get(index);
        if (m !== undefined) {
          m.findings.push(...more);
          if (isListed && !m.listed) {
            m.o = o;
            m.listed = true;
          }
          return;
        }
        const seen = open.seen[index]!;
        const before = JSON.parse(open.raw.read(seen.raw)) as {
          o: ReportObject;
          findings: Finding[];
        };
        // What the first occurrence counted is counted again when the file ends.
        if (seen.entry !== undefined)
          for (const r of objectResults(
            before.o,
            byRule(before.o, before.findings),
            rules,
            seconds,
          ))
            groupOf(before.o).summary[r.result]--;
        open.merged.set(index, {
          o: isListed && !seen.listed ? o : before.o,
          findings: [...before.findings, ...more],
          listed: seen.listed || isListed,
        });
      };
      for (const o of listed) one(o, true);
      for (const o of unlisted) one(o, false);
    };
    return {
      part(part) {
        const file = fileOf(part);
        if (file === undefined) return;
        const single =
          part.objects.every((o) => o.file === file) &&
          part.findings.every((f) => f.location.file === file);
        if (open?.file !== file) closeFile();
        if (!single) return take(part);
        open ??= {
          file,
          keys: new SpooledStringIndex(options.spoolChars),
          seen: [],
          raw: new RecordSpool(options.spoolChars),
          merged: new Map(),
        };
        take(part);
      },
      end() {
        closeFile();
        // Objects that sort equal (the same kind, name and apiVersion in two files) have
        // their results interleaved by rule: each item's rule, from its first line.
        let ruleOfLine: Map<string, string> | undefined;
        const ruleOf = (item: string): string => {
          ruleOfLine ??= new Map([...ruleIds].map((id) => [`policy: ${value(id, RESULT)}\n`, id]));
          const line = `${item.slice(ITEM.length, item.indexOf('\n'))}\n`;
          const id = ruleOfLine.get(line);
          if (id === undefined) throw new Error(`policyreport: no rule for result ${line}`);
          return id;
        };
        out.write(POLICY_REPORTS_HEADER);
        reportOrder(namespaces.keys()).forEach((ns, i) => {
          const group = namespaces.get(ns)!;
          const objects = [...group.listed, ...group.unlisted].sort(compareObjects);
          if (i > 0) out.write('---\n');
          // A namespace is listed only with results: the list is never empty.
          out.write(`${reportHead(policyReport(ns, group.summary, []))}\n`);
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
        });
        spool.close();
      },
    };
  },
});
