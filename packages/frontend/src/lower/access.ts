/**
 * Property and element access: fields of the rule context and its `params`, `.length` of
 * lists and strings, fields of objects, map keys and list indexes.
 */
import type { Expr } from '@kpc/ir';
import { ir } from '@kpc/ir';
import {
  type ElementAccessExpression,
  Node,
  type PropertyAccessExpression,
  SyntaxKind,
} from 'ts-morph';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { describeKinds, kindsOf, onlyKinds, presentKinds } from '../type-kinds.ts';
import { pseudoOf, ROOT_KEYS } from './bindings.ts';
import type { HandlerTable, Lowered } from './handler.ts';
import { reject } from './hints.ts';
import { skipParens } from './syntax.ts';

export const ACCESS_HANDLERS: HandlerTable = {
  [SyntaxKind.PropertyAccessExpression]: (cx, n, scope) => propertyAccess(cx, n, scope),
  [SyntaxKind.ElementAccessExpression]: (cx, n, scope) => elementAccess(cx, n, scope),
};

function propertyAccess(cx: ExprLowerer, n: PropertyAccessExpression, scope: Scope): Lowered {
  const sp = cx.span(n);
  const name = n.getName();
  const recv = n.getExpression();
  const pseudo = pseudoOf(recv, scope);
  if (pseudo?.kind === 'ctx') {
    if (ROOT_KEYS.has(name)) return ir.ref(name, sp);
    return reject(
      'FE_RULE_SHAPE',
      n,
      `the rule context has no field \`${name}\``,
      'use spec, object, metadata or params',
    );
  }
  if (pseudo?.kind === 'params') return ir.param(name, sp);
  if (Node.isPrivateIdentifier(n.getNameNode()))
    return reject(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      'private fields are not supported',
      'use plain fields',
    );
  const recvKinds = presentKinds(kindsOf(recv.getType()));
  if (
    name === 'length' &&
    recvKinds.size === 1 &&
    (recvKinds.has('list') || recvKinds.has('string'))
  )
    return ir.length(cx.lower(recv, scope), sp);
  if (!onlyKinds(recvKinds, 'object'))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      n,
      `cannot read \`.${name}\` of a value of type ${describeKinds(recvKinds)}`,
      'read fields of objects; use .length on lists and strings',
    );
  if (name in Object.prototype)
    return reject(
      'FE_UNSUPPORTED_TYPE',
      n.getNameNode(),
      `\`.${name}\` is an Object.prototype member in JavaScript, not a manifest field`,
      `use Object.entries(m).some(([k, v]) => k === '${name}' && …) to read a map entry with this name`,
    );
  return ir.get(cx.lower(recv, scope), name, sp);
}

function elementAccess(cx: ExprLowerer, n: ElementAccessExpression, scope: Scope): Lowered {
  const sp = cx.span(n);
  const recv = n.getExpression();
  const arg = n.getArgumentExpression();
  if (arg === undefined) return reject('FE_UNSUPPORTED_SYNTAX', n, 'missing index', 'write m[key]');
  const pseudo = pseudoOf(recv, scope);
  if (pseudo !== undefined) {
    const a = skipParens(arg);
    if (!Node.isStringLiteral(a) && !Node.isNoSubstitutionTemplateLiteral(a))
      return reject(
        'FE_UNSUPPORTED_SYNTAX',
        arg,
        'computed keys on the rule context must be literals',
        'write ctx.spec or params.name',
      );
    const key = a.getLiteralValue();
    if (pseudo.kind === 'params') return ir.param(key, sp);
    if (ROOT_KEYS.has(key)) return ir.ref(key, sp);
    return reject(
      'FE_RULE_SHAPE',
      n,
      `the rule context has no field \`${key}\``,
      'use spec, object, metadata or params',
    );
  }
  const recvKinds = presentKinds(kindsOf(recv.getType()));
  const keyKinds = kindsOf(arg.getType());
  const listAccess = onlyKinds(recvKinds, 'list') && onlyKinds(keyKinds, 'number');
  const mapAccess = onlyKinds(recvKinds, 'object') && onlyKinds(keyKinds, 'string');
  if (recvKinds.size === 0 || keyKinds.size === 0 || (!listAccess && !mapAccess))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      n,
      `cannot index a value of type ${describeKinds(recvKinds)} with a key of type ${describeKinds(keyKinds)}`,
      'index maps with strings and lists with numbers',
    );
  const key = cx.lower(arg, scope);
  if (mapAccess && !cannotNamePrototypeMember(key))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      arg,
      'this computed key may name an Object.prototype member (e.g. "constructor"), which JavaScript would read from the prototype',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the hint shows the user a template literal.
      'build the key with a fixed prefix (e.g. `prefix/${c.name}`), or use Object.entries(m).some(([k, v]) => k === key && …)',
    );
  return ir.index(cx.lower(recv, scope), key, sp);
}

/**
 * True when a map key can never be the name of an `Object.prototype` member
 * (`constructor`, `toString`, `__proto__`, …): on a manifest map JavaScript would read
 * those from the prototype, where the IR reads absent. All such names consist of letters
 * and `_` only, so a literal part with any other character rules them out.
 */
function cannotNamePrototypeMember(key: Expr): boolean {
  if (key.kind === 'literal')
    return typeof key.value === 'string' && !(key.value in Object.prototype);
  if (key.kind === 'concat')
    return key.parts.some((p) => p.kind === 'literal' && /[^A-Za-z_]/.test(String(p.value)));
  return false;
}
