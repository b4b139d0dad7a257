import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * JavaScript truthiness, resolved by the operand's static type:
 * `boolean` — the value is `true`; `string` — a non-empty string; `number` — a number
 * other than 0 (and not NaN); `object`/`list` — present (any map or list, even empty).
 * A value whose runtime type differs from `as` is falsy.
 */
export interface TruthyNode extends NodeBase {
  readonly kind: 'truthy';
  readonly as: 'boolean' | 'string' | 'number' | 'object' | 'list';
  readonly operand: Expr;
}

export function truthy(as: TruthyNode['as'], operand: Expr, span?: Span): TruthyNode {
  return freeze({ kind: 'truthy', as, operand, ...(span ? { span } : {}) });
}
