/**
 * `kpc audit` reports a verdict once, at the object the user wrote: a Pod that a ReplicaSet
 * made, and the ReplicaSet that a Deployment made, carry their controller's pod template,
 * so a dump of all three would otherwise report one violation three times. A result on a
 * controller-owned object is folded into its controller's when an object up its
 * `metadata.ownerReferences` chain (the entry with `controller: true`) is in the same dump
 * and has a result for the same rule with the same verdict. Anything else stays: a Pod
 * that fails where its Deployment now passes (made from an older template, or changed
 * after creation) is a finding of its own, and so is a Pod whose owner is not in the dump.
 * Pure; the owning result says how many results it stands for (`ownedObjects`).
 */
import type { PolicyReportObject, PolicyReportResult } from '../report/policyreport-reporter.ts';

/** The controller reference of an object (`ownerReferences[]` entry with `controller: true`). */
export interface ControllerRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
}

/** How a result names its object. */
interface Subject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

const nameKey = (kind: string, namespace: string, name: string): string =>
  [kind, namespace, name].join('\u0000');

function subjectOf(r: PolicyReportResult): Subject | undefined {
  const res = r.resources[0];
  if (res?.kind === undefined || res.name === undefined) return undefined;
  return {
    kind: res.kind,
    namespace: res.namespace ?? '',
    name: res.name,
    ...(res.uid !== undefined ? { uid: res.uid } : {}),
  };
}

/** The controller reference in `metadata.ownerReferences`, if the object has exactly one. */
export function controllerRefOf(object: unknown): ControllerRef | undefined {
  const metadata = (object as { metadata?: unknown } | null)?.metadata;
  const refs = (metadata as { ownerReferences?: unknown } | null | undefined)?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const controllers = refs.filter(
    (r): r is Record<string, unknown> =>
      r !== null && typeof r === 'object' && (r as { controller?: unknown }).controller === true,
  );
  // Kubernetes allows at most one controller; more is not an object the API server made.
  if (controllers.length !== 1) return undefined;
  const { apiVersion, kind, name, uid } = controllers[0]!;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string')
    return undefined;
  return { apiVersion, kind, name, ...(typeof uid === 'string' && uid !== '' ? { uid } : {}) };
}

export interface FoldResult {
  readonly reports: PolicyReportObject[];
  /** Results folded into their controller's. */
  readonly folded: number;
}

/** An object of the dump as the fold sees it: its identity and its controller. */
export interface DumpObject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly controller?: ControllerRef;
}

/** The fold's view of a dump object, from the object itself. */
export function dumpObjectOf(
  kind: string,
  namespace: string | undefined,
  name: string | undefined,
  object: unknown,
): DumpObject {
  const uid = (object as { metadata?: { uid?: unknown } } | null)?.metadata?.uid;
  const controller = controllerRefOf(object);
  return {
    kind,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(typeof uid === 'string' && uid !== '' ? { uid } : {}),
    ...(controller !== undefined ? { controller } : {}),
  };
}

/**
 * Folds the results of controller-owned objects into their controllers' (see the module
 * comment). `objects` are every object of the dump (an owner without results of its own
 * still links its objects to its controller). Summaries are recounted; a report left
 * without results is dropped.
 */
export function foldOwnedResults(
  reports: readonly PolicyReportObject[],
  objects: readonly DumpObject[],
): FoldResult {
  const byUid = new Map<string, DumpObject>();
  const byName = new Map<string, DumpObject>();
  for (const o of objects) {
    if (o.uid !== undefined) byUid.set(o.uid, o);
    if (o.name !== undefined) byName.set(nameKey(o.kind, o.namespace ?? '', o.name), o);
  }
  /** The dump object a result is about. */
  const objectOf = (r: PolicyReportResult): DumpObject | undefined => {
    const s = subjectOf(r);
    if (s === undefined) return undefined;
    return (
      (s.uid !== undefined ? byUid.get(s.uid) : undefined) ??
      byName.get(nameKey(s.kind, s.namespace, s.name))
    );
  };
  // A namespaced object's owner is in its namespace or cluster-scoped; a cluster-scoped
  // object's owner is cluster-scoped (Kubernetes' garbage collector treats any other
  // reference as unresolvable). A reference whose uid is not the named object's names a
  // deleted owner's namesake.
  const canOwn = (owner: DumpObject, o: DumpObject): boolean =>
    owner.namespace === undefined || owner.namespace === o.namespace;
  const controllerOf = (o: DumpObject): DumpObject | undefined => {
    const ref = o.controller;
    if (ref === undefined) return undefined;
    const byRefUid = ref.uid !== undefined ? byUid.get(ref.uid) : undefined;
    if (byRefUid !== undefined) return canOwn(byRefUid, o) ? byRefUid : undefined;
    for (const ns of o.namespace !== undefined ? [o.namespace, ''] : ['']) {
      const owner = byName.get(nameKey(ref.kind, ns, ref.name));
      if (owner === undefined) continue;
      return ref.uid !== undefined && owner.uid !== undefined && owner.uid !== ref.uid
        ? undefined
        : owner;
    }
    return undefined;
  };
  const verdicts = new Map<DumpObject, Map<string, PolicyReportResult>>();
  for (const report of reports)
    for (const r of report.results) {
      const o = objectOf(r);
      if (o === undefined) continue;
      let m = verdicts.get(o);
      if (m === undefined) {
        m = new Map();
        verdicts.set(o, m);
      }
      m.set(r.rule, r);
    }
  /** The topmost object up `o`'s controller chain with the same verdict on `rule`. */
  const foldTarget = (o: DumpObject, rule: string, result: string): DumpObject | undefined => {
    let target: DumpObject | undefined;
    const seen = new Set<DumpObject>([o]);
    for (let p = controllerOf(o); p !== undefined && !seen.has(p); p = controllerOf(p)) {
      seen.add(p);
      if (verdicts.get(p)?.get(rule)?.result === result) target = p;
    }
    return target;
  };
  const dropped = new Set<PolicyReportResult>();
  const owned = new Map<PolicyReportResult, number>();
  for (const [o, rules] of verdicts)
    for (const [rule, r] of rules) {
      const target = foldTarget(o, rule, r.result);
      if (target === undefined) continue;
      dropped.add(r);
      const into = verdicts.get(target)!.get(rule)!;
      owned.set(into, (owned.get(into) ?? 0) + 1);
    }
  const out: PolicyReportObject[] = [];
  for (const report of reports) {
    const results = report.results
      .filter((r) => !dropped.has(r))
      .map((r) => {
        const n = owned.get(r);
        return n === undefined
          ? r
          : { ...r, properties: { ...r.properties, ownedObjects: `${n}` } };
      });
    if (results.length === 0) continue;
    const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of results) summary[r.result]++;
    out.push({ ...report, summary, results });
  }
  return { reports: out, folded: dropped.size };
}
