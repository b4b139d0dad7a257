/**
 * Names: what an identifier stands for (a bound expression, a module-level constant, the
 * rule context and its `params`, `list`/`get`), and binding names and destructuring
 * patterns to IR expressions.
 */
import type { Expr, Span } from '@kpc/ir';
import { ir } from '@kpc/ir';
import {
  type ArrayBindingPattern,
  type Identifier,
  Node,
  type ObjectBindingPattern,
  SyntaxKind,
  type Symbol as TsSymbol,
  type ts,
  VariableDeclarationKind,
} from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Binding, Scope } from '../scope.ts';
import type { HandlerTable, Lowered, Pseudo } from './handler.ts';
import { reject } from './hints.ts';
import { skipParens } from './syntax.ts';

/** The rule context's lookup functions. */
export const LOOKUP_OPS = new Set(['list', 'get']);
/** The rule context's fields that are roots of the IR. */
export const ROOT_KEYS = new Set(['object', 'metadata', 'spec']);

export const BINDING_HANDLERS: HandlerTable = {
  [SyntaxKind.Identifier]: (cx, n, scope) => identifier(cx, n, scope),
};

/** Binds the names of a destructuring pattern to parts of `value` (by substitution: the IR is pure). */
export function bindPattern(
  cx: ExprLowerer,
  pattern: ObjectBindingPattern | ArrayBindingPattern,
  value: Expr,
  scope: Scope,
): void {
  if (Node.isObjectBindingPattern(pattern)) {
    for (const el of pattern.getElements()) {
      if (el.getDotDotDotToken())
        throw new LowerError(
          'FE_OBJECT_SPREAD',
          el,
          'rest properties are not supported',
          'name the properties you use',
        );
      const prop = el.getPropertyNameNode();
      const nameNode = el.getNameNode();
      let key: string;
      if (prop === undefined) key = nameNode.getText();
      else if (Node.isIdentifier(prop) || Node.isStringLiteral(prop))
        key = Node.isStringLiteral(prop) ? prop.getLiteralValue() : prop.getText();
      else
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          prop,
          'computed keys in destructuring are not supported',
          'use a plain property name',
        );
      let part: Expr = ir.get(value, key, cx.span(el));
      const init = el.getInitializer();
      if (init !== undefined)
        part = ir.coalesce(part, cx.lowerIn(init, scope, 'value'), cx.span(init));
      bindName(cx, nameNode, part, scope);
    }
    return;
  }
  pattern.getElements().forEach((el, i) => {
    if (Node.isOmittedExpression(el)) return;
    if (el.getDotDotDotToken())
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        el,
        'rest elements are not supported',
        'name the elements you use',
      );
    let part: Expr = ir.index(value, ir.literal(i), cx.span(el));
    const init = el.getInitializer();
    if (init !== undefined)
      part = ir.coalesce(part, cx.lowerIn(init, scope, 'value'), cx.span(init));
    bindName(cx, el.getNameNode(), part, scope);
  });
}

/**
 * Binds a name or pattern to the rule context (`ctx`) or its `params`: `{ spec, params }`
 * of ctx become roots and the params pseudo-value, `{ x }` of params becomes `param x`.
 */
export function bindPseudo(cx: ExprLowerer, nameNode: Node, pseudo: Pseudo, scope: Scope): void {
  if (Node.isIdentifier(nameNode)) {
    scope.bind(symbolOf(nameNode), pseudo);
    return;
  }
  if (!Node.isObjectBindingPattern(nameNode))
    throw new LowerError(
      'FE_RULE_SHAPE',
      nameNode,
      pseudo.kind === 'ctx'
        ? 'the rule context must be a name or { spec, object, metadata, params, list, get }'
        : 'params must be a name or { name, … }',
      'write (c, { spec, params }) => …',
    );
  for (const el of nameNode.getElements()) {
    if (el.getDotDotDotToken())
      throw new LowerError(
        'FE_OBJECT_SPREAD',
        el,
        'rest properties of the rule context are not supported',
        'name the fields you use',
      );
    if (el.getInitializer() !== undefined)
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        el,
        pseudo.kind === 'ctx'
          ? 'defaults for rule context fields are not supported'
          : 'parameter defaults belong in the params declaration',
        pseudo.kind === 'ctx' ? 'the context fields are always present' : 'set `default` in params',
      );
    const prop = el.getPropertyNameNode();
    const key = prop === undefined ? el.getNameNode().getText() : prop.getText();
    const target = el.getNameNode();
    if (pseudo.kind === 'params') {
      bindName(cx, target, ir.param(key, cx.span(el)), scope);
    } else if (pseudo.kind === 'ctx' && LOOKUP_OPS.has(key)) {
      if (!Node.isIdentifier(target))
        throw new LowerError(
          'FE_RULE_SHAPE',
          target,
          `\`${key}\` of the rule context is a function`,
          `write (c, { ${key} }) => …`,
        );
      scope.bind(symbolOf(target), { kind: 'lookups', op: key as 'list' | 'get' });
    } else if (key === 'params') {
      bindPseudo(cx, target, { kind: 'params' }, scope);
    } else if (ROOT_KEYS.has(key)) {
      bindName(cx, target, ir.ref(key, cx.span(el)), scope);
    } else
      throw new LowerError(
        'FE_RULE_SHAPE',
        el,
        `the rule context has no field \`${key}\``,
        'use spec, object, metadata or params',
      );
  }
}

export function bindName(cx: ExprLowerer, nameNode: Node, value: Expr, scope: Scope): void {
  if (Node.isIdentifier(nameNode)) scope.bind(symbolOf(nameNode), { kind: 'expr', expr: value });
  else if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode))
    bindPattern(cx, nameNode, value, scope);
  else
    throw new LowerError(
      'FE_UNSUPPORTED_SYNTAX',
      nameNode,
      'unsupported binding',
      'use a plain name',
    );
}

/** The compiler symbol of a name the rule binds. */
export function symbolOf(node: Node): ts.Symbol {
  const s = node.getSymbol();
  if (s === undefined)
    throw new LowerError(
      'FE_UNRESOLVED_NAME',
      node,
      `cannot resolve \`${node.getText()}\``,
      'check the spelling and imports',
    );
  return s.compilerSymbol;
}

/** The ctx / params pseudo-value that `n` denotes, if any. */
export function pseudoOf(n: Node, scope: Scope): Pseudo | undefined {
  const e = skipParens(n);
  if (Node.isIdentifier(e)) {
    const sym = e.getSymbol();
    if (sym === undefined) return undefined;
    const b = scope.lookup(sym.compilerSymbol);
    if (b?.kind === 'ctx' || b?.kind === 'params' || b?.kind === 'lookups') return b;
    return undefined;
  }
  if (Node.isPropertyAccessExpression(e) && e.getName() === 'params') {
    const base = pseudoOf(e.getExpression(), scope);
    if (base?.kind === 'ctx') return { kind: 'params' };
  }
  if (Node.isPropertyAccessExpression(e) && LOOKUP_OPS.has(e.getName())) {
    const base = pseudoOf(e.getExpression(), scope);
    if (base?.kind === 'ctx') return { kind: 'lookups', op: e.getName() as 'list' | 'get' };
  }
  return undefined;
}

function identifier(cx: ExprLowerer, id: Identifier, scope: Scope): Lowered {
  const sym = id.getSymbol();
  if (id.getText() === 'undefined' && (sym === undefined || isGlobalUndefined(sym)))
    return ir.absent(cx.span(id));
  if (sym === undefined)
    return reject(
      'FE_UNRESOLVED_NAME',
      id,
      `cannot resolve \`${id.getText()}\``,
      'check the spelling and imports',
    );
  const bound: Binding | undefined = scope.lookup(sym.compilerSymbol);
  if (bound?.kind === 'expr') return withSpanIfRef(bound.expr, cx.span(id));
  return constant(cx, id, sym);
}

/** Inlines a module-level `const` (of this or another module), lowered without any bindings. */
function constant(cx: ExprLowerer, id: Node, sym: TsSymbol): Lowered {
  const decl = declarationOf(sym);
  if (decl === undefined)
    return reject(
      'FE_UNRESOLVED_NAME',
      id,
      `cannot resolve \`${id.getText()}\``,
      'check the spelling and imports',
    );
  if (Node.isVariableDeclaration(decl)) {
    const kind = decl.getVariableStatement()?.getDeclarationKind();
    if (kind !== VariableDeclarationKind.Const)
      return reject(
        'FE_MUTABLE_CAPTURE',
        id,
        `\`${id.getText()}\` is a \`${kind ?? 'mutable'}\` variable: its value may change`,
        'declare it with `const` (and a literal value) so that it is resolved at compile time',
      );
    if (!Node.isSourceFile(decl.getVariableStatement()?.getParent()))
      return reject(
        'FE_UNRESOLVED_NAME',
        id,
        `\`${id.getText()}\` is neither a module-level constant nor bound in this rule function`,
        'move the constant to module level, or bind it inside the rule function',
      );
    if (!Node.isIdentifier(decl.getNameNode()))
      return reject(
        'FE_UNSUPPORTED_SYNTAX',
        decl,
        'module-level destructuring is not supported',
        'declare each constant separately',
      );
    const init = decl.getInitializer();
    if (init === undefined)
      return reject(
        'FE_UNRESOLVED_NAME',
        id,
        `\`${id.getText()}\` has no value`,
        'initialise the constant',
      );
    return cx.lowerConstant(id, decl, init);
  }
  if (Node.isParameterDeclaration(decl) || Node.isBindingElement(decl))
    return reject(
      'FE_UNRESOLVED_NAME',
      id,
      `\`${id.getText()}\` belongs to an enclosing function`,
      'rule functions can only use their own parameters and module-level constants',
    );
  return reject(
    'FE_UNSUPPORTED_SYNTAX',
    id,
    `\`${id.getText()}\` (${decl.getKindName()}) cannot be used as a value in a rule`,
    'use module-level constants with literal values',
  );
}

/** The declaration of `sym`, through an import alias. */
export function declarationOf(sym: TsSymbol): Node | undefined {
  const target = sym.isAlias() ? (sym.getAliasedSymbol() ?? sym) : sym;
  return target.getDeclarations()[0];
}

function isGlobalUndefined(sym: TsSymbol): boolean {
  return sym.getDeclarations().length === 0 || sym.getName() === 'undefined';
}

/** A bound ref takes the span of its use site; other substituted expressions keep theirs. */
function withSpanIfRef(e: Expr, span: Span): Expr {
  return e.kind === 'ref' ? ir.ref(e.name, span) : e;
}
