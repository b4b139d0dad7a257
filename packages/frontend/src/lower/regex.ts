/**
 * Regular expressions: only a literal (or a module-level `const` holding one) can be
 * tested, without flags, in the subset common to JavaScript and RE2 (regex-subset.ts).
 */
import { ir } from '@kpc/ir';
import { Node, type RegularExpressionLiteral, VariableDeclarationKind } from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import { checkRegexSubset } from '../regex-subset.ts';
import type { Scope } from '../scope.ts';
import { describeKinds, kindsOf, onlyKinds } from '../type-kinds.ts';
import { declarationOf } from './bindings.ts';
import type { Lowered, MethodCall } from './handler.ts';
import { reject } from './hints.ts';
import { isNewRegExp, oneArg, skipParens } from './syntax.ts';

/** `/re/.test(s)` on a string `s`, where `regex` is the literal `recv` stands for. */
export function regexTest(
  cx: ExprLowerer,
  { n, method, args }: MethodCall,
  regex: RegularExpressionLiteral,
  scope: Scope,
): Lowered {
  if (method !== 'test')
    return reject('FE_UNSUPPORTED_CALL', n, `RegExp.${method} is not supported`, 'use /…/.test(s)');
  const subject = oneArg(n, args);
  const subjectKinds = kindsOf(subject.getType());
  if (!onlyKinds(subjectKinds, 'string'))
    return reject(
      'FE_UNSUPPORTED_TYPE',
      subject,
      `regex test of a value of type ${describeKinds(subjectKinds)}`,
      "test strings only; write `re.test(s ?? '')` for a field that may be absent",
    );
  return ir.regexTest(regexPattern(regex), cx.lower(subject, scope), cx.span(n));
}

/** The regex literal `recv` is, or names; undefined when it is not a regex at all. */
export function regexLiteralOf(recv: Node): RegularExpressionLiteral | undefined {
  const r = skipParens(recv);
  if (Node.isRegularExpressionLiteral(r)) return r;
  if (Node.isIdentifier(r)) {
    const sym = r.getSymbol();
    const decl = sym ? declarationOf(sym) : undefined;
    if (Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      const lit = init ? skipParens(init) : undefined;
      if (lit && Node.isRegularExpressionLiteral(lit)) {
        if (decl.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const)
          throw new LowerError(
            'FE_MUTABLE_CAPTURE',
            r,
            `\`${r.getText()}\` is not a const`,
            'declare the regex with const',
          );
        return lit;
      }
      if (lit && isNewRegExp(lit))
        throw new LowerError(
          'FE_NON_LITERAL_REGEX',
          r,
          `\`${r.getText()}\` is built at run time`,
          'write a regular-expression literal',
        );
    }
  }
  if (isNewRegExp(r))
    throw new LowerError(
      'FE_NON_LITERAL_REGEX',
      r,
      '`new RegExp(…)` builds a pattern at run time',
      'write a regular-expression literal',
    );
  const t = r.getType();
  if (t.getSymbol()?.getName() === 'RegExp')
    throw new LowerError(
      'FE_NON_LITERAL_REGEX',
      r,
      'only regular-expression literals can be tested',
      'write /…/.test(s) or a module-level const holding a literal',
    );
  return undefined;
}

/** The pattern of a regex literal, checked against the common subset. */
function regexPattern(lit: RegularExpressionLiteral): string {
  const text = lit.getText();
  const slash = text.lastIndexOf('/');
  const source = text.slice(1, slash);
  const flags = text.slice(slash + 1);
  if (flags !== '')
    throw new LowerError(
      'FE_UNSUPPORTED_REGEX',
      lit,
      `regex flags (${flags}) are not supported`,
      'write the pattern without flags, e.g. [Aa] instead of /a/i',
      slash + 1,
    );
  const r = checkRegexSubset(source);
  if (!r.ok)
    throw new LowerError(
      'FE_UNSUPPORTED_REGEX',
      lit,
      `this pattern uses ${r.reason}, which is outside the common subset of JavaScript and RE2 regular expressions`,
      r.hint,
      1 + r.offset,
    );
  return r.pattern;
}
