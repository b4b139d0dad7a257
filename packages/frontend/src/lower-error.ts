import type { DiagnosticCode, SourceLocation, Span } from '@kpc/ir';
import type { Node } from 'ts-morph';

/**
 * A construct that cannot be lowered: returned by the handler of its node (lower/handler.ts)
 * or thrown from deeper, recorded per rule function (ExprLowerer.collectErrors) and turned
 * into one located diagnostic. Never escapes the public API.
 */
export class LowerError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    readonly node: Node,
    message: string,
    readonly hint?: string,
    /** Characters from the node's start to the offending spot (e.g. inside a regex literal). */
    readonly offset = 0,
  ) {
    super(message);
    this.name = 'LowerError';
  }
}

/**
 * Every lowering error of one rule function, in source order (ExprLowerer.collectErrors):
 * a user fixes them in one go instead of one per compile.
 */
export class LowerErrors extends Error {
  constructor(readonly errors: readonly LowerError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'LowerErrors';
  }
}

/** The 1-based start (and end) position of `node` in its file, reported under `file`. */
export function locationOf(node: Node, file: string, offset = 0): SourceLocation {
  const sf = node.getSourceFile();
  const start = sf.getLineAndColumnAtPos(Math.min(node.getStart() + offset, node.getEnd()));
  const end = sf.getLineAndColumnAtPos(node.getEnd());
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

/** The IR span of `node` (file, 1-based line and column of its start). */
export function spanOf(node: Node, file: string): Span {
  const { line, column } = node.getSourceFile().getLineAndColumnAtPos(node.getStart());
  return { file, line, column };
}
