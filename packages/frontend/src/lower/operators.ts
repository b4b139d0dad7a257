/**
 * Operators: `===`/`!==` (comparison, or presence of an object or list), ordering, `&&`/`||`
 * (flattened, each operand a recovery boundary), `??`, `+` on strings, `!`, unary minus on
 * a number literal, the conditional `a ? b : c`. Binary operators dispatch from a table
 * keyed by the operator token's syntax kind.
 */
import type { CompareOp, Expr } from '@kpc/ir';
import { ir } from '@kpc/ir';
import {
  type BinaryExpression,
  type ConditionalExpression,
  type Expression,
  Node,
  type PrefixUnaryExpression,
  SyntaxKind,
} from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { describeKinds, kindsOf, onlyKinds, presentKinds } from '../type-kinds.ts';
import type { ExprHandler, HandlerTable, Lowered } from './handler.ts';
import { NULL_MESSAGE, reject } from './hints.ts';
import { concatParts, number } from './literals.ts';
import { abbreviate, isAssignmentOperator, skipParens } from './syntax.ts';

export const OPERATOR_HANDLERS: HandlerTable = {
  [SyntaxKind.BinaryExpression]: binary,
  [SyntaxKind.PrefixUnaryExpression]: (cx, n, scope) => prefixUnary(cx, n, scope),
  [SyntaxKind.ConditionalExpression]: conditional,
};

/** Binary operators by their token's syntax kind; any other operator is rejected. */
const BINARY_OPERATORS: { readonly [K in SyntaxKind]?: ExprHandler<BinaryExpression> } = {
  [SyntaxKind.EqualsEqualsEqualsToken]: strictEquality,
  [SyntaxKind.ExclamationEqualsEqualsToken]: strictEquality,
  [SyntaxKind.EqualsEqualsToken]: (_cx, n) => looseEquality(n),
  [SyntaxKind.ExclamationEqualsToken]: (_cx, n) => looseEquality(n),
  [SyntaxKind.LessThanToken]: ordering,
  [SyntaxKind.LessThanEqualsToken]: ordering,
  [SyntaxKind.GreaterThanToken]: ordering,
  [SyntaxKind.GreaterThanEqualsToken]: ordering,
  [SyntaxKind.AmpersandAmpersandToken]: logical,
  [SyntaxKind.BarBarToken]: logical,
  [SyntaxKind.QuestionQuestionToken]: (cx, n, scope) =>
    ir.coalesce(cx.lower(n.getLeft(), scope), cx.lower(n.getRight(), scope), cx.span(n)),
  [SyntaxKind.PlusToken]: (cx, n, scope) => plus(cx, n, scope),
  [SyntaxKind.CommaToken]: (_cx, n) =>
    reject('FE_UNSUPPORTED_SYNTAX', n, 'the comma operator is not allowed', 'write one expression'),
  [SyntaxKind.InKeyword]: (_cx, n) =>
    reject(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      '`in` is not supported',
      'compare the field with `!== undefined`',
    ),
  [SyntaxKind.InstanceOfKeyword]: (_cx, n) =>
    reject(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      '`instanceof` is not supported',
      'rely on the declared types',
    ),
};

const ORDERING: { readonly [K in SyntaxKind]?: CompareOp } = {
  [SyntaxKind.LessThanToken]: 'lt',
  [SyntaxKind.LessThanEqualsToken]: 'le',
  [SyntaxKind.GreaterThanToken]: 'gt',
  [SyntaxKind.GreaterThanEqualsToken]: 'ge',
};

function binary(
  cx: ExprLowerer,
  n: BinaryExpression,
  scope: Scope,
  mode: 'value' | 'bool',
): Lowered {
  const op = n.getOperatorToken().getKind();
  noAny(n.getLeft());
  noAny(n.getRight());
  const handler = BINARY_OPERATORS[op];
  if (handler !== undefined) return handler(cx, n, scope, mode);
  if (isAssignmentOperator(op))
    return reject(
      'FE_MUTATION',
      n,
      'assignments are not allowed in rule functions',
      'use `const` bindings and expressions',
    );
  return reject(
    'FE_UNSUPPORTED_SYNTAX',
    n.getOperatorToken(),
    `the operator \`${n.getOperatorToken().getText()}\` is not part of the rule language`,
    'see docs/rule-language.md for the supported operators',
  );
}

function strictEquality(cx: ExprLowerer, n: BinaryExpression, scope: Scope): Lowered {
  const sp = cx.span(n);
  const equal = n.getOperatorToken().getKind() === SyntaxKind.EqualsEqualsEqualsToken;
  const left = n.getLeft();
  const right = n.getRight();
  // `x === null` is a null complaint, not a type complaint about x.
  for (const side of [left, right])
    if (skipParens(side).getKind() === SyntaxKind.NullKeyword)
      return reject(
        'FE_NULL_LITERAL',
        side,
        NULL_MESSAGE,
        `write \`${n.getOperatorToken().getText()} undefined\` (a null field is absent, so this covers it)`,
      );
  // `obj === undefined` on an object or list: presence, which `truthy` decides exactly
  // (any map or list is truthy in JavaScript, even an empty one).
  const presence = presenceTest(left, right) ?? presenceTest(right, left);
  if (presence !== undefined) {
    const present = ir.truthy(presence.as, cx.lower(presence.operand, scope), sp);
    return equal ? ir.not(present, sp) : present;
  }
  requireScalar(left);
  requireScalar(right);
  return ir.compare(equal ? 'eq' : 'ne', cx.lower(left, scope), cx.lower(right, scope), sp);
}

function looseEquality(n: BinaryExpression): Lowered {
  const token = n.getOperatorToken();
  return reject(
    'FE_LOOSE_EQUALITY',
    token,
    `loose equality \`${token.getText()}\` is not allowed`,
    `use \`${token.getKind() === SyntaxKind.EqualsEqualsToken ? '===' : '!=='}\` (null and undefined are both "absent" and compare equal with === undefined)`,
  );
}

function ordering(cx: ExprLowerer, n: BinaryExpression, scope: Scope): Lowered {
  const left = n.getLeft();
  const right = n.getRight();
  const lk = kindsOf(left.getType());
  const rk = kindsOf(right.getType());
  const numbers = onlyKinds(lk, 'number') && onlyKinds(rk, 'number');
  const strings = onlyKinds(lk, 'string') && onlyKinds(rk, 'string');
  if (lk.size === 0 || rk.size === 0 || (!numbers && !strings))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      n,
      `ordering needs two numbers or two strings, not ${describeKinds(lk)} and ${describeKinds(rk)}`,
      'supply defaults for absent values, e.g. `(x ?? 0) > 0`',
    );
  const op = ORDERING[n.getOperatorToken().getKind()]!;
  return ir.compare(op, cx.lower(left, scope), cx.lower(right, scope), cx.span(n));
}

function logical(
  cx: ExprLowerer,
  n: BinaryExpression,
  scope: Scope,
  mode: 'value' | 'bool',
): Lowered {
  const sp = cx.span(n);
  const op = n.getOperatorToken().getKind();
  if (mode === 'value' && !(isStrictBoolean(n.getLeft()) && isStrictBoolean(n.getRight())))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      n,
      `the value of \`${n.getOperatorToken().getText()}\` is one of its operands; here it is used as a value and the operands are not both booleans`,
      'use it only as a condition, or write a conditional `a ? b : c` / `??` for values',
    );
  const operands: Expr[] = [];
  flattenLogical(cx, n, op, scope, operands);
  return op === SyntaxKind.AmpersandAmpersandToken ? ir.and(operands, sp) : ir.or(operands, sp);
}

function flattenLogical(
  cx: ExprLowerer,
  n: Expression,
  op: SyntaxKind,
  scope: Scope,
  out: Expr[],
): void {
  const e = skipParens(n);
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === op) {
    flattenLogical(cx, e.getLeft(), op, scope, out);
    flattenLogical(cx, e.getRight(), op, scope, out);
    return;
  }
  out.push(
    cx.recover(
      () => cx.lowerBool(e, scope),
      () => ir.literal(false, cx.span(e)),
    ),
  );
}

function isStrictBoolean(n: Node): boolean {
  const k = kindsOf(n.getType());
  return k.size === 1 && k.has('boolean');
}

/** `operand === undefined` where operand is an optional object or list. */
function presenceTest(
  operand: Expression,
  other: Expression,
): { as: 'object' | 'list'; operand: Expression } | undefined {
  const o = skipParens(other);
  if (!(Node.isIdentifier(o) && o.getText() === 'undefined')) return undefined;
  const k = presentKinds(kindsOf(operand.getType()));
  if (k.size === 1 && (k.has('object') || k.has('list')))
    return { as: k.has('object') ? 'object' : 'list', operand };
  return undefined;
}

/** FE_ANY_TYPE comes before any other complaint about an `any` operand. */
function noAny(n: Node): void {
  if (kindsOf(n.getType()).has('any'))
    throw new LowerError(
      'FE_ANY_TYPE',
      n,
      `\`${abbreviate(n.getText())}\` has type any`,
      'give it a precise type (kpc decides truthiness, equality and + by type)',
    );
}

function requireScalar(n: Expression): void {
  noAny(n);
  const k = kindsOf(n.getType());
  if (k.size === 0 || !onlyKinds(k, 'boolean', 'string', 'number', 'undefined', 'null'))
    throw new LowerError(
      'FE_UNSUPPORTED_TYPE',
      n,
      `=== and !== compare strings, numbers, booleans and undefined only; this is ${describeKinds(k)}`,
      'compare a field of the object, or test presence with `!== undefined` on a scalar field',
    );
}

function plus(cx: ExprLowerer, n: BinaryExpression, scope: Scope): Lowered {
  const k = kindsOf(n.getType());
  if (!(k.size === 1 && k.has('string')))
    return reject(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      'arithmetic is not part of the rule language; `+` joins strings only',
      'compare the values directly',
    );
  const parts: Expression[] = [];
  const flatten = (e: Expression): void => {
    const x = skipParens(e);
    if (
      Node.isBinaryExpression(x) &&
      x.getOperatorToken().getKind() === SyntaxKind.PlusToken &&
      onlyKinds(kindsOf(x.getType()), 'string')
    ) {
      flatten(x.getLeft());
      flatten(x.getRight());
    } else parts.push(x);
  };
  flatten(n);
  return ir.concat(concatParts(cx, parts, scope), cx.span(n));
}

function prefixUnary(cx: ExprLowerer, n: PrefixUnaryExpression, scope: Scope): Lowered {
  const op = n.getOperatorToken();
  const operand = n.getOperand();
  if (op === SyntaxKind.ExclamationToken) return ir.not(cx.lowerBool(operand, scope), cx.span(n));
  if (op === SyntaxKind.MinusToken) {
    const o = skipParens(operand);
    if (Node.isNumericLiteral(o)) return number(cx, n, -o.getLiteralValue());
  }
  if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken)
    return reject(
      'FE_MUTATION',
      n,
      '`++` and `--` mutate a variable',
      'compute a new value instead',
    );
  return reject(
    'FE_UNSUPPORTED_SYNTAX',
    n,
    'arithmetic is not part of the rule language',
    'compare values directly',
  );
}

function conditional(
  cx: ExprLowerer,
  c: ConditionalExpression,
  scope: Scope,
  mode: 'value' | 'bool',
): Lowered {
  return ir.cond(
    cx.lowerBool(c.getCondition(), scope),
    cx.lowerIn(c.getWhenTrue(), scope, mode),
    cx.lowerIn(c.getWhenFalse(), scope, mode),
    cx.span(c),
  );
}
