import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * Total property access `object?.key` with a static key. Absent when `object` is not a
 * map, or the key is missing or null. Only the map's own keys count (never a prototype
 * member such as `constructor`). (Plain `.` and `?.` lower the same way: on
 * well-typed manifests they only differ where JavaScript would throw.)
 */
export interface GetNode extends NodeBase {
  readonly kind: 'get';
  readonly object: Expr;
  readonly key: string;
}

export function get(object: Expr, key: string, span?: Span): GetNode {
  return freeze({ kind: 'get', object, key, ...(span ? { span } : {}) });
}
