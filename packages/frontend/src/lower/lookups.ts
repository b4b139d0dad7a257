/** The rule context's `list` and `get`: lookups of other objects (docs/rule-language.md). */
import type { Expr, Span } from '@kpc/ir';
import { API_VERSION_PATTERN, ir, KIND_API_VERSIONS } from '@kpc/ir';
import { type CallExpression, type Expression, Node } from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { describeKinds, kindsOf, onlyKinds } from '../type-kinds.ts';
import { skipParens } from './syntax.ts';

const LOOKUP_OPTIONS = new Set(['apiVersion', 'namespace', 'name']);

/**
 * `list(kind, { apiVersion?, namespace?, name? })` → `lookup`; `get(kind, { …, name })` →
 * `index(lookup(…), 0)`, the object or absent. The kind and apiVersion are string literals
 * (a backend must know at compile time what to sync or authorise); the apiVersion may be
 * left out for built-in kinds. A written option is a filter even when its value is absent
 * (then nothing matches), exactly as the native `list` reads it.
 */
export function lookupCall(
  cx: ExprLowerer,
  n: CallExpression,
  op: 'list' | 'get',
  args: Expression[],
  scope: Scope,
  sp: Span,
): Expr {
  const usage = `${op}('NetworkPolicy', { namespace: metadata.namespace${op === 'get' ? ', name: …' : ''} })`;
  if (args.length < 1 || args.length > 2 || (op === 'get' && args.length !== 2))
    throw new LowerError(
      'FE_LOOKUP',
      n,
      `${op} takes a kind and ${op === 'get' ? 'an options object with the name' : 'an optional options object'}`,
      `write ${usage}`,
    );
  const kindArg = skipParens(args[0]!);
  if (!Node.isStringLiteral(kindArg) && !Node.isNoSubstitutionTemplateLiteral(kindArg))
    throw new LowerError(
      'FE_LOOKUP',
      kindArg,
      'the kind must be a string literal',
      `write ${usage}`,
    );
  const kind = kindArg.getLiteralValue();
  let apiVersion = Object.hasOwn(KIND_API_VERSIONS, kind) ? KIND_API_VERSIONS[kind] : undefined;
  const filters: { namespace?: Expr; name?: Expr } = {};
  const optionsArg = args[1] === undefined ? undefined : skipParens(args[1]);
  if (optionsArg !== undefined) {
    if (!Node.isObjectLiteralExpression(optionsArg))
      throw new LowerError(
        'FE_LOOKUP',
        optionsArg,
        `the options of ${op} must be an object literal`,
        `write ${usage}`,
      );
    for (const prop of optionsArg.getProperties()) {
      const name =
        Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop)
          ? prop.getName()
          : undefined;
      if (name === undefined || !LOOKUP_OPTIONS.has(name))
        throw new LowerError(
          'FE_LOOKUP',
          prop,
          `${op} takes the options apiVersion, namespace and name`,
          `write ${usage}`,
        );
      const value: Node = Node.isPropertyAssignment(prop)
        ? skipParens(prop.getInitializerOrThrow())
        : (prop as import('ts-morph').ShorthandPropertyAssignment).getNameNode();
      if (name === 'apiVersion') {
        if (!Node.isStringLiteral(value) && !Node.isNoSubstitutionTemplateLiteral(value))
          throw new LowerError(
            'FE_LOOKUP',
            value,
            'the apiVersion must be a string literal',
            "write { apiVersion: 'cilium.io/v2' }",
          );
        apiVersion = value.getLiteralValue();
        continue;
      }
      const kinds = kindsOf(value.getType());
      if (!onlyKinds(kinds, 'string', 'undefined'))
        throw new LowerError(
          'FE_UNSUPPORTED_TYPE',
          value,
          `the ${name} of ${op} must be a string (or absent), not ${describeKinds(kinds)}`,
          'pass a string field, e.g. metadata.namespace',
        );
      if (Node.isShorthandPropertyAssignment(prop)) {
        // `{ namespace }`: the local name's value (its symbol is the property's otherwise).
        const sym = prop.getValueSymbol();
        const bound = sym === undefined ? undefined : scope.lookup(sym.compilerSymbol);
        if (bound?.kind !== 'expr')
          throw new LowerError(
            'FE_LOOKUP',
            prop,
            `\`${name}\` is not a local value of the rule function`,
            `write ${name}: <expression>`,
          );
        filters[name as 'namespace' | 'name'] = bound.expr;
        continue;
      }
      filters[name as 'namespace' | 'name'] = cx.lower(value as Expression, scope);
    }
  }
  if (op === 'get' && filters.name === undefined)
    throw new LowerError('FE_LOOKUP', n, 'get needs the name', `write ${usage}`);
  if (apiVersion === undefined)
    throw new LowerError(
      'FE_LOOKUP',
      kindArg,
      `${kind} is not a built-in kind: kpc cannot infer its apiVersion`,
      `write ${op}('${kind}', { apiVersion: '<group>/<version>', … })`,
    );
  if (!API_VERSION_PATTERN.test(apiVersion))
    throw new LowerError(
      'FE_LOOKUP',
      optionsArg ?? kindArg,
      `"${apiVersion}" is not an apiVersion`,
      "write it as in manifests: 'v1', 'networking.k8s.io/v1'",
    );
  const found = ir.lookup(apiVersion, kind, filters, sp);
  return op === 'list' ? found : ir.index(found, ir.literal(0), sp);
}
