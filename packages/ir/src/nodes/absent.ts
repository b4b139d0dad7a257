import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** The absent value: JavaScript `undefined`, a missing field, or an explicit `null` in a manifest. */
export interface AbsentNode extends NodeBase {
  readonly kind: 'absent';
}

export function absent(span?: Span): AbsentNode {
  return freeze({ kind: 'absent', ...(span ? { span } : {}) });
}
