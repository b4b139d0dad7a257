import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * `Object.keys(m)`, `Object.values(m)`, `Object.entries(m)` of a map (labels,
 * annotations, a volume's source). Keys in JavaScript's `Object.keys` order over a
 * normalised manifest: canonical array-index keys ("0", "17") first in numeric order, then
 * every other key in ascending UTF-16 code-unit order (docs/ir.md, "Map key order";
 * backends must not rely on the map's own order). Entries are two-item lists `[key, value]`.
 * Not a map → the empty list.
 */
export interface ObjectViewNode extends NodeBase {
  readonly kind: 'objectView';
  readonly op: 'keys' | 'values' | 'entries';
  readonly object: Expr;
}

export function objectView(op: ObjectViewNode['op'], object: Expr, span?: Span): ObjectViewNode {
  return freeze({ kind: 'objectView', op, object, ...(span ? { span } : {}) });
}
