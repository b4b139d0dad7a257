import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * `x.length` of a list, or of a string in UTF-16 code units as JavaScript counts them
 * (CEL and Rego count code points: a backend lowers string length only where it can
 * keep this meaning, see docs/ir.md). Absent when `x` is neither.
 */
export interface LengthNode extends NodeBase {
  readonly kind: 'length';
  readonly operand: Expr;
}

export function length(operand: Expr, span?: Span): LengthNode {
  return freeze({ kind: 'length', operand, ...(span ? { span } : {}) });
}
