/**
 * The object set of a rule example (`RuleExample.cluster`): the other objects of "the
 * cluster" the example's rule reads, plus the example itself. Shared by the catalog's tests,
 * `kpc test` and the backends' generated test suites, so an example means the same everywhere.
 */
import { type ObjectSet, objectSet, type RuleExample } from '@kpc/ir';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import type { LoadResult } from '../loader/types.ts';

/** The example's `cluster` documents as loaded (diagnostics included); none when it has none. */
export function loadExampleCluster(example: RuleExample): LoadResult {
  if (example.cluster === undefined) return { documents: [], diagnostics: [], unreadableInputs: 0 };
  return parseManifestText(example.cluster, `${example.name}.cluster.yaml`);
}

/** The object set an example is judged in: its cluster objects and `object` (the example). */
export function exampleObjectSet(example: RuleExample, object: unknown): ObjectSet {
  return objectSet([object, ...loadExampleCluster(example).documents.map((d) => d.object)]);
}
