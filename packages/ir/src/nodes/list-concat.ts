import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** `[...a, ...b]` / `a.concat(b)`. A part that is not a list contributes nothing. */
export interface ListConcatNode extends NodeBase {
  readonly kind: 'listConcat';
  readonly lists: readonly Expr[];
}

export function listConcat(lists: readonly Expr[], span?: Span): ListConcatNode {
  return freeze({
    kind: 'listConcat',
    lists: Object.freeze([...lists]),
    ...(span ? { span } : {}),
  });
}
