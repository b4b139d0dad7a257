import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * `===`, `!==`, `<`, `<=`, `>`, `>=`. Equality is strict and only between scalars or
 * absent (absent === absent); a list or map equals nothing (the frontend lowers
 * `obj === undefined` to `truthy` instead, and rejects other object comparisons). Ordering holds only when both sides are numbers, or both
 * strings (compared by UTF-16 code units as JavaScript does); otherwise it is false.
 */
export interface CompareNode extends NodeBase {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
}

export function compare(op: CompareOp, left: Expr, right: Expr, span?: Span): CompareNode {
  return freeze({ kind: 'compare', op, left, right, ...(span ? { span } : {}) });
}
