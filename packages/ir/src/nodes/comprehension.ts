import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

export type ComprehensionOp = 'every' | 'some' | 'filter' | 'map' | 'flatMap';

/**
 * `list.every(v => body)` and friends. `variable` is bound to each item in order.
 * A `list` that is not a list behaves as the empty list (every → true, some → false).
 * `flatMap` concatenates the lists its body returns (a non-list result contributes nothing).
 */
export interface ComprehensionNode extends NodeBase {
  readonly kind: 'comprehension';
  readonly op: ComprehensionOp;
  readonly list: Expr;
  readonly variable: string;
  readonly body: Expr;
}

export function comprehension(
  op: ComprehensionOp,
  list: Expr,
  variable: string,
  body: Expr,
  span?: Span,
): ComprehensionNode {
  return freeze({ kind: 'comprehension', op, list, variable, body, ...(span ? { span } : {}) });
}
