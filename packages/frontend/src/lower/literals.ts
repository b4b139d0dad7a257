/**
 * Literals: strings, finite numbers, booleans, template literals (a `concat` of strings and
 * numbers), array literals with spreads (`list` / `listConcat`); object literals are not
 * values of the rule language.
 */
import type { Expr } from '@kpc/ir';
import { ir } from '@kpc/ir';
import {
  type ArrayLiteralExpression,
  type Expression,
  Node,
  type ObjectLiteralExpression,
  SyntaxKind,
  type TemplateExpression,
} from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { describeKinds, kindsOf, onlyKinds, presentKinds } from '../type-kinds.ts';
import type { HandlerTable, Lowered } from './handler.ts';
import { reject } from './hints.ts';
import { abbreviate } from './syntax.ts';

export const LITERAL_HANDLERS: HandlerTable = {
  [SyntaxKind.StringLiteral]: (cx, n) => ir.literal(n.getLiteralValue(), cx.span(n)),
  [SyntaxKind.NoSubstitutionTemplateLiteral]: (cx, n) =>
    ir.literal(n.getLiteralValue(), cx.span(n)),
  [SyntaxKind.NumericLiteral]: (cx, n) => number(cx, n, n.getLiteralValue()),
  [SyntaxKind.TrueKeyword]: (cx, n) => ir.literal(true, cx.span(n)),
  [SyntaxKind.FalseKeyword]: (cx, n) => ir.literal(false, cx.span(n)),
  [SyntaxKind.TemplateExpression]: (cx, n, scope) => template(cx, n, scope),
  [SyntaxKind.ArrayLiteralExpression]: (cx, n, scope) => arrayLiteral(cx, n, scope),
  [SyntaxKind.ObjectLiteralExpression]: (_cx, n) => objectLiteral(n),
};

/** A number literal (`value` is negated for `-1`): finite only. */
export function number(cx: ExprLowerer, n: Node, value: number): Lowered {
  if (!Number.isFinite(value))
    return reject('FE_UNSUPPORTED_SYNTAX', n, 'numbers must be finite', 'use a finite number');
  return ir.literal(value, cx.span(n));
}

function template(cx: ExprLowerer, n: TemplateExpression, scope: Scope): Lowered {
  const out: Expr[] = [];
  const head = n.getHead().getLiteralText();
  if (head !== '') out.push(ir.literal(head, cx.span(n.getHead())));
  for (const s of n.getTemplateSpans()) {
    out.push(...concatParts(cx, [s.getExpression()], scope));
    const text = s.getLiteral().getLiteralText();
    if (text !== '') out.push(ir.literal(text, cx.span(s.getLiteral())));
  }
  return ir.concat(out, cx.span(n));
}

/** The parts of a string built by `+` or a template: strings and numbers only, nested concats flattened. */
export function concatParts(cx: ExprLowerer, parts: Expression[], scope: Scope): Expr[] {
  const out: Expr[] = [];
  for (const p of parts) {
    const k = kindsOf(p.getType());
    if (k.size === 0 || !onlyKinds(k, 'string', 'number'))
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        p,
        `\`${abbreviate(p.getText())}\` (${describeKinds(k)}) cannot be part of a string: only strings and numbers can`,
        k.has('undefined')
          ? `supply a default: \`\${${abbreviate(p.getText())} ?? ''}\``
          : 'pick a string field, or convert with a ternary',
      );
    const e = cx.lower(p, scope);
    if (e.kind === 'concat') out.push(...e.parts);
    else out.push(e);
  }
  return out;
}

function arrayLiteral(cx: ExprLowerer, n: ArrayLiteralExpression, scope: Scope): Lowered {
  const sp = cx.span(n);
  const segments: Expr[] = [];
  let items: Expr[] = [];
  let spreads = 0;
  for (const el of n.getElements()) {
    if (Node.isOmittedExpression(el))
      return reject(
        'FE_UNSUPPORTED_SYNTAX',
        el,
        'holes in array literals are not supported',
        'remove the extra comma',
      );
    if (Node.isSpreadElement(el)) {
      spreads++;
      if (items.length > 0) segments.push(ir.list(items, cx.span(el)));
      items = [];
      const inner = el.getExpression();
      if (!onlyKinds(presentKinds(kindsOf(inner.getType())), 'list'))
        return reject(
          'FE_UNSUPPORTED_TYPE',
          inner,
          'only lists can be spread',
          'spread arrays: [...a, ...(b ?? [])]',
        );
      segments.push(cx.lower(inner, scope));
    } else items.push(cx.lower(el as Expression, scope));
  }
  if (spreads === 0) return ir.list(items, sp);
  if (items.length > 0) segments.push(ir.list(items, sp));
  return ir.listConcat(segments, sp);
}

function objectLiteral(o: ObjectLiteralExpression): Lowered {
  const spread = o.getProperties().find((p) => Node.isSpreadAssignment(p));
  if (spread !== undefined)
    return reject(
      'FE_OBJECT_SPREAD',
      spread,
      'object spread is not allowed in rule functions',
      'read the fields you need directly',
    );
  return reject(
    'FE_UNSUPPORTED_SYNTAX',
    o,
    'object literals are not values in the rule language',
    'return booleans, strings or lists; use `Object.keys(m ?? {})` for maps that may be absent',
  );
}
