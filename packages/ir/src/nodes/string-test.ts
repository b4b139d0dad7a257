import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `s.startsWith(a)`, `s.endsWith(a)`, `s.includes(a)`. False when either side is not a string. */
export interface StringTestNode extends NodeBase {
  readonly kind: 'stringTest';
  readonly op: 'startsWith' | 'endsWith' | 'includes';
  readonly subject: Expr;
  readonly argument: Expr;
}

export function stringTest(
  op: StringTestNode['op'],
  subject: Expr,
  argument: Expr,
  span?: Span,
): StringTestNode {
  return freeze({ kind: 'stringTest', op, subject, argument, ...(span ? { span } : {}) });
}
