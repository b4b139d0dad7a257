/**
 * Type assertions: `as const`, widening `as T`, `satisfies T` and `!` on a value that is
 * never absent lower to the expression itself; anything that would make kpc lower by a type
 * the value may not have is rejected.
 */
import { type AsExpression, type NonNullExpression, SyntaxKind } from 'ts-morph';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { kindsOf } from '../type-kinds.ts';
import type { HandlerTable, Lowered, Mode } from './handler.ts';
import { reject } from './hints.ts';

export const ASSERTION_HANDLERS: HandlerTable = {
  [SyntaxKind.AsExpression]: asExpression,
  [SyntaxKind.SatisfiesExpression]: (cx, n, scope, mode) =>
    cx.lowerIn(n.getExpression(), scope, mode),
  [SyntaxKind.NonNullExpression]: nonNull,
};

function asExpression(cx: ExprLowerer, a: AsExpression, scope: Scope, mode: Mode): Lowered {
  if (a.getTypeNode()?.getText() === 'const') return cx.lowerIn(a.getExpression(), scope, mode);
  // A widening assertion (`xs as readonly string[]`) only forgets type information, so
  // decisions taken on the wider type still hold for the value; a narrowing one could
  // make kpc lower by a type the value does not have.
  const inner = a.getExpression();
  if (inner.getType().isAssignableTo(a.getType()) && !kindsOf(a.getType()).has('any'))
    return cx.lowerIn(inner, scope, mode);
  return reject(
    'FE_UNSUPPORTED_TYPE',
    a,
    'narrowing type assertions (`as T`) are not allowed: kpc lowers by the real type',
    'remove the assertion, or narrow with ?? and comparisons (widening assertions are fine)',
  );
}

function nonNull(cx: ExprLowerer, n: NonNullExpression, scope: Scope, mode: Mode): Lowered {
  const inner = n.getExpression();
  const k = kindsOf(inner.getType());
  if (k.has('undefined') || k.has('null'))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      n,
      '`!` asserts that a possibly-absent value is present; kpc would lower by a type the value may not have',
      "handle the absent case: `x ?? ''`, `x?.y`, or `x !== undefined && …`",
    );
  return cx.lowerIn(inner, scope, mode);
}
