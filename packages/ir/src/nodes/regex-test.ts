import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * `/pattern/.test(s)`. The pattern is a literal in the common subset of JavaScript and
 * RE2 syntax (checked by the frontend; no flags but none). False when `s` is not a string.
 */
export interface RegexTestNode extends NodeBase {
  readonly kind: 'regexTest';
  readonly pattern: string;
  readonly subject: Expr;
}

export function regexTest(pattern: string, subject: Expr, span?: Span): RegexTestNode {
  return freeze({ kind: 'regexTest', pattern, subject, ...(span ? { span } : {}) });
}
