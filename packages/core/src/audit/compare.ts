/**
 * `kpc audit --compare`: where the cluster's engines disagree with kpc on the same
 * objects. The cluster's verdicts come from the same dump: PolicyReports written by
 * Kyverno (any `source` other than kpc) and Gatekeeper constraints' `status.violations`.
 * kpc names its policies, constraints and rules by rule id (Gatekeeper constraints also
 * carry the `kpc.dev/rule` annotation), which is how a cluster verdict finds its rule.
 * Pure; never throws: an unreadable report or constraint is an AUDIT_COMPARE_INPUT warning.
 */
import { type Diagnostic, diagnostic } from '@kpc/ir';
import type { LoadedDocument } from '../loader/types.ts';
import type { PolicyReportObject, PolicyReportVerdict } from '../report/policyreport-reporter.ts';
import { isGatekeeperConstraint } from './dump-documents.ts';

/** An object as both sides name it. */
export interface VerdictSubject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

export type ClusterVerdict = 'pass' | 'fail' | 'skip' | 'error';

/** Everything one engine said in the dump. */
export interface EngineVerdicts {
  /** `kyverno` (or the report's source), or `gatekeeper`. */
  readonly engine: string;
  /** Rule ids the engine has a policy/constraint (with results) for. */
  readonly rules: Set<string>;
  /** `rule \0 kind \0 namespace \0 name` → verdict. */
  readonly verdicts: Map<string, ClusterVerdict>;
  /**
   * Rules whose verdict list is complete for every object: Gatekeeper stores at most
   * `--constraint-violations-limit` (default 20) violations, so beyond that a missing
   * object is not a pass.
   */
  readonly complete: Set<string>;
}

export type DriftKind =
  | 'policy-missing'
  | 'cluster-passes'
  | 'cluster-fails'
  | 'exception-missing'
  | 'cluster-skips'
  | 'not-evaluated';

/** One disagreement. */
export interface Drift {
  readonly kind: DriftKind;
  readonly engine: string;
  readonly ruleId: string;
  /** Absent for `policy-missing` (it is about the whole rule). */
  readonly subject?: VerdictSubject;
  readonly kpc?: PolicyReportVerdict;
  readonly cluster?: ClusterVerdict;
  /** The kpc exception id, for `exception-missing`. */
  readonly exception?: string;
  readonly message: string;
}

function key(rule: string, s: VerdictSubject): string {
  return [rule, s.kind, s.namespace ?? '', s.name ?? ''].join('\u0000');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function subjectOf(v: unknown): VerdictSubject | undefined {
  if (!isMap(v) || str(v.kind) === undefined) return undefined;
  const namespace = str(v.namespace);
  const name = str(v.name);
  return {
    kind: v.kind as string,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

function clusterVerdict(result: unknown): ClusterVerdict | undefined {
  switch (result) {
    case 'pass':
      return 'pass';
    case 'fail':
    case 'warn':
      return 'fail';
    case 'skip':
      return 'skip';
    case 'error':
      return 'error';
    default:
      return undefined;
  }
}

/**
 * Reads the engines' verdicts from a dump's PolicyReports and Gatekeeper constraints.
 * Results kpc wrote itself (`source: kpc`) are ignored; rules not in `ruleIds` too.
 */
export function readClusterVerdicts(
  sources: readonly LoadedDocument[],
  ruleIds: ReadonlySet<string>,
): { engines: EngineVerdicts[]; diagnostics: Diagnostic[] } {
  const engines = new Map<string, EngineVerdicts>();
  const diagnostics: Diagnostic[] = [];
  const engine = (name: string): EngineVerdicts => {
    let e = engines.get(name);
    if (e === undefined) {
      e = { engine: name, rules: new Set(), verdicts: new Map(), complete: new Set() };
      engines.set(name, e);
    }
    return e;
  };
  const warn = (doc: LoadedDocument, pointer: string, message: string): void => {
    diagnostics.push(
      diagnostic({
        code: 'AUDIT_COMPARE_INPUT',
        severity: 'warning',
        message,
        hint: 'This entry is left out of the comparison; the rest is compared.',
        location: doc.locate(pointer),
      }),
    );
  };
  for (const doc of sources) {
    const o = doc.object;
    if (isGatekeeperConstraint(doc)) {
      const meta = isMap(o.metadata) ? o.metadata : {};
      const annotations = isMap(meta.annotations) ? meta.annotations : {};
      const rule = str(annotations['kpc.dev/rule']) ?? str(meta.name);
      if (rule === undefined || !ruleIds.has(rule)) continue;
      const status = isMap(o.status) ? o.status : undefined;
      // A constraint the audit has not run on yet says nothing about any object.
      if (status === undefined || status.auditTimestamp === undefined) continue;
      const e = engine('gatekeeper');
      e.rules.add(rule);
      const violations = Array.isArray(status.violations) ? status.violations : [];
      const total = typeof status.totalViolations === 'number' ? status.totalViolations : 0;
      if (total <= violations.length) e.complete.add(rule);
      violations.forEach((v, i) => {
        const s = subjectOf(v);
        if (s === undefined) warn(doc, `/status/violations/${i}`, 'a violation without kind');
        else e.verdicts.set(key(rule, s), 'fail');
      });
      continue;
    }
    // PolicyReport / ClusterPolicyReport
    const results = Array.isArray(o.results) ? o.results : [];
    const scope = subjectOf(o.scope);
    for (const [i, r] of results.entries()) {
      if (!isMap(r)) {
        warn(doc, `/results/${i}`, 'a result that is not an object');
        continue;
      }
      const source = str(r.source) ?? 'unknown';
      if (source === 'kpc') continue;
      const policy = str(r.policy);
      const rule = policy !== undefined && ruleIds.has(policy) ? policy : undefined;
      if (rule === undefined) continue;
      const verdict = clusterVerdict(r.result);
      if (verdict === undefined) {
        warn(doc, `/results/${i}/result`, `unknown result ${JSON.stringify(r.result)}`);
        continue;
      }
      const subjects = Array.isArray(r.resources)
        ? r.resources.map(subjectOf)
        : scope !== undefined
          ? [scope]
          : [];
      if (subjects.length === 0 || subjects.some((s) => s === undefined)) {
        warn(doc, `/results/${i}`, 'a result without the resource it is about');
        continue;
      }
      const e = engine(source);
      e.rules.add(rule);
      e.complete.add(rule);
      for (const s of subjects) {
        const k = key(rule, s!);
        // Several results for one (object, rule): a failing one decides.
        const prev = e.verdicts.get(k);
        if (prev !== 'fail') e.verdicts.set(k, verdict);
      }
    }
  }
  return { engines: [...engines.values()], diagnostics };
}

/**
 * Compares kpc's PolicyReports with each engine's verdicts on the same (object, rule).
 * Only rules kpc judged, and only engines present in the dump, are compared. Sorted by
 * engine, rule, kind, namespace, name.
 */
export function compareWithCluster(
  kpcReports: readonly PolicyReportObject[],
  engines: readonly EngineVerdicts[],
): Drift[] {
  const drifts: Drift[] = [];
  for (const e of engines) {
    const missingPolicy = new Set<string>();
    for (const report of kpcReports)
      for (const r of report.results) {
        const s = subjectOf(r.resources[0]);
        if (s === undefined) continue;
        if (!e.rules.has(r.rule)) {
          missingPolicy.add(r.rule);
          continue;
        }
        const cluster = e.verdicts.get(key(r.rule, s));
        const exception = r.properties?.exception;
        const base = { engine: e.engine, ruleId: r.rule, subject: s, kpc: r.result };
        if (cluster === undefined) {
          // Gatekeeper lists violations only: absent from a complete list means it passes.
          if (e.engine === 'gatekeeper') {
            if (!e.complete.has(r.rule)) continue;
            if (r.result === 'fail')
              drifts.push({
                ...base,
                kind: 'cluster-passes',
                cluster: 'pass',
                message:
                  'the cluster passes what kpc fails: an older constraint, or an exemption the repository does not have',
              });
            continue;
          }
          drifts.push({
            ...base,
            kind: 'not-evaluated',
            message:
              'the cluster has no verdict on this object (not scanned yet, or outside the policy match)',
          });
          continue;
        }
        if (r.result === 'fail' && cluster === 'pass')
          drifts.push({
            ...base,
            kind: 'cluster-passes',
            cluster,
            message:
              'the cluster passes what kpc fails: an older policy, or an exception the repository does not have',
          });
        else if (r.result === 'pass' && cluster === 'fail')
          drifts.push({
            ...base,
            kind: 'cluster-fails',
            cluster,
            message:
              'the cluster fails what kpc passes: the deployed policy is not the one the repository compiles',
          });
        else if (r.result === 'skip' && (cluster === 'fail' || cluster === 'error'))
          drifts.push({
            ...base,
            kind: 'exception-missing',
            cluster,
            ...(exception !== undefined ? { exception } : {}),
            message: `kpc excepts it (${exception ?? 'an exception'}) but the cluster fails it: the cluster lacks the exception`,
          });
        else if (r.result === 'fail' && cluster === 'skip')
          drifts.push({
            ...base,
            kind: 'cluster-skips',
            cluster,
            message:
              'the cluster skips what kpc fails: an exception or policy filter the repository does not have',
          });
      }
    for (const rule of missingPolicy)
      drifts.push({
        kind: 'policy-missing',
        engine: e.engine,
        ruleId: rule,
        message: `no ${e.engine} verdict for rule ${rule} anywhere in the dump: its policy is not deployed (or not audited)`,
      });
  }
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return drifts.sort(
    (a, b) =>
      c(a.engine, b.engine) ||
      c(a.ruleId, b.ruleId) ||
      c(a.subject?.kind ?? '', b.subject?.kind ?? '') ||
      c(a.subject?.namespace ?? '', b.subject?.namespace ?? '') ||
      c(a.subject?.name ?? '', b.subject?.name ?? ''),
  );
}

/** One line per drift, for the terminal. */
export function formatDrift(d: Drift): string {
  if (d.subject === undefined) return `${d.engine}  ${d.ruleId}  ${d.kind}: ${d.message}`;
  const s = d.subject;
  const obj = `${s.kind} ${s.namespace !== undefined ? `${s.namespace}/` : ''}${s.name ?? '<unnamed>'}`;
  return `${d.engine}  ${d.ruleId}  ${obj}  kpc=${d.kpc} ${d.engine}=${d.cluster ?? 'none'}  ${d.kind}: ${d.message}`;
}
