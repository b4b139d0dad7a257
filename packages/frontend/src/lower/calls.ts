/**
 * Calls: methods of lists and strings, `Object.keys/values/entries`, `/re/.test(s)`, the
 * `@kpc/core` helpers, the rule context's `list`/`get` (lookups.ts) and the comprehensions
 * (comprehension.ts); `new` is never lowered.
 */
import type { ComprehensionOp, Expr, HelperName, Span } from '@kpc/ir';
import { FLAG_HELPERS, FLAG_NAME_PATTERN, HELPER_NAMES, ir } from '@kpc/ir';
import {
  type CallExpression,
  type Expression,
  type Identifier,
  type NewExpression,
  Node,
  SyntaxKind,
} from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { describeKinds, kindsOf, onlyKinds, presentKinds, type ValueKind } from '../type-kinds.ts';
import { pseudoOf } from './bindings.ts';
import { COMPREHENSIONS, comprehension } from './comprehension.ts';
import {
  type HandlerTable,
  isRejected,
  type Lowered,
  type MethodCall,
  type Mode,
} from './handler.ts';
import { GLOBAL_CALL_HINTS, GLOBAL_FUNCTION_HINTS, reject, STRING_METHOD_HINTS } from './hints.ts';
import { lookupCall } from './lookups.ts';
import { regexLiteralOf, regexTest } from './regex.ts';
import { abbreviate, isNewRegExp, MUTATING_METHODS, oneArg, skipParens } from './syntax.ts';

export const CALL_HANDLERS: HandlerTable = {
  [SyntaxKind.CallExpression]: callExpression,
  [SyntaxKind.NewExpression]: (_cx, n) => newExpression(n),
};

function callExpression(cx: ExprLowerer, n: CallExpression, scope: Scope, mode: Mode): Lowered {
  const sp = cx.span(n);
  if (n.hasQuestionDotToken())
    return reject(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      'optional calls `f?.()` are not supported',
      'call functions that always exist',
    );
  const args = n.getArguments() as Expression[];
  const spreadArg = args.find((a) => Node.isSpreadElement(a));
  if (spreadArg !== undefined)
    return reject(
      'FE_UNSUPPORTED_SYNTAX',
      spreadArg,
      'spread arguments are not supported',
      'pass the arguments one by one',
    );
  const callee = skipParens(n.getExpression());
  const lookupOp = pseudoOf(callee, scope);
  if (lookupOp?.kind === 'lookups') return lookupCall(cx, n, lookupOp.op, args, scope, sp);
  if (Node.isIdentifier(callee)) return helperCall(cx, n, callee, args, scope, sp);
  if (!Node.isPropertyAccessExpression(callee))
    return reject(
      'FE_UNSUPPORTED_CALL',
      n,
      'only methods and @kpc/core helpers can be called',
      'see docs/rule-language.md',
    );
  const method = callee.getName();
  const recv = skipParens(callee.getExpression());

  const call: MethodCall = { n, method, recv, args };
  if (Node.isIdentifier(recv) && recv.getText() === 'Object' && isGlobal(recv))
    return objectCall(cx, call, scope);

  // Array.isArray, JSON.stringify, Math.max, Number.parseInt, …
  if (Node.isIdentifier(recv) && GLOBAL_CALL_HINTS[recv.getText()] !== undefined && isGlobal(recv))
    return reject(
      'FE_UNSUPPORTED_CALL',
      n,
      `${recv.getText()}.${method} is not part of the rule language`,
      GLOBAL_CALL_HINTS[recv.getText()]!,
    );

  // `new Date().getFullYear()`: the receiver itself is the mistake; say that, not that the
  // method is unknown.
  if (Node.isNewExpression(skipParens(recv)) && !isNewRegExp(skipParens(recv)))
    cx.lower(recv as Expression, scope);

  // /re/.test(s)
  const regex = regexLiteralOf(recv);
  if (regex !== undefined) return regexTest(cx, call, regex, scope);
  if (kindsOf(recv.getType()).has('any'))
    return reject(
      'FE_ANY_TYPE',
      recv,
      `\`${abbreviate(recv.getText())}\` has type any`,
      'give it a precise type',
    );
  if (pseudoOf(recv, scope) !== undefined)
    return reject(
      'FE_UNSUPPORTED_CALL',
      n,
      `\`${method}\` is not a method of the rule context`,
      'read its fields',
    );

  const recvKinds = presentKinds(kindsOf(recv.getType()));
  const mayBeAbsent = kindsOf(n.getType()).has('undefined');
  const [receiver] = recvKinds.size === 1 ? recvKinds : [];
  const methods = receiver === undefined ? undefined : RECEIVER_METHODS[receiver];
  const result =
    methods !== undefined
      ? methods(cx, call, scope)
      : reject(
          'FE_UNSUPPORTED_CALL',
          n,
          `cannot call \`${method}\` on a value of type ${describeKinds(kindsOf(recv.getType()))}`,
          'see docs/rule-language.md for the supported methods',
        );
  if (isRejected(result)) return result;
  // `x?.m(…)` is undefined when x is absent, while the IR node yields a value of its own
  // there (some/includes/startsWith: false; every: true; filter/map/concat: []). Guard it,
  // except in a condition where the node's own value is false: false and undefined are
  // both falsy.
  const falseWhenAbsent =
    result.kind === 'listIncludes' ||
    result.kind === 'stringTest' ||
    (result.kind === 'comprehension' && result.op === 'some');
  if (mayBeAbsent && !(mode === 'bool' && falseWhenAbsent))
    return ir.cond(
      ir.compare('eq', cx.lower(recv, scope), ir.absent(sp), sp),
      ir.absent(sp),
      result,
      sp,
    );
  return result;
}

/** `Object.keys(m)`, `Object.values(m)`, `Object.entries(m)`; other `Object` functions are rejected. */
function objectCall(cx: ExprLowerer, { n, method, args }: MethodCall, scope: Scope): Lowered {
  const sp = cx.span(n);
  if (method === 'keys' || method === 'values' || method === 'entries') {
    const arg = oneArg(n, args);
    return ir.objectView(method, mapOperand(cx, arg, scope), sp);
  }
  if (method === 'assign' || method === 'defineProperty' || method === 'setPrototypeOf')
    return reject(
      'FE_MUTATION',
      n,
      `Object.${method} mutates an object`,
      'rule functions must not mutate',
    );
  return reject(
    'FE_UNSUPPORTED_CALL',
    n,
    `Object.${method} is not supported`,
    'use Object.keys, Object.values or Object.entries',
  );
}

/** The methods of a receiver whose type is one value kind, by that kind. */
const RECEIVER_METHODS: {
  readonly [K in ValueKind]?: (cx: ExprLowerer, call: MethodCall, scope: Scope) => Lowered;
} = { list: listMethod, string: stringMethod };

/** `xs.some(…)`, `xs.includes(x)`, `xs.concat(ys)`, … on a list. */
function listMethod(cx: ExprLowerer, { n, method, recv, args }: MethodCall, scope: Scope): Lowered {
  const sp = cx.span(n);
  if (MUTATING_METHODS.has(method))
    return reject(
      'FE_MUTATION',
      n,
      `Array.${method} mutates the array`,
      'compute a new list instead (filter, map, [...a, ...b])',
    );
  if (COMPREHENSIONS.has(method))
    return comprehension(cx, n, method as ComprehensionOp, recv, args, scope);
  if (method === 'includes') {
    const arg = oneArg(n, args);
    const itemKinds = kindsOf(arg.getType());
    const elementType = recv.getType().getNonNullableType().getNumberIndexType();
    const elementKinds = elementType ? kindsOf(elementType) : new Set<ValueKind>(['other']);
    if (
      !onlyKinds(itemKinds, 'string', 'number', 'boolean', 'undefined') ||
      !onlyKinds(elementKinds, 'string', 'number', 'boolean')
    )
      return reject(
        'FE_UNSUPPORTED_TYPE',
        n,
        'includes() is supported on lists of strings, numbers or booleans only',
        'use some((x) => …) to compare objects field by field',
      );
    return ir.listIncludes(cx.lower(recv, scope), cx.lower(arg, scope), sp);
  }
  if (method === 'concat') {
    const parts = [recv, ...args];
    for (const a of args)
      if (!onlyKinds(kindsOf(a.getType()), 'list'))
        return reject(
          'FE_UNSUPPORTED_TYPE',
          a,
          'concat() arguments must be lists',
          'wrap single items: a.concat([x])',
        );
    return ir.listConcat(
      parts.map((p) => cx.lower(p, scope)),
      sp,
    );
  }
  return reject(
    'FE_UNSUPPORTED_CALL',
    n,
    `Array.${method} is not part of the rule language`,
    'use every, some, filter, map, flatMap, includes, concat or .length',
  );
}

/** `s.startsWith(t)`, `s.endsWith(t)`, `s.includes(t)` on a string. */
function stringMethod(
  cx: ExprLowerer,
  { n, method, recv, args }: MethodCall,
  scope: Scope,
): Lowered {
  const sp = cx.span(n);
  if (method === 'startsWith' || method === 'endsWith' || method === 'includes') {
    const arg = oneArg(n, args);
    if (!onlyKinds(kindsOf(arg.getType()), 'string'))
      return reject(
        'FE_UNSUPPORTED_TYPE',
        arg,
        `${method}() needs a string argument`,
        "write `x ?? ''` for a value that may be absent",
      );
    return ir.stringTest(method, cx.lower(recv, scope), cx.lower(arg, scope), sp);
  }
  return reject(
    'FE_UNSUPPORTED_CALL',
    n,
    `String.${method} is not part of the rule language`,
    STRING_METHOD_HINTS[method] ??
      'use startsWith, endsWith, includes, .length or a regex literal with .test',
  );
}

/** `Object.keys(m ?? {})`: the `?? {}` is implied (objectView of absent is empty). */
function mapOperand(cx: ExprLowerer, arg: Expression, scope: Scope): Expr {
  const a = skipParens(arg);
  if (
    Node.isBinaryExpression(a) &&
    a.getOperatorToken().getKind() === SyntaxKind.QuestionQuestionToken
  ) {
    const right = skipParens(a.getRight());
    if (Node.isObjectLiteralExpression(right) && right.getProperties().length === 0) {
      requireMap(a.getLeft());
      return cx.lower(a.getLeft(), scope);
    }
  }
  requireMap(a);
  return cx.lower(a, scope);
}

function requireMap(n: Expression): void {
  const kinds = presentKinds(kindsOf(n.getType()));
  if (kinds.size !== 1 || !kinds.has('object'))
    throw new LowerError(
      'FE_UNSUPPORTED_TYPE',
      n,
      `Object.keys/values/entries of a value of type ${describeKinds(kindsOf(n.getType()))}`,
      'use it on maps such as labels, annotations or a volume source',
    );
}

function isGlobal(id: Node): boolean {
  const sym = id.getSymbol();
  if (sym === undefined) return false;
  const decls = sym.getDeclarations();
  return (
    decls.length > 0 &&
    decls.every((d) => {
      const path = d.getSourceFile().getFilePath();
      return /\/lib\.[\w.]*\.d\.ts$/.test(path) || path.includes('/@types/node/');
    })
  );
}

function helperCall(
  cx: ExprLowerer,
  n: CallExpression,
  callee: Identifier,
  args: Expression[],
  scope: Scope,
  sp: Span,
): Lowered {
  const name = callee.getText();
  if (name === 'RegExp' && isGlobal(callee))
    return reject(
      'FE_NON_LITERAL_REGEX',
      n,
      '`RegExp(…)` builds a pattern at run time',
      'write a regular-expression literal: /^…$/.test(s)',
    );
  const sym = callee.getSymbol();
  const target = sym?.isAlias() ? sym.getAliasedSymbol() : sym;
  const decl = target?.getDeclarations()[0];
  const helper = target?.getName() as HelperName | undefined;
  if (
    decl !== undefined &&
    helper !== undefined &&
    (HELPER_NAMES as readonly string[]).includes(helper) &&
    Node.isFunctionDeclaration(decl) &&
    samePath(decl.getSourceFile().getFilePath(), cx.core.helpersFile)
  ) {
    const expected = decl.getParameters().length;
    if (args.length !== expected)
      return reject(
        'FE_UNSUPPORTED_CALL',
        n,
        `${helper} takes ${expected} argument(s)`,
        'pass exactly the documented arguments',
      );
    for (const [i, a] of args.entries()) {
      const k = kindsOf(a.getType());
      // A helper whose parameter admits undefined defines what absent means
      // (labelSelectorMatches: an absent selector selects nothing).
      const admitsAbsent = kindsOf(decl.getParameters()[i]!.getType()).has('undefined');
      if (k.has('undefined') && !admitsAbsent)
        return reject(
          'FE_UNSUPPORTED_TYPE',
          a,
          `the argument of ${helper} may be undefined`,
          "supply a default, e.g. `c.image ?? ''`",
        );
    }
    const lowered = args.map((a) => cx.lower(a, scope));
    const flagName = lowered[1];
    if (
      FLAG_HELPERS.includes(helper) &&
      (flagName?.kind !== 'literal' ||
        typeof flagName.value !== 'string' ||
        !FLAG_NAME_PATTERN.test(flagName.value))
    )
      return reject(
        'FE_UNSUPPORTED_CALL',
        args[1] ?? n,
        `the flag name of ${helper} must be a string literal like '--profiling'`,
        'write the flag as a literal (or a module-level const): two dashes and the name, without `=value`',
      );
    return ir.call(helper, lowered, sp);
  }
  const builtin = isGlobal(callee) ? GLOBAL_FUNCTION_HINTS[name] : undefined;
  return reject(
    'FE_UNSUPPORTED_CALL',
    n,
    `\`${name}\` is not a function kpc can lower`,
    builtin ??
      (decl !== undefined && !decl.getSourceFile().isDeclarationFile()
        ? `kpc lowers only the rule's own each/check/message functions: inline \`${name}\`'s expression there (a \`const\` in the function body is fine); callable: the @kpc/core helpers (${HELPER_NAMES.join(', ')}) and the documented methods`
        : `only the @kpc/core helpers (${HELPER_NAMES.join(', ')}) and the documented methods can be called`),
  );
}

/** `new Date()`, `new RegExp(…)`, `new X()`: never a value of the rule language. */
function newExpression(n: NewExpression): Lowered {
  const callee = n.getExpression().getText();
  if (callee === 'Date')
    return reject(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      '`new Date()` reads the clock: a rule must give the same verdict whenever and wherever it runs',
      'compare with a rule parameter (e.g. a year or a date string in `params`) instead',
    );
  if (callee === 'RegExp')
    return reject(
      'FE_NON_LITERAL_REGEX',
      n,
      '`new RegExp(…)` builds a pattern at run time',
      'write a regular-expression literal: /^…$/.test(s)',
    );
  return reject(
    'FE_UNSUPPORTED_SYNTAX',
    n,
    '`new` is not allowed in rule functions',
    'use plain values',
  );
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\\/g, '/') === b.replace(/\\/g, '/');
}
