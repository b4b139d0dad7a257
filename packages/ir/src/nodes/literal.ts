import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** A string, finite number or boolean constant. Numbers in rules are integers unless a helper says otherwise. */
export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: string | number | boolean;
}

export function literal(value: string | number | boolean, span?: Span): LiteralNode {
  return freeze({ kind: 'literal', value, ...(span ? { span } : {}) });
}
