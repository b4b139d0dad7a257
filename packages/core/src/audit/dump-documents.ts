/**
 * Cluster dumps for `kpc audit`: the output of `kubectl get … -A -o yaml|json`, which is a
 * `kind: List` (or `*List`) per dump. Sorts the loaded documents into the objects to audit
 * and the engines' own verdicts in the same dump (Kyverno PolicyReports, Gatekeeper
 * constraints) for `--compare`. Pure; never throws.
 */
import { type Diagnostic, diagnostic } from '@kpc/ir';
import type { LoadedDocument, LoadResult } from '../loader/types.ts';

/** A loaded dump, sorted. */
export interface SortedDump {
  /** Objects to audit (List items that are not reports or constraints). */
  readonly objects: readonly LoadedDocument[];
  /** PolicyReports, ClusterPolicyReports and Gatekeeper constraints found in the dump. */
  readonly verdictSources: readonly LoadedDocument[];
  /** AUDIT_NOT_A_LIST for each top-level document that is not a List. */
  readonly diagnostics: readonly Diagnostic[];
}

/** True for PolicyReport and ClusterPolicyReport objects of any wgpolicyk8s.io version. */
export function isPolicyReport(doc: Pick<LoadedDocument, 'apiVersion' | 'kind'>): boolean {
  return (
    doc.apiVersion.startsWith('wgpolicyk8s.io/') &&
    (doc.kind === 'PolicyReport' || doc.kind === 'ClusterPolicyReport')
  );
}

/** True for a Gatekeeper constraint (any kind in constraints.gatekeeper.sh). */
export function isGatekeeperConstraint(doc: Pick<LoadedDocument, 'apiVersion'>): boolean {
  return doc.apiVersion.startsWith('constraints.gatekeeper.sh/');
}

/**
 * Sorts one file's documents. A top-level object that is not a List item is not a dump:
 * it is reported (located, with a hint) and left out, so that an audit never mixes
 * repository manifests with cluster state unnoticed; the file's other documents are kept.
 */
export function sortDump(loaded: LoadResult): SortedDump {
  const objects: LoadedDocument[] = [];
  const verdictSources: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of loaded.documents) {
    if (doc.basePointer === '') {
      diagnostics.push(
        diagnostic({
          code: 'AUDIT_NOT_A_LIST',
          severity: 'error',
          message: `not a cluster dump: ${doc.kind} ${doc.namespace ? `${doc.namespace}/` : ''}${doc.name ?? '<unnamed>'} is a single object, not a List`,
          hint: 'Dump cluster state with `kubectl get <kinds> -A -o yaml` (it writes a kind: List); lint repository manifests with `kpc lint`.',
          location: doc.locate(''),
        }),
      );
      continue;
    }
    if (isPolicyReport(doc) || isGatekeeperConstraint(doc)) verdictSources.push(doc);
    else objects.push(doc);
  }
  return { objects, verdictSources, diagnostics };
}
