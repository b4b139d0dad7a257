/** Where an IR node came from in the rule's TypeScript source (for diagnostics only). */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Fields every IR expression node carries. `span` never takes part in structural equality. */
export interface NodeBase {
  readonly span?: Span;
}

/** Freezes a node (shallowly; children are frozen by their own factories). */
export function freeze<T extends object>(node: T): T {
  return Object.freeze(node);
}

export function withSpan<T extends NodeBase>(node: T, span: Span | undefined): T {
  return span === undefined ? node : freeze({ ...node, span });
}
