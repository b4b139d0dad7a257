/**
 * Folding controller-owned results: on random ownership forests (Deployments, ReplicaSets,
 * Pods, CronJobs, Jobs; some owners missing from the dump, some references naming an
 * object of another uid, some objects without any result) with random verdicts, every result is either kept or folded into
 * exactly the topmost owner with the same verdict on the same rule, as a direct walk of the
 * generated parent links says; nothing is lost (kept results plus the counts they carry add
 * up to the input) and summaries match the results.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyReportObject, PolicyReportResult } from '../report/policyreport-reporter.ts';
import {
  type ControllerRef,
  controllerRefOf,
  type DumpObject,
  dumpObjectOf,
  foldOwnedResults,
} from './fold-owned.ts';

const RULES = ['r1', 'r2'] as const;
const VERDICTS = ['pass', 'fail', 'skip'] as const;
const KINDS = ['Deployment', 'ReplicaSet', 'Pod', 'CronJob', 'Job'] as const;

interface GenObject {
  readonly kind: (typeof KINDS)[number];
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  /** Index of the parent among earlier objects, or a parent that is not in the dump. */
  readonly parent: { readonly index: number; readonly uidMatches: boolean } | 'missing' | null;
  readonly verdicts: Partial<Record<(typeof RULES)[number], (typeof VERDICTS)[number]>>;
}

const arbForest = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      namespace: fc.constantFrom('a', 'b'),
      withUid: fc.boolean(),
      parent: fc.oneof(
        fc.constant(null),
        fc.constant('missing' as const),
        fc.record({ index: fc.nat(), uidMatches: fc.boolean() }),
      ),
      verdicts: fc.record(
        { r1: fc.constantFrom(...VERDICTS), r2: fc.constantFrom(...VERDICTS) },
        { requiredKeys: [] },
      ),
    }),
    { maxLength: 14 },
  )
  .map((raw): GenObject[] =>
    raw.map((r, i) => ({
      kind: r.kind,
      namespace: r.namespace,
      name: `o${i}`,
      uid: r.withUid ? `uid-${i}` : undefined,
      // Parents come earlier in the list (no cycles in what the API server makes), in the
      // same namespace, or the reference is to an object outside the dump.
      parent:
        r.parent === null || r.parent === 'missing' || i === 0
          ? r.parent === 'missing'
            ? 'missing'
            : null
          : { index: r.parent.index % i, uidMatches: r.parent.uidMatches },
      verdicts: r.verdicts,
    })),
  );

function result(o: GenObject, rule: string, verdict: string): PolicyReportResult {
  return {
    policy: rule,
    rule,
    result: verdict as PolicyReportResult['result'],
    message: `${o.name} ${rule}`,
    source: 'kpc',
    scored: true,
    timestamp: { seconds: 0, nanos: 0 },
    resources: [
      {
        apiVersion: 'v1',
        kind: o.kind,
        name: o.name,
        namespace: o.namespace,
        ...(o.uid !== undefined ? { uid: o.uid } : {}),
      },
    ],
  };
}

function build(objects: readonly GenObject[]) {
  const reports: PolicyReportObject[] = ['a', 'b'].map((ns) => {
    const results = objects
      .filter((o) => o.namespace === ns)
      .flatMap((o) => RULES.flatMap((r) => (o.verdicts[r] ? [result(o, r, o.verdicts[r])] : [])));
    return {
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: { name: `kpc-${ns}`, namespace: ns, labels: {} },
      summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
      results,
    };
  });
  const dump = objects.map((o): DumpObject => {
    const base = {
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      ...(o.uid !== undefined ? { uid: o.uid } : {}),
    };
    if (o.parent === null) return base;
    const ref: ControllerRef =
      o.parent === 'missing'
        ? { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'uid-gone' }
        : (() => {
            const p = objects[o.parent.index]!;
            return {
              apiVersion: 'apps/v1',
              kind: p.kind,
              name: p.name,
              // A reference whose uid is not the object's: the owner was deleted and a
              // namesake created (only a mismatch when both uids are known).
              ...(p.uid !== undefined
                ? { uid: o.parent.uidMatches ? p.uid : `${p.uid}-old` }
                : o.parent.uidMatches
                  ? {}
                  : { uid: 'uid-someone-else' }),
            };
          })();
    return { ...base, controller: ref };
  });
  return { reports, dump };
}

/** The model: an object's real owner, straight from the generated links. */
function ownerOf(objects: readonly GenObject[], o: GenObject): GenObject | undefined {
  if (o.parent === null || o.parent === 'missing') return undefined;
  const p = objects[o.parent.index]!;
  if (p.namespace !== o.namespace) return undefined;
  const refUid = p.uid !== undefined ? (o.parent.uidMatches ? p.uid : `${p.uid}-old`) : undefined;
  if (p.uid !== undefined && refUid !== p.uid) return undefined;
  return p;
}

describe('foldOwnedResults', () => {
  it('folds each result into the topmost owner with the same verdict, and loses none', () => {
    fc.assert(
      fc.property(arbForest, (objects) => {
        const { reports, dump } = build(objects);
        const input = reports.flatMap((r) => r.results);
        const out = foldOwnedResults(reports, dump);
        const kept = out.reports.flatMap((r) => r.results);
        const expectedKept: string[] = [];
        const expectedCounts = new Map<string, number>();
        for (const o of objects)
          for (const rule of RULES) {
            const v = o.verdicts[rule];
            if (v === undefined) continue;
            let target: GenObject | undefined;
            const seen = new Set([o]);
            for (let p = ownerOf(objects, o); p && !seen.has(p); p = ownerOf(objects, p)) {
              seen.add(p);
              if (p.verdicts[rule] === v) target = p;
            }
            if (target === undefined) expectedKept.push(`${o.name}/${rule}`);
            else {
              const k = `${target.name}/${rule}`;
              expectedCounts.set(k, (expectedCounts.get(k) ?? 0) + 1);
            }
          }
        const name = (r: PolicyReportResult) => `${r.resources[0]!.name}/${r.rule}`;
        expect(kept.map(name).sort()).toEqual(expectedKept.sort());
        for (const r of kept)
          expect(r.properties?.ownedObjects, name(r)).toBe(
            expectedCounts.has(name(r)) ? `${expectedCounts.get(name(r))}` : undefined,
          );
        const total = kept.reduce((n, r) => n + 1 + Number(r.properties?.ownedObjects ?? 0), 0);
        expect(total).toBe(input.length);
        expect(out.folded).toBe(input.length - kept.length);
        for (const r of out.reports) {
          expect(r.results.length).toBeGreaterThan(0);
          const sum = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
          for (const x of r.results) sum[x.result]++;
          expect(r.summary).toEqual(sum);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads the one controller reference of an object, and nothing else', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1' };
    expect(
      controllerRefOf({
        metadata: {
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u0' },
            { ...owner, controller: true },
          ],
        },
      }),
    ).toEqual(owner);
    // Owners that are not controllers (garbage-collection links only) fold nothing.
    expect(controllerRefOf({ metadata: { ownerReferences: [{ ...owner }] } })).toBeUndefined();
    expect(
      controllerRefOf({ metadata: { ownerReferences: [{ ...owner, controller: 'true' }] } }),
    ).toBeUndefined();
    // Two controllers is not what the API server stores: no guess.
    expect(
      controllerRefOf({
        metadata: {
          ownerReferences: [
            { ...owner, controller: true },
            { ...owner, name: 'web-2', controller: true },
          ],
        },
      }),
    ).toBeUndefined();
    expect(controllerRefOf({ metadata: { ownerReferences: 'web' } })).toBeUndefined();
    expect(controllerRefOf(null)).toBeUndefined();
    expect(
      dumpObjectOf('Pod', 'shop', 'web-1-a', {
        metadata: { uid: 'p1', ownerReferences: [{ ...owner, controller: true }] },
      }),
    ).toEqual({ kind: 'Pod', namespace: 'shop', name: 'web-1-a', uid: 'p1', controller: owner });
  });
});
