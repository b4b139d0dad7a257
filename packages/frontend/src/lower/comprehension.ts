/**
 * Comprehensions: `every`, `some`, `filter`, `map` and `flatMap` with an inline callback,
 * whose parameter is bound to a fresh IR variable; and the function forms rule functions
 * and callbacks may take.
 */
import type { ComprehensionOp } from '@kpc/ir';
import { ir } from '@kpc/ir';
import {
  type ArrayBindingPattern,
  type ArrowFunction,
  type CallExpression,
  type Expression,
  type FunctionDeclaration,
  type FunctionExpression,
  type MethodDeclaration,
  Node,
  type ObjectBindingPattern,
} from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { kindsOf, onlyKinds } from '../type-kinds.ts';
import { bindPattern, symbolOf } from './bindings.ts';
import type { Lowered, Mode } from './handler.ts';
import { reject } from './hints.ts';
import { lowerBody } from './statements.ts';
import { skipParens } from './syntax.ts';

/** The list methods that become a `comprehension` node. */
export const COMPREHENSIONS = new Set<string>(['every', 'some', 'filter', 'map', 'flatMap']);

/** `recv.<op>((x) => body)`: the callback's parameter becomes a fresh variable of the node. */
export function comprehension(
  cx: ExprLowerer,
  n: CallExpression,
  op: ComprehensionOp,
  recv: Expression,
  args: Expression[],
  scope: Scope,
): Lowered {
  const sp = cx.span(n);
  if (args.length !== 1)
    return reject(
      'FE_UNSUPPORTED_CALL',
      n,
      `${op}() takes exactly one callback here`,
      'remove the thisArg',
    );
  const fn = skipParens(args[0]!);
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn))
    return reject(
      'FE_UNSUPPORTED_CALL',
      fn,
      `the callback of ${op}() must be an inline arrow function`,
      `write xs.${op}((x) => …)`,
    );
  checkFunctionShape(fn);
  const params = fn.getParameters();
  if (params.length !== 1)
    return reject(
      'FE_UNSUPPORTED_SYNTAX',
      params.length === 0 ? fn : params[1]!,
      `the callback of ${op}() must take exactly one parameter`,
      'the index and array parameters are not supported',
    );
  const p = params[0]!;
  const nameNode = p.getNameNode();
  const inner = scope.child();
  const variable = inner.fresh(Node.isIdentifier(nameNode) ? nameNode.getText() : 'item');
  const v = ir.ref(variable, cx.span(nameNode));
  if (Node.isIdentifier(nameNode)) inner.bind(symbolOf(nameNode), { kind: 'expr', expr: v });
  else bindPattern(cx, nameNode as ObjectBindingPattern | ArrayBindingPattern, v, inner);
  const bodyMode: Mode = op === 'map' || op === 'flatMap' ? 'value' : 'bool';
  const body = lowerBody(cx, fn.getBody(), inner, bodyMode);
  if (op === 'flatMap') {
    const bodyNode = fn.getBody();
    const t = Node.isBlock(bodyNode) ? fn.getReturnType() : bodyNode.getType();
    if (!onlyKinds(kindsOf(t), 'list'))
      return reject(
        'FE_UNSUPPORTED_TYPE',
        fn,
        'the flatMap callback must return a list',
        'return [x] or [] explicitly',
      );
  }
  return ir.comprehension(op, cx.lower(recv, scope), variable, body, sp);
}

/** Rejects async, generator and parameter forms outside the subset. */
export function checkFunctionShape(
  fn: ArrowFunction | FunctionExpression | MethodDeclaration | FunctionDeclaration,
): void {
  if (fn.isAsync())
    throw new LowerError(
      'FE_ASYNC',
      fn,
      'async functions are not allowed in rules',
      'rule functions are synchronous',
    );
  if (!Node.isArrowFunction(fn) && fn.isGenerator())
    throw new LowerError(
      'FE_ASYNC',
      fn,
      'generator functions are not allowed in rules',
      'return a list',
    );
  for (const p of fn.getParameters()) {
    if (p.isRestParameter())
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        p,
        'rest parameters are not supported',
        'name each parameter',
      );
    if (p.hasInitializer())
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        p,
        'parameter defaults are not supported',
        'use ?? in the body',
      );
  }
}
