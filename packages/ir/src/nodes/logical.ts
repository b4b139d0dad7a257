import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `a && b && …` / `a || b || …` over booleans (the frontend wraps non-boolean operands in `truthy`). */
export interface LogicalNode extends NodeBase {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly operands: readonly Expr[];
}

export function and(operands: readonly Expr[], span?: Span): LogicalNode {
  return freeze({
    kind: 'logical',
    op: 'and',
    operands: Object.freeze([...operands]),
    ...(span ? { span } : {}),
  });
}

export function or(operands: readonly Expr[], span?: Span): LogicalNode {
  return freeze({
    kind: 'logical',
    op: 'or',
    operands: Object.freeze([...operands]),
    ...(span ? { span } : {}),
  });
}
