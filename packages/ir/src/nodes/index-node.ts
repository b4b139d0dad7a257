import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * Total computed access `object?.[key]`: a string key into a map (labels, annotations,
 * e.g. the AppArmor annotation of one container) or an integer index into a list.
 * Absent when the key is absent, has the wrong type, is out of range, or the value is null.
 */
export interface IndexNode extends NodeBase {
  readonly kind: 'index';
  readonly object: Expr;
  readonly key: Expr;
}

export function index(object: Expr, key: Expr, span?: Span): IndexNode {
  return freeze({ kind: 'index', object, key, ...(span ? { span } : {}) });
}
