import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `test ? then : otherwise`, with a boolean test. */
export interface CondNode extends NodeBase {
  readonly kind: 'cond';
  readonly test: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
}

export function cond(test: Expr, then: Expr, otherwise: Expr, span?: Span): CondNode {
  return freeze({ kind: 'cond', test, then, otherwise, ...(span ? { span } : {}) });
}
