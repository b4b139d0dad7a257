import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * The objects of one apiVersion and kind in the rule's object set ("the cluster": the linted
 * documents, the audited dump, the admission engine's cache; docs/ir.md, "Cross-object
 * rules"), filtered by namespace and name when given, ordered by (namespace, name) in UTF-16
 * code-unit order. A `namespace` or `name` whose value is not a string gives the empty list.
 * Each element is the normalised manifest, as a rule's subject is. A rule holding a lookup
 * is *referential*: evaluated without an object set it is an error outcome, never a pass.
 */
export interface LookupNode extends NodeBase {
  readonly kind: 'lookup';
  /** apiVersion of the referenced kind as written in manifests: 'v1', 'networking.k8s.io/v1', 'policy/v1'. */
  readonly apiVersion: string;
  /** Kind of the referenced objects: 'NetworkPolicy', 'ServiceAccount', 'Namespace', … */
  readonly resourceKind: string;
  /** Namespace to look in (a string expression). Omitted: every namespace, or a cluster-scoped kind. */
  readonly namespace?: Expr;
  /** Name to look up (a string expression). Given: the list has at most one element. */
  readonly name?: Expr;
}

export function lookup(
  apiVersion: string,
  resourceKind: string,
  opts: { readonly namespace?: Expr; readonly name?: Expr } = {},
  span?: Span,
): LookupNode {
  return freeze({
    kind: 'lookup',
    apiVersion,
    resourceKind,
    ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(span ? { span } : {}),
  });
}
