import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `!operand` over a boolean (the frontend wraps non-boolean operands in `truthy`). */
export interface NotNode extends NodeBase {
  readonly kind: 'not';
  readonly operand: Expr;
}

export function not(operand: Expr, span?: Span): NotNode {
  return freeze({ kind: 'not', operand, ...(span ? { span } : {}) });
}
