import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * String concatenation (template literals, `+` on strings). Each part is a string or an
 * integer (printed in decimal). An absent part prints as `undefined`, as in JavaScript;
 * the frontend rejects parts whose type admits absent, so messages never say it.
 */
export interface ConcatNode extends NodeBase {
  readonly kind: 'concat';
  readonly parts: readonly Expr[];
}

export function concat(parts: readonly Expr[], span?: Span): ConcatNode {
  return freeze({ kind: 'concat', parts: Object.freeze([...parts]), ...(span ? { span } : {}) });
}
