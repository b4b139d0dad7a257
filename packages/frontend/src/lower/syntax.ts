/** Small questions about TypeScript syntax that several construct handlers ask. */
import { type CallExpression, type Expression, Node, SyntaxKind } from 'ts-morph';
import { LowerError } from '../lower-error.ts';

/** Array methods that change the array they are called on. */
export const MUTATING_METHODS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);

/** The expression inside any number of parentheses. */
export function skipParens(n: Expression): Expression;
export function skipParens(n: Node): Node;
export function skipParens(n: Node): Node {
  let e = n;
  while (Node.isParenthesizedExpression(e)) e = e.getExpression();
  return e;
}

export function isAssignmentOperator(op: SyntaxKind): boolean {
  return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
}

/** `new RegExp(…)` (not any `new`: `new Date()` is another mistake with its own message). */
export function isNewRegExp(e: Node): boolean {
  return Node.isNewExpression(e) && e.getExpression().getText() === 'RegExp';
}

/** An expression statement that assigns or mutates (rather than one that merely has no effect). */
export function isMutation(e: Node): boolean {
  if (Node.isBinaryExpression(e)) return isAssignmentOperator(e.getOperatorToken().getKind());
  if (Node.isPrefixUnaryExpression(e))
    return (
      e.getOperatorToken() === SyntaxKind.PlusPlusToken ||
      e.getOperatorToken() === SyntaxKind.MinusMinusToken
    );
  if (Node.isPostfixUnaryExpression(e)) return true;
  if (Node.isDeleteExpression(e)) return true;
  if (Node.isCallExpression(e)) {
    const c = e.getExpression();
    return Node.isPropertyAccessExpression(c) && MUTATING_METHODS.has(c.getName());
  }
  return false;
}

/** Source text on one line, cut to 60 characters, for messages. */
export function abbreviate(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

/** The one argument of a call that takes exactly one. */
export function oneArg(n: CallExpression, args: Expression[]): Expression {
  if (args.length !== 1)
    throw new LowerError(
      'FE_UNSUPPORTED_CALL',
      n,
      `expected exactly one argument, got ${args.length}`,
      'optional arguments (positions, thisArg) are not supported',
    );
  return args[0]!;
}
