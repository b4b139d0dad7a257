import type { Span } from './span.ts';

/** Fields every IR expression node carries. `span` never takes part in structural equality. */
export interface NodeBase {
  readonly span?: Span;
}

/** Freezes a node (shallowly; children are frozen by their own factories). */
export function freeze<T extends object>(node: T): T {
  return Object.freeze(node);
}

/** `node` with `span` set (the node itself when `span` is undefined). */
export function withSpan<T extends NodeBase>(node: T, span: Span | undefined): T {
  return span === undefined ? node : freeze({ ...node, span });
}
