import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `list.includes(value)` for a list of scalars: strict equality. False when `list` is not a list. */
export interface ListIncludesNode extends NodeBase {
  readonly kind: 'listIncludes';
  readonly list: Expr;
  readonly value: Expr;
}

export function listIncludes(list: Expr, value: Expr, span?: Span): ListIncludesNode {
  return freeze({ kind: 'listIncludes', list, value, ...(span ? { span } : {}) });
}
