import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `const name = value;` followed by `body`, from a local `const` in a block-bodied function. */
export interface LetNode extends NodeBase {
  readonly kind: 'let';
  readonly name: string;
  readonly value: Expr;
  readonly body: Expr;
}

export function let_(name: string, value: Expr, body: Expr, span?: Span): LetNode {
  return freeze({ kind: 'let', name, value, body, ...(span ? { span } : {}) });
}
