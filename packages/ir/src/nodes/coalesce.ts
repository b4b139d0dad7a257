import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `left ?? right`: `left` unless it is absent. */
export interface CoalesceNode extends NodeBase {
  readonly kind: 'coalesce';
  readonly left: Expr;
  readonly right: Expr;
}

export function coalesce(left: Expr, right: Expr, span?: Span): CoalesceNode {
  return freeze({ kind: 'coalesce', left, right, ...(span ? { span } : {}) });
}
