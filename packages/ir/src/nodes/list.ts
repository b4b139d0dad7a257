import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** A list literal `[a, b]`. */
export interface ListNode extends NodeBase {
  readonly kind: 'list';
  readonly items: readonly Expr[];
}

export function list(items: readonly Expr[], span?: Span): ListNode {
  return freeze({ kind: 'list', items: Object.freeze([...items]), ...(span ? { span } : {}) });
}
