/**
 * Statements: a rule function's block body is `const` declarations followed by one
 * `return`, lowered to `let` nodes; every other statement is rejected, by its syntax kind
 * (hints.ts: STATEMENT_REJECTIONS), and the search goes on past it.
 */
import type { Expr, Span } from '@kpc/ir';
import { ir } from '@kpc/ir';
import { type Expression, Node, VariableDeclarationKind } from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';
import { bindPattern, bindPseudo, pseudoOf, symbolOf } from './bindings.ts';
import type { Mode } from './handler.ts';
import { rejectionAt, STATEMENT_REJECTIONS, syntaxName } from './hints.ts';
import { isMutation, skipParens } from './syntax.ts';

/**
 * Lowers the body of a rule function whose parameters are already bound in `scope`.
 * An expression body is lowered directly; a block body must be `const` declarations
 * followed by one `return`, which become `let` nodes.
 */
export function lowerBody(cx: ExprLowerer, body: Node, scope: Scope, mode: Mode): Expr {
  if (!Node.isBlock(body)) return cx.lowerIn(body as Expression, scope, mode);
  const statements = body.getStatements();
  const lets: { name: string; value: Expr; span: Span }[] = [];
  let inner = scope;
  let failedStatements = 0;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i]!;
    const last = i === statements.length - 1;
    if (Node.isReturnStatement(st)) {
      if (!last)
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          statements[i + 1]!,
          'unreachable statement after return',
          'remove it',
        );
      const e = st.getExpression();
      if (e === undefined)
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          st,
          'return without a value',
          'return an expression',
        );
      const returned = e;
      let result = cx.recover(
        () => cx.lowerIn(returned, inner, mode),
        () => ir.literal(false, cx.span(returned)),
      );
      for (let j = lets.length - 1; j >= 0; j--) {
        const l = lets[j]!;
        result = ir.let_(l.name, l.value, result, l.span);
      }
      return result;
    }
    if (Node.isVariableStatement(st)) {
      if (st.getDeclarationKind() !== VariableDeclarationKind.Const)
        cx.fail(
          new LowerError(
            'FE_MUTATION',
            st,
            `\`${st.getDeclarationKind()}\` declarations are not allowed in rule functions`,
            'use `const`: rule functions must not reassign variables',
          ),
        );
      for (const decl of st.getDeclarations()) {
        const init = decl.getInitializer();
        if (init === undefined)
          throw new LowerError(
            'FE_UNSUPPORTED_SYNTAX',
            decl,
            'const without initializer',
            'give it a value',
          );
        const pseudo = pseudoOf(init, inner);
        if (pseudo !== undefined) {
          // `const { params } = ctx;`, `const { allowed } = params;`: names, not values.
          inner = inner.child();
          bindPseudo(cx, decl.getNameNode(), pseudo, inner);
          continue;
        }
        // A failed initializer still binds its name (to a placeholder), so that later
        // statements are checked without a spurious "unresolved name".
        const value = cx.recover(
          () => cx.lowerIn(init, inner, 'value'),
          () => ir.literal(false, cx.span(init)),
        );
        inner = inner.child();
        const nameNode = decl.getNameNode();
        if (Node.isIdentifier(nameNode)) {
          const name = inner.fresh(nameNode.getText());
          inner.bind(symbolOf(nameNode), {
            kind: 'expr',
            expr: ir.ref(name, cx.span(nameNode)),
          });
          lets.push({ name, value, span: cx.span(decl) });
        } else {
          bindPattern(cx, nameNode, value, inner);
        }
      }
      continue;
    }
    cx.fail(statementError(st));
    failedStatements++;
  }
  // A rejected statement (an `if` that returns) already explains the missing `return`.
  if (failedStatements > 0) return ir.literal(false, cx.span(body));
  throw new LowerError(
    'FE_UNSUPPORTED_SYNTAX',
    body,
    'a block body must end with `return`',
    'write `const` declarations followed by one `return <expression>`',
  );
}

/** Why a statement other than `const` and `return` cannot be in a rule function. */
function statementError(st: Node): LowerError {
  const fixed = STATEMENT_REJECTIONS[st.getKind()];
  if (fixed !== undefined) return rejectionAt(st, fixed);
  if (Node.isExpressionStatement(st)) {
    const e = skipParens(st.getExpression());
    // `xs.forEach(x => found.push(x))`: a loop that collects by mutation.
    const callee = Node.isCallExpression(e) ? e.getExpression() : undefined;
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'forEach')
      return new LowerError(
        'FE_LOOP',
        e,
        '`forEach` runs a statement per element, and rule functions have no statements with effects',
        'compute the result as an expression: `const found = xs.filter((x) => …)`, or `xs.some(…)` / `xs.every(…)`; to report each element, use `each`',
      );
    if (isMutation(e))
      return new LowerError(
        'FE_MUTATION',
        e,
        'rule functions must not assign or mutate',
        'compute a new value with an expression instead',
      );
    return new LowerError(
      'FE_UNSUPPORTED_SYNTAX',
      st,
      'expression statements have no effect in a rule function',
      'remove it; a rule function is `const` declarations and one `return`',
    );
  }
  return new LowerError(
    'FE_UNSUPPORTED_SYNTAX',
    st,
    `${syntaxName(st)} is not allowed in rule functions`,
    'a block body holds only `const` declarations and one `return`',
  );
}
