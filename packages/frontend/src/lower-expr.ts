/**
 * Lowers TypeScript expressions and rule functions (in the documented subset, see
 * docs/rule-language.md) into Rule IR, using the type checker for every decision that
 * depends on types (truthiness, equality, `+`, `.length`, `includes`). Anything outside
 * the subset throws a `LowerError`; nothing is ever approximated.
 */

import type { Expr, Span } from '@kpc/ir';
import {
  API_VERSION_PATTERN,
  type CompareOp,
  type ComprehensionOp,
  FLAG_HELPERS,
  FLAG_NAME_PATTERN,
  HELPER_NAMES,
  type HelperName,
  ir,
  KIND_API_VERSIONS,
  type TruthyNode,
} from '@kpc/ir';
import {
  type ArrayBindingPattern,
  type BinaryExpression,
  type CallExpression,
  type Expression,
  Node,
  type ObjectBindingPattern,
  SyntaxKind,
  type Symbol as TsSymbol,
  VariableDeclarationKind,
} from 'ts-morph';
import { LowerError, LowerErrors, spanOf } from './lower-error.ts';
import { checkRegexSubset } from './regex-subset.ts';
import { type Binding, Scope } from './scope.ts';
import { describeKinds, kindsOf, onlyKinds, presentKinds, type ValueKind } from './type-kinds.ts';

/** How the value of an expression is used: as itself, or only for its truthiness. */
type Mode = 'value' | 'bool';

/** A name that stands for the rule context or its params, not for a value. */
type Pseudo =
  | { readonly kind: 'ctx' }
  | { readonly kind: 'params' }
  | { readonly kind: 'lookups'; readonly op: 'list' | 'get' };

const LOOKUP_OPS = new Set(['list', 'get']);
const LOOKUP_OPTIONS = new Set(['apiVersion', 'namespace', 'name']);

const ROOT_KEYS = new Set(['object', 'metadata', 'spec']);
const COMPREHENSIONS = new Set<string>(['every', 'some', 'filter', 'map', 'flatMap']);
const MUTATING_METHODS = new Set([
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
const NO_CONVERSION =
  'kpc has no number parsing or arithmetic (each backend would round and parse differently): compare fields that are numbers in the schema with < <= > >=, and test strings such as quantities ("500m", "2Gi") with a regex literal';
/** Hints for `<Global>.<method>(…)` calls, by global namespace. */
const GLOBAL_CALL_HINTS: Readonly<Record<string, string>> = {
  Array:
    'schema validation runs before rules, so a field typed as a list is a list or absent: test presence with `!== undefined`',
  JSON: 'read the fields you need directly; JSON text is not a value kpc can compare',
  Math: NO_CONVERSION,
  Number: NO_CONVERSION,
  String: `use a template literal \`\${x}\` on strings and numbers`,
  Date: 'rules must not depend on the time they run',
  Reflect: 'read the fields directly',
};
/** Hints for global functions called by name (`Number(x)`, `parseInt(x)`, …). */
const GLOBAL_FUNCTION_HINTS: Readonly<Record<string, string>> = {
  Number: NO_CONVERSION,
  parseInt: NO_CONVERSION,
  parseFloat: NO_CONVERSION,
  String: `use a template literal \`\${x}\` on strings and numbers`,
  Boolean: "write the condition itself (`x !== undefined`, `x === true`, `x !== ''`)",
  isNaN: NO_CONVERSION,
  encodeURIComponent: 'compare the text as it is',
  decodeURIComponent: 'compare the text as it is',
};
/** Hints for unsupported string methods, by method. */
const STRING_METHOD_HINTS: Readonly<Record<string, string>> = {
  toLowerCase:
    'there is no case conversion (JavaScript maps Unicode case, CEL and Rego map it differently): list the cases you accept, e.g. `/^(latest|LATEST|Latest)$/.test(tag)`, or a character class `/[Ll][Aa][Tt][Ee][Ss][Tt]/`',
  toUpperCase:
    'there is no case conversion (JavaScript maps Unicode case, CEL and Rego map it differently): list the cases you accept in a regex literal, e.g. `/[Ll][Aa][Tt][Ee][Ss][Tt]/`',
  split:
    'test the parts in place: startsWith/endsWith/includes, or a regex literal such as `/^[^/]+\\/team\\//.test(s)`; for image references use imageRegistry, imageTag and imageDigest from @kpc/core',
  trim: 'Kubernetes values are not padded; test the value as it is, or with a regex literal that allows spaces: `/^ *ok *$/`',
  match: 'use a regex literal with .test: `/^v[0-9]+$/.test(s)`',
  replace: 'test the value with a regex literal instead of rewriting it',
  replaceAll: 'test the value with a regex literal instead of rewriting it',
  indexOf: 'use includes, startsWith or endsWith',
  slice: 'use startsWith/endsWith, or a regex literal that anchors the part you mean',
  substring: 'use startsWith/endsWith, or a regex literal that anchors the part you mean',
  charAt: 'use startsWith, or a regex literal',
};
/**
 * A construct's name as a person writes it: the source text's first word when it is a
 * keyword (`label:`, `with`, `debugger`, `void`…), else the AST kind in words
 * (SwitchStatement → "switch statement").
 */
function syntaxName(n: Node): string {
  const word = /^[a-z]+\b/.exec(n.getText())?.[0];
  const kind = n
    .getKindName()
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return word !== undefined && kind.includes(word) ? `\`${word}\` (${kind})` : kind;
}

const BOOLEAN_NODES = new Set([
  'compare',
  'logical',
  'not',
  'truthy',
  'stringTest',
  'regexTest',
  'listIncludes',
]);

/** Where the `@kpc/core` declarations that the frontend recognises live. */
export interface CoreDeclarations {
  /** Real path of rule/helpers.ts. */
  readonly helpersFile: string;
}

/** Lowers expressions of one source file; `file` is the name used in spans. */
export class ExprLowerer {
  private readonly inProgress = new Set<Node>();
  /** While collectErrors runs: the errors recovered from so far. */
  private collected: LowerError[] | undefined;

  constructor(
    private readonly file: string,
    private readonly core: CoreDeclarations,
  ) {}

  private span(node: Node): Span {
    return spanOf(node, this.file);
  }

  // ------------------------------------------------------------ error recovery

  /**
   * Runs `fn` (the lowering of one rule function), recovering from errors at statement and
   * `&&`/`||` operand boundaries, and throws every error found as one LowerErrors (a single
   * one as it is). Recovery only continues the search: nothing is ever lowered from a
   * function with an error.
   */
  collectErrors<T>(fn: () => T): T {
    const outer = this.collected;
    const collected: LowerError[] = [];
    this.collected = collected;
    let result: T | undefined;
    try {
      result = fn();
    } catch (e) {
      if (!(e instanceof LowerError)) throw e;
      collected.push(e);
    } finally {
      this.collected = outer;
    }
    if (collected.length === 1) throw collected[0];
    if (collected.length > 1)
      throw new LowerErrors(
        [...collected].sort(
          (a, b) => a.node.getStart() + a.offset - (b.node.getStart() + b.offset),
        ),
      );
    return result as T;
  }

  /** `fn()`, or — while collecting errors — `placeholder` after recording its error. */
  private recover(fn: () => Expr, placeholder: () => Expr): Expr {
    if (this.collected === undefined) return fn();
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof LowerError)) throw e;
      this.collected.push(e);
      return placeholder();
    }
  }

  /** Throws `error`, or — while collecting errors — records it and returns. */
  private fail(error: LowerError): void {
    if (this.collected === undefined) throw error;
    this.collected.push(error);
  }

  // ---------------------------------------------------------------- functions

  /**
   * Lowers the body of a rule function whose parameters are already bound in `scope`.
   * An expression body is lowered directly; a block body must be `const` declarations
   * followed by one `return`, which become `let` nodes.
   */
  lowerBody(body: Node, scope: Scope, mode: Mode): Expr {
    if (!Node.isBlock(body)) return this.lowerIn(body as Expression, scope, mode);
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
        let result = this.recover(
          () => this.lowerIn(returned, inner, mode),
          () => ir.literal(false, this.span(returned)),
        );
        for (let j = lets.length - 1; j >= 0; j--) {
          const l = lets[j]!;
          result = ir.let_(l.name, l.value, result, l.span);
        }
        return result;
      }
      if (Node.isVariableStatement(st)) {
        if (st.getDeclarationKind() !== VariableDeclarationKind.Const)
          this.fail(
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
          const pseudo = this.pseudoOf(init, inner);
          if (pseudo !== undefined) {
            // `const { params } = ctx;`, `const { allowed } = params;`: names, not values.
            inner = inner.child();
            this.bindPseudo(decl.getNameNode(), pseudo, inner);
            continue;
          }
          // A failed initializer still binds its name (to a placeholder), so that later
          // statements are checked without a spurious "unresolved name".
          const value = this.recover(
            () => this.lowerIn(init, inner, 'value'),
            () => ir.literal(false, this.span(init)),
          );
          inner = inner.child();
          const nameNode = decl.getNameNode();
          if (Node.isIdentifier(nameNode)) {
            const name = inner.fresh(nameNode.getText());
            inner.bind(this.symbolOf(nameNode), {
              kind: 'expr',
              expr: ir.ref(name, this.span(nameNode)),
            });
            lets.push({ name, value, span: this.span(decl) });
          } else {
            this.bindPattern(nameNode, value, inner);
          }
        }
        continue;
      }
      this.fail(this.statementError(st));
      failedStatements++;
    }
    // A rejected statement (an `if` that returns) already explains the missing `return`.
    if (failedStatements > 0) return ir.literal(false, this.span(body));
    throw new LowerError(
      'FE_UNSUPPORTED_SYNTAX',
      body,
      'a block body must end with `return`',
      'write `const` declarations followed by one `return <expression>`',
    );
  }

  private statementError(st: Node): LowerError {
    if (
      Node.isForStatement(st) ||
      Node.isForOfStatement(st) ||
      Node.isForInStatement(st) ||
      Node.isWhileStatement(st) ||
      Node.isDoStatement(st)
    )
      return new LowerError(
        'FE_LOOP',
        st,
        'loops are not allowed in rule functions',
        'use every / some / filter / map on the array',
      );
    if (Node.isIfStatement(st))
      return new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        st,
        '`if` statements are not allowed in rule functions',
        'use a conditional expression `a ? b : c` or && / ||',
      );
    if (Node.isTryStatement(st) || Node.isThrowStatement(st))
      return new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        st,
        'try/catch and throw are not allowed in rule functions',
        'rule functions are total: use ?. and ?? for fields that may be absent',
      );
    if (Node.isClassDeclaration(st))
      return new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        st,
        'classes are not allowed in rule functions',
        'use plain expressions',
      );
    if (Node.isFunctionDeclaration(st))
      return new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        st,
        'nested function declarations are not allowed in rule functions',
        'inline the expression, or use a `const` binding of its value',
      );
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
    if (Node.isSwitchStatement(st))
      return new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        st,
        '`switch` statements are not allowed in rule functions',
        "use a conditional expression `x === 'a' ? … : …`, or `['a', 'b'].includes(x)`",
      );
    return new LowerError(
      'FE_UNSUPPORTED_SYNTAX',
      st,
      `${syntaxName(st)} is not allowed in rule functions`,
      'a block body holds only `const` declarations and one `return`',
    );
  }

  /** Binds the names of a destructuring pattern to parts of `value` (by substitution: the IR is pure). */
  bindPattern(
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
        let part: Expr = ir.get(value, key, this.span(el));
        const init = el.getInitializer();
        if (init !== undefined)
          part = ir.coalesce(part, this.lowerIn(init, scope, 'value'), this.span(init));
        this.bindName(nameNode, part, scope);
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
      let part: Expr = ir.index(value, ir.literal(i), this.span(el));
      const init = el.getInitializer();
      if (init !== undefined)
        part = ir.coalesce(part, this.lowerIn(init, scope, 'value'), this.span(init));
      this.bindName(el.getNameNode(), part, scope);
    });
  }

  /**
   * Binds a name or pattern to the rule context (`ctx`) or its `params`: `{ spec, params }`
   * of ctx become roots and the params pseudo-value, `{ x }` of params becomes `param x`.
   */
  bindPseudo(nameNode: Node, pseudo: Pseudo, scope: Scope): void {
    if (Node.isIdentifier(nameNode)) {
      scope.bind(this.symbolOf(nameNode), pseudo);
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
          pseudo.kind === 'ctx'
            ? 'the context fields are always present'
            : 'set `default` in params',
        );
      const prop = el.getPropertyNameNode();
      const key = prop === undefined ? el.getNameNode().getText() : prop.getText();
      const target = el.getNameNode();
      if (pseudo.kind === 'params') {
        this.bindName(target, ir.param(key, this.span(el)), scope);
      } else if (pseudo.kind === 'ctx' && LOOKUP_OPS.has(key)) {
        if (!Node.isIdentifier(target))
          throw new LowerError(
            'FE_RULE_SHAPE',
            target,
            `\`${key}\` of the rule context is a function`,
            `write (c, { ${key} }) => …`,
          );
        scope.bind(this.symbolOf(target), { kind: 'lookups', op: key as 'list' | 'get' });
      } else if (key === 'params') {
        this.bindPseudo(target, { kind: 'params' }, scope);
      } else if (ROOT_KEYS.has(key)) {
        this.bindName(target, ir.ref(key, this.span(el)), scope);
      } else
        throw new LowerError(
          'FE_RULE_SHAPE',
          el,
          `the rule context has no field \`${key}\``,
          'use spec, object, metadata or params',
        );
    }
  }

  private bindName(nameNode: Node, value: Expr, scope: Scope): void {
    if (Node.isIdentifier(nameNode))
      scope.bind(this.symbolOf(nameNode), { kind: 'expr', expr: value });
    else if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode))
      this.bindPattern(nameNode, value, scope);
    else
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        nameNode,
        'unsupported binding',
        'use a plain name',
      );
  }

  symbolOf(node: Node): import('ts-morph').ts.Symbol {
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

  // ------------------------------------------------------------- expressions

  /** Lowers `node` where its JavaScript value is used. */
  lower(node: Expression, scope: Scope): Expr {
    return this.lowerIn(node, scope, 'value');
  }

  /** Lowers `node` where only its truthiness matters; the result is always an IR boolean. */
  lowerBool(node: Expression, scope: Scope): Expr {
    return this.lowerIn(node, scope, 'bool');
  }

  lowerIn(node: Expression, scope: Scope, mode: Mode): Expr {
    const n = skipParens(node);
    const pseudo = this.pseudoOf(n, scope);
    if (pseudo?.kind === 'lookups')
      throw new LowerError(
        'FE_LOOKUP',
        n,
        `\`${pseudo.op}\` of the rule context can only be called`,
        `write ${pseudo.op}('NetworkPolicy', { namespace: … })`,
      );
    if (pseudo !== undefined)
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        n,
        pseudo.kind === 'ctx'
          ? 'the rule context can only be used through its fields'
          : '`params` can only be used through its fields',
        pseudo.kind === 'ctx'
          ? 'write ctx.spec, ctx.object, ctx.metadata or ctx.params.<name>'
          : 'write params.<name>',
      );
    this.guardType(n);
    const result = this.lowerNode(n, scope, mode);
    return mode === 'bool' ? this.toBool(result, n) : result;
  }

  /** Rejects `any`-typed and function-typed values before anything else looks at them. */
  private guardType(n: Node): void {
    if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) return;
    const kinds = kindsOf(n.getType());
    if (kinds.has('any'))
      throw new LowerError(
        'FE_ANY_TYPE',
        n,
        `\`${abbreviate(n.getText())}\` has type any`,
        'give it a precise type (kpc decides truthiness, equality and + by type)',
      );
    if (kinds.has('function'))
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        n,
        'functions are not values in the rule language',
        'call the method directly, e.g. xs.some((x) => …)',
      );
  }

  /** Wraps a non-boolean IR value in `truthy`, chosen by the TypeScript type of `n`. */
  toBool(e: Expr, n: Node): Expr {
    if (isBooleanExpr(e)) return e;
    return ir.truthy(this.truthyKind(n), e, e.span);
  }

  truthyKind(n: Node): TruthyNode['as'] {
    const kinds = presentKinds(kindsOf(n.getType()));
    if (kinds.has('any'))
      throw new LowerError(
        'FE_ANY_TYPE',
        n,
        `\`${abbreviate(n.getText())}\` has type any`,
        'give it a precise type',
      );
    if (kinds.size === 1) {
      const [k] = [...kinds] as [ValueKind];
      if (k === 'boolean' || k === 'string' || k === 'number' || k === 'object' || k === 'list')
        return k;
    }
    throw new LowerError(
      'FE_UNSUPPORTED_TYPE',
      n,
      `the truthiness of \`${abbreviate(n.getText())}\` (${describeKinds(kindsOf(n.getType()))}) is not defined in kpc`,
      "compare explicitly, e.g. `x !== undefined`, `x === true` or `x !== ''`",
    );
  }

  private lowerNode(n: Expression, scope: Scope, mode: Mode): Expr {
    const sp = this.span(n);
    switch (n.getKind()) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return ir.literal((n as import('ts-morph').StringLiteral).getLiteralValue(), sp);
      case SyntaxKind.NumericLiteral:
        return this.number(n, (n as import('ts-morph').NumericLiteral).getLiteralValue());
      case SyntaxKind.TrueKeyword:
        return ir.literal(true, sp);
      case SyntaxKind.FalseKeyword:
        return ir.literal(false, sp);
      case SyntaxKind.NullKeyword:
        throw new LowerError(
          'FE_NULL_LITERAL',
          n,
          '`null` does not exist in kpc rules: a null field is absent',
          'compare with `=== undefined`, or supply a default with `??`',
        );
      case SyntaxKind.Identifier:
        return this.identifier(n as import('ts-morph').Identifier, scope);
      case SyntaxKind.PropertyAccessExpression:
        return this.propertyAccess(n as import('ts-morph').PropertyAccessExpression, scope);
      case SyntaxKind.ElementAccessExpression:
        return this.elementAccess(n as import('ts-morph').ElementAccessExpression, scope);
      case SyntaxKind.CallExpression:
        return this.callExpression(n as CallExpression, scope, mode);
      case SyntaxKind.BinaryExpression:
        return this.binary(n as BinaryExpression, scope, mode);
      case SyntaxKind.PrefixUnaryExpression:
        return this.prefixUnary(n as import('ts-morph').PrefixUnaryExpression, scope);
      case SyntaxKind.PostfixUnaryExpression:
        throw new LowerError(
          'FE_MUTATION',
          n,
          '`++` and `--` mutate a variable',
          'compute a new value instead',
        );
      case SyntaxKind.ConditionalExpression: {
        const c = n as import('ts-morph').ConditionalExpression;
        return ir.cond(
          this.lowerBool(c.getCondition(), scope),
          this.lowerIn(c.getWhenTrue(), scope, mode),
          this.lowerIn(c.getWhenFalse(), scope, mode),
          sp,
        );
      }
      case SyntaxKind.TemplateExpression:
        return this.template(n as import('ts-morph').TemplateExpression, scope);
      case SyntaxKind.ArrayLiteralExpression:
        return this.arrayLiteral(n as import('ts-morph').ArrayLiteralExpression, scope);
      case SyntaxKind.AsExpression: {
        const a = n as import('ts-morph').AsExpression;
        if (a.getTypeNode()?.getText() === 'const')
          return this.lowerIn(a.getExpression(), scope, mode);
        // A widening assertion (`xs as readonly string[]`) only forgets type information, so
        // decisions taken on the wider type still hold for the value; a narrowing one could
        // make kpc lower by a type the value does not have.
        const inner = a.getExpression();
        if (inner.getType().isAssignableTo(a.getType()) && !kindsOf(a.getType()).has('any'))
          return this.lowerIn(inner, scope, mode);
        throw new LowerError(
          'FE_UNSUPPORTED_TYPE',
          n,
          'narrowing type assertions (`as T`) are not allowed: kpc lowers by the real type',
          'remove the assertion, or narrow with ?? and comparisons (widening assertions are fine)',
        );
      }
      case SyntaxKind.TypeAssertionExpression:
        throw new LowerError(
          'FE_UNSUPPORTED_TYPE',
          n,
          'type assertions are not allowed',
          'remove the assertion',
        );
      case SyntaxKind.SatisfiesExpression:
        return this.lowerIn(
          (n as import('ts-morph').SatisfiesExpression).getExpression(),
          scope,
          mode,
        );
      case SyntaxKind.NonNullExpression: {
        const inner = (n as import('ts-morph').NonNullExpression).getExpression();
        const k = kindsOf(inner.getType());
        if (k.has('undefined') || k.has('null'))
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            n,
            '`!` asserts that a possibly-absent value is present; kpc would lower by a type the value may not have',
            "handle the absent case: `x ?? ''`, `x?.y`, or `x !== undefined && …`",
          );
        return this.lowerIn(inner, scope, mode);
      }
      case SyntaxKind.AwaitExpression:
        throw new LowerError(
          'FE_ASYNC',
          n,
          '`await` is not allowed in rule functions',
          'rule functions are synchronous',
        );
      case SyntaxKind.ThisKeyword:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          '`this` is not allowed in rule functions',
          'use the function parameters',
        );
      case SyntaxKind.NewExpression: {
        const callee = (n as import('ts-morph').NewExpression).getExpression().getText();
        if (callee === 'Date')
          throw new LowerError(
            'FE_UNSUPPORTED_SYNTAX',
            n,
            '`new Date()` reads the clock: a rule must give the same verdict whenever and wherever it runs',
            'compare with a rule parameter (e.g. a year or a date string in `params`) instead',
          );
        if (callee === 'RegExp')
          throw new LowerError(
            'FE_NON_LITERAL_REGEX',
            n,
            '`new RegExp(…)` builds a pattern at run time',
            'write a regular-expression literal: /^…$/.test(s)',
          );
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          '`new` is not allowed in rule functions',
          'use plain values',
        );
      }
      case SyntaxKind.ObjectLiteralExpression: {
        const o = n as import('ts-morph').ObjectLiteralExpression;
        const spread = o.getProperties().find((p) => Node.isSpreadAssignment(p));
        if (spread !== undefined)
          throw new LowerError(
            'FE_OBJECT_SPREAD',
            spread,
            'object spread is not allowed in rule functions',
            'read the fields you need directly',
          );
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          'object literals are not values in the rule language',
          'return booleans, strings or lists; use `Object.keys(m ?? {})` for maps that may be absent',
        );
      }
      case SyntaxKind.RegularExpressionLiteral:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          'a regular expression can only be used as `/…/.test(s)`',
          'call .test on the literal',
        );
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          'functions can only be passed to every / some / filter / map / flatMap',
          'inline the expression',
        );
      case SyntaxKind.ClassExpression:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          'classes are not allowed in rule functions',
          'use plain expressions',
        );
      case SyntaxKind.DeleteExpression:
        throw new LowerError(
          'FE_MUTATION',
          n,
          '`delete` mutates an object',
          'rule functions must not mutate',
        );
      case SyntaxKind.TypeOfExpression:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          '`typeof` is not supported',
          'rely on the declared types; compare with `=== undefined` for absence',
        );
      case SyntaxKind.YieldExpression:
        throw new LowerError(
          'FE_ASYNC',
          n,
          'generators are not allowed in rule functions',
          'return a list',
        );
      default:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          `${syntaxName(n)} is not part of the rule language`,
          'see docs/rule-language.md for the supported subset',
        );
    }
  }

  private number(n: Node, value: number): Expr {
    if (!Number.isFinite(value))
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        n,
        'numbers must be finite',
        'use a finite number',
      );
    return ir.literal(value, this.span(n));
  }

  // ------------------------------------------------------------- names

  /** The ctx / params pseudo-value that `n` denotes, if any. */
  private pseudoOf(n: Node, scope: Scope): Pseudo | undefined {
    const e = skipParens(n);
    if (Node.isIdentifier(e)) {
      const sym = e.getSymbol();
      if (sym === undefined) return undefined;
      const b = scope.lookup(sym.compilerSymbol);
      if (b?.kind === 'ctx' || b?.kind === 'params' || b?.kind === 'lookups') return b;
      return undefined;
    }
    if (Node.isPropertyAccessExpression(e) && e.getName() === 'params') {
      const base = this.pseudoOf(e.getExpression(), scope);
      if (base?.kind === 'ctx') return { kind: 'params' };
    }
    if (Node.isPropertyAccessExpression(e) && LOOKUP_OPS.has(e.getName())) {
      const base = this.pseudoOf(e.getExpression(), scope);
      if (base?.kind === 'ctx') return { kind: 'lookups', op: e.getName() as 'list' | 'get' };
    }
    return undefined;
  }

  private identifier(id: import('ts-morph').Identifier, scope: Scope): Expr {
    const sym = id.getSymbol();
    if (id.getText() === 'undefined' && (sym === undefined || isGlobalUndefined(sym)))
      return ir.absent(this.span(id));
    if (sym === undefined)
      throw new LowerError(
        'FE_UNRESOLVED_NAME',
        id,
        `cannot resolve \`${id.getText()}\``,
        'check the spelling and imports',
      );
    const bound: Binding | undefined = scope.lookup(sym.compilerSymbol);
    if (bound?.kind === 'expr') return withSpanIfRef(bound.expr, this.span(id));
    return this.constant(id, sym);
  }

  /** Inlines a module-level `const` (of this or another module), lowered without any bindings. */
  private constant(id: Node, sym: TsSymbol): Expr {
    const decl = this.declarationOf(sym);
    if (decl === undefined)
      throw new LowerError(
        'FE_UNRESOLVED_NAME',
        id,
        `cannot resolve \`${id.getText()}\``,
        'check the spelling and imports',
      );
    if (Node.isVariableDeclaration(decl)) {
      const kind = decl.getVariableStatement()?.getDeclarationKind();
      if (kind !== VariableDeclarationKind.Const)
        throw new LowerError(
          'FE_MUTABLE_CAPTURE',
          id,
          `\`${id.getText()}\` is a \`${kind ?? 'mutable'}\` variable: its value may change`,
          'declare it with `const` (and a literal value) so that it is resolved at compile time',
        );
      if (!Node.isSourceFile(decl.getVariableStatement()?.getParent()))
        throw new LowerError(
          'FE_UNRESOLVED_NAME',
          id,
          `\`${id.getText()}\` is neither a module-level constant nor bound in this rule function`,
          'move the constant to module level, or bind it inside the rule function',
        );
      if (!Node.isIdentifier(decl.getNameNode()))
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          decl,
          'module-level destructuring is not supported',
          'declare each constant separately',
        );
      const init = decl.getInitializer();
      if (init === undefined)
        throw new LowerError(
          'FE_UNRESOLVED_NAME',
          id,
          `\`${id.getText()}\` has no value`,
          'initialise the constant',
        );
      if (this.inProgress.has(decl))
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          id,
          `\`${id.getText()}\` refers to itself`,
          'remove the cycle',
        );
      this.inProgress.add(decl);
      try {
        const sub = new ExprLowerer(this.file, this.core);
        // Share the cycle guard across nested constants.
        for (const d of this.inProgress) sub.inProgress.add(d);
        return sub.lower(init, Scope.root());
      } finally {
        this.inProgress.delete(decl);
      }
    }
    if (Node.isParameterDeclaration(decl) || Node.isBindingElement(decl))
      throw new LowerError(
        'FE_UNRESOLVED_NAME',
        id,
        `\`${id.getText()}\` belongs to an enclosing function`,
        'rule functions can only use their own parameters and module-level constants',
      );
    throw new LowerError(
      'FE_UNSUPPORTED_SYNTAX',
      id,
      `\`${id.getText()}\` (${decl.getKindName()}) cannot be used as a value in a rule`,
      'use module-level constants with literal values',
    );
  }

  private declarationOf(sym: TsSymbol): Node | undefined {
    const target = sym.isAlias() ? (sym.getAliasedSymbol() ?? sym) : sym;
    return target.getDeclarations()[0];
  }

  // ------------------------------------------------------------- access

  private propertyAccess(n: import('ts-morph').PropertyAccessExpression, scope: Scope): Expr {
    const sp = this.span(n);
    const name = n.getName();
    const recv = n.getExpression();
    const pseudo = this.pseudoOf(recv, scope);
    if (pseudo?.kind === 'ctx') {
      if (ROOT_KEYS.has(name)) return ir.ref(name, sp);
      throw new LowerError(
        'FE_RULE_SHAPE',
        n,
        `the rule context has no field \`${name}\``,
        'use spec, object, metadata or params',
      );
    }
    if (pseudo?.kind === 'params') return ir.param(name, sp);
    if (Node.isPrivateIdentifier(n.getNameNode()))
      throw new LowerError(
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
      return ir.length(this.lower(recv, scope), sp);
    if (!onlyKinds(recvKinds, 'object'))
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        n,
        `cannot read \`.${name}\` of a value of type ${describeKinds(recvKinds)}`,
        'read fields of objects; use .length on lists and strings',
      );
    if (name in Object.prototype)
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        n.getNameNode(),
        `\`.${name}\` is an Object.prototype member in JavaScript, not a manifest field`,
        `use Object.entries(m).some(([k, v]) => k === '${name}' && …) to read a map entry with this name`,
      );
    return ir.get(this.lower(recv, scope), name, sp);
  }

  private elementAccess(n: import('ts-morph').ElementAccessExpression, scope: Scope): Expr {
    const sp = this.span(n);
    const recv = n.getExpression();
    const arg = n.getArgumentExpression();
    if (arg === undefined)
      throw new LowerError('FE_UNSUPPORTED_SYNTAX', n, 'missing index', 'write m[key]');
    const pseudo = this.pseudoOf(recv, scope);
    if (pseudo !== undefined) {
      const a = skipParens(arg);
      if (!Node.isStringLiteral(a) && !Node.isNoSubstitutionTemplateLiteral(a))
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          arg,
          'computed keys on the rule context must be literals',
          'write ctx.spec or params.name',
        );
      const key = a.getLiteralValue();
      if (pseudo.kind === 'params') return ir.param(key, sp);
      if (ROOT_KEYS.has(key)) return ir.ref(key, sp);
      throw new LowerError(
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
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        n,
        `cannot index a value of type ${describeKinds(recvKinds)} with a key of type ${describeKinds(keyKinds)}`,
        'index maps with strings and lists with numbers',
      );
    const key = this.lower(arg, scope);
    if (mapAccess && !cannotNamePrototypeMember(key))
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        arg,
        'this computed key may name an Object.prototype member (e.g. "constructor"), which JavaScript would read from the prototype',
        'build the key with a fixed prefix (e.g. `prefix/${c.name}`), or use Object.entries(m).some(([k, v]) => k === key && …)',
      );
    return ir.index(this.lower(recv, scope), key, sp);
  }

  // ------------------------------------------------------------- calls

  private callExpression(n: CallExpression, scope: Scope, mode: Mode): Expr {
    const sp = this.span(n);
    if (n.hasQuestionDotToken())
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        n,
        'optional calls `f?.()` are not supported',
        'call functions that always exist',
      );
    const args = n.getArguments() as Expression[];
    const spreadArg = args.find((a) => Node.isSpreadElement(a));
    if (spreadArg !== undefined)
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        spreadArg,
        'spread arguments are not supported',
        'pass the arguments one by one',
      );
    const callee = skipParens(n.getExpression());
    const lookupOp = this.pseudoOf(callee, scope);
    if (lookupOp?.kind === 'lookups') return this.lookupCall(n, lookupOp.op, args, scope, sp);
    if (Node.isIdentifier(callee)) return this.helperCall(n, callee, args, scope, sp);
    if (!Node.isPropertyAccessExpression(callee))
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        'only methods and @kpc/core helpers can be called',
        'see docs/rule-language.md',
      );
    const method = callee.getName();
    const recv = skipParens(callee.getExpression());

    // Object.keys / values / entries
    if (Node.isIdentifier(recv) && recv.getText() === 'Object' && this.isGlobal(recv)) {
      if (method === 'keys' || method === 'values' || method === 'entries') {
        const arg = this.oneArg(n, args);
        return ir.objectView(method, this.mapOperand(arg, scope), sp);
      }
      if (method === 'assign' || method === 'defineProperty' || method === 'setPrototypeOf')
        throw new LowerError(
          'FE_MUTATION',
          n,
          `Object.${method} mutates an object`,
          'rule functions must not mutate',
        );
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        `Object.${method} is not supported`,
        'use Object.keys, Object.values or Object.entries',
      );
    }

    // Array.isArray, JSON.stringify, Math.max, Number.parseInt, …
    if (
      Node.isIdentifier(recv) &&
      GLOBAL_CALL_HINTS[recv.getText()] !== undefined &&
      this.isGlobal(recv)
    )
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        `${recv.getText()}.${method} is not part of the rule language`,
        GLOBAL_CALL_HINTS[recv.getText()]!,
      );

    // `new Date().getFullYear()`: the receiver itself is the mistake; say that, not that the
    // method is unknown.
    if (Node.isNewExpression(skipParens(recv)) && !isNewRegExp(skipParens(recv)))
      this.lower(recv as Expression, scope);

    // /re/.test(s)
    const regex = this.regexLiteralOf(recv);
    if (regex !== undefined) {
      if (method !== 'test')
        throw new LowerError(
          'FE_UNSUPPORTED_CALL',
          n,
          `RegExp.${method} is not supported`,
          'use /…/.test(s)',
        );
      const subject = this.oneArg(n, args);
      const subjectKinds = kindsOf(subject.getType());
      if (!onlyKinds(subjectKinds, 'string'))
        throw new LowerError(
          'FE_UNSUPPORTED_TYPE',
          subject,
          `regex test of a value of type ${describeKinds(subjectKinds)}`,
          "test strings only; write `re.test(s ?? '')` for a field that may be absent",
        );
      return ir.regexTest(this.regexPattern(regex), this.lower(subject, scope), sp);
    }
    if (kindsOf(recv.getType()).has('any'))
      throw new LowerError(
        'FE_ANY_TYPE',
        recv,
        `\`${abbreviate(recv.getText())}\` has type any`,
        'give it a precise type',
      );
    if (this.pseudoOf(recv, scope) !== undefined)
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        `\`${method}\` is not a method of the rule context`,
        'read its fields',
      );

    const recvKinds = presentKinds(kindsOf(recv.getType()));
    const mayBeAbsent = kindsOf(n.getType()).has('undefined');
    let result: Expr;
    if (recvKinds.size === 1 && recvKinds.has('list')) {
      if (MUTATING_METHODS.has(method))
        throw new LowerError(
          'FE_MUTATION',
          n,
          `Array.${method} mutates the array`,
          'compute a new list instead (filter, map, [...a, ...b])',
        );
      if (COMPREHENSIONS.has(method))
        result = this.comprehension(n, method as ComprehensionOp, recv, args, scope);
      else if (method === 'includes') {
        const arg = this.oneArg(n, args);
        const itemKinds = kindsOf(arg.getType());
        const elementType = recv.getType().getNonNullableType().getNumberIndexType();
        const elementKinds = elementType ? kindsOf(elementType) : new Set<ValueKind>(['other']);
        if (
          !onlyKinds(itemKinds, 'string', 'number', 'boolean', 'undefined') ||
          !onlyKinds(elementKinds, 'string', 'number', 'boolean')
        )
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            n,
            'includes() is supported on lists of strings, numbers or booleans only',
            'use some((x) => …) to compare objects field by field',
          );
        result = ir.listIncludes(this.lower(recv, scope), this.lower(arg, scope), sp);
      } else if (method === 'concat') {
        const parts = [recv, ...args];
        for (const a of args)
          if (!onlyKinds(kindsOf(a.getType()), 'list'))
            throw new LowerError(
              'FE_UNSUPPORTED_TYPE',
              a,
              'concat() arguments must be lists',
              'wrap single items: a.concat([x])',
            );
        result = ir.listConcat(
          parts.map((p) => this.lower(p, scope)),
          sp,
        );
      } else
        throw new LowerError(
          'FE_UNSUPPORTED_CALL',
          n,
          `Array.${method} is not part of the rule language`,
          'use every, some, filter, map, flatMap, includes, concat or .length',
        );
    } else if (recvKinds.size === 1 && recvKinds.has('string')) {
      if (method === 'startsWith' || method === 'endsWith' || method === 'includes') {
        const arg = this.oneArg(n, args);
        if (!onlyKinds(kindsOf(arg.getType()), 'string'))
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            arg,
            `${method}() needs a string argument`,
            "write `x ?? ''` for a value that may be absent",
          );
        result = ir.stringTest(method, this.lower(recv, scope), this.lower(arg, scope), sp);
      } else
        throw new LowerError(
          'FE_UNSUPPORTED_CALL',
          n,
          `String.${method} is not part of the rule language`,
          STRING_METHOD_HINTS[method] ??
            'use startsWith, endsWith, includes, .length or a regex literal with .test',
        );
    } else
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        `cannot call \`${method}\` on a value of type ${describeKinds(kindsOf(recv.getType()))}`,
        'see docs/rule-language.md for the supported methods',
      );
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
        ir.compare('eq', this.lower(recv, scope), ir.absent(sp), sp),
        ir.absent(sp),
        result,
        sp,
      );
    return result;
  }

  private oneArg(n: CallExpression, args: Expression[]): Expression {
    if (args.length !== 1)
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        `expected exactly one argument, got ${args.length}`,
        'optional arguments (positions, thisArg) are not supported',
      );
    return args[0]!;
  }

  /** `Object.keys(m ?? {})`: the `?? {}` is implied (objectView of absent is empty). */
  private mapOperand(arg: Expression, scope: Scope): Expr {
    const a = skipParens(arg);
    if (
      Node.isBinaryExpression(a) &&
      a.getOperatorToken().getKind() === SyntaxKind.QuestionQuestionToken
    ) {
      const right = skipParens(a.getRight());
      if (Node.isObjectLiteralExpression(right) && right.getProperties().length === 0) {
        this.requireMap(a.getLeft());
        return this.lower(a.getLeft(), scope);
      }
    }
    this.requireMap(a);
    return this.lower(a, scope);
  }

  private requireMap(n: Expression): void {
    const kinds = presentKinds(kindsOf(n.getType()));
    if (kinds.size !== 1 || !kinds.has('object'))
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        n,
        `Object.keys/values/entries of a value of type ${describeKinds(kindsOf(n.getType()))}`,
        'use it on maps such as labels, annotations or a volume source',
      );
  }

  private isGlobal(id: Node): boolean {
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

  /**
   * `list(kind, { apiVersion?, namespace?, name? })` → `lookup`; `get(kind, { …, name })` →
   * `index(lookup(…), 0)`, the object or absent. The kind and apiVersion are string literals
   * (a backend must know at compile time what to sync or authorise); the apiVersion may be
   * left out for built-in kinds. A written option is a filter even when its value is absent
   * (then nothing matches), exactly as the native `list` reads it.
   */
  private lookupCall(
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
        filters[name as 'namespace' | 'name'] = this.lower(value as Expression, scope);
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

  private helperCall(
    n: CallExpression,
    callee: import('ts-morph').Identifier,
    args: Expression[],
    scope: Scope,
    sp: Span,
  ): Expr {
    const name = callee.getText();
    if (name === 'RegExp' && this.isGlobal(callee))
      throw new LowerError(
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
      samePath(decl.getSourceFile().getFilePath(), this.core.helpersFile)
    ) {
      const expected = decl.getParameters().length;
      if (args.length !== expected)
        throw new LowerError(
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
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            a,
            `the argument of ${helper} may be undefined`,
            "supply a default, e.g. `c.image ?? ''`",
          );
      }
      const lowered = args.map((a) => this.lower(a, scope));
      const flagName = lowered[1];
      if (
        FLAG_HELPERS.includes(helper) &&
        (flagName?.kind !== 'literal' ||
          typeof flagName.value !== 'string' ||
          !FLAG_NAME_PATTERN.test(flagName.value))
      )
        throw new LowerError(
          'FE_UNSUPPORTED_CALL',
          args[1] ?? n,
          `the flag name of ${helper} must be a string literal like '--profiling'`,
          'write the flag as a literal (or a module-level const): two dashes and the name, without `=value`',
        );
      return ir.call(helper, lowered, sp);
    }
    const builtin = this.isGlobal(callee) ? GLOBAL_FUNCTION_HINTS[name] : undefined;
    throw new LowerError(
      'FE_UNSUPPORTED_CALL',
      n,
      `\`${name}\` is not a function kpc can lower`,
      builtin ??
        (decl !== undefined && !decl.getSourceFile().isDeclarationFile()
          ? `kpc lowers only the rule's own each/check/message functions: inline \`${name}\`'s expression there (a \`const\` in the function body is fine); callable: the @kpc/core helpers (${HELPER_NAMES.join(', ')}) and the documented methods`
          : `only the @kpc/core helpers (${HELPER_NAMES.join(', ')}) and the documented methods can be called`),
    );
  }

  // ------------------------------------------------------------- comprehension

  private comprehension(
    n: CallExpression,
    op: ComprehensionOp,
    recv: Expression,
    args: Expression[],
    scope: Scope,
  ): Expr {
    const sp = this.span(n);
    if (args.length !== 1)
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        n,
        `${op}() takes exactly one callback here`,
        'remove the thisArg',
      );
    const fn = skipParens(args[0]!);
    if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn))
      throw new LowerError(
        'FE_UNSUPPORTED_CALL',
        fn,
        `the callback of ${op}() must be an inline arrow function`,
        `write xs.${op}((x) => …)`,
      );
    this.checkFunctionShape(fn);
    const params = fn.getParameters();
    if (params.length !== 1)
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        params.length === 0 ? fn : params[1]!,
        `the callback of ${op}() must take exactly one parameter`,
        'the index and array parameters are not supported',
      );
    const p = params[0]!;
    const nameNode = p.getNameNode();
    const inner = scope.child();
    const variable = inner.fresh(Node.isIdentifier(nameNode) ? nameNode.getText() : 'item');
    const v = ir.ref(variable, this.span(nameNode));
    if (Node.isIdentifier(nameNode)) inner.bind(this.symbolOf(nameNode), { kind: 'expr', expr: v });
    else this.bindPattern(nameNode as ObjectBindingPattern | ArrayBindingPattern, v, inner);
    const bodyMode: Mode = op === 'map' || op === 'flatMap' ? 'value' : 'bool';
    const body = this.lowerBody(fn.getBody(), inner, bodyMode);
    if (op === 'flatMap') {
      const bodyNode = fn.getBody();
      const t = Node.isBlock(bodyNode) ? fn.getReturnType() : bodyNode.getType();
      if (!onlyKinds(kindsOf(t), 'list'))
        throw new LowerError(
          'FE_UNSUPPORTED_TYPE',
          fn,
          'the flatMap callback must return a list',
          'return [x] or [] explicitly',
        );
    }
    return ir.comprehension(op, this.lower(recv, scope), variable, body, sp);
  }

  /** Rejects async, generator and parameter forms outside the subset. */
  checkFunctionShape(
    fn:
      | import('ts-morph').ArrowFunction
      | import('ts-morph').FunctionExpression
      | import('ts-morph').MethodDeclaration
      | import('ts-morph').FunctionDeclaration,
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

  // ------------------------------------------------------------- regex

  private regexLiteralOf(recv: Node): import('ts-morph').RegularExpressionLiteral | undefined {
    const r = skipParens(recv);
    if (Node.isRegularExpressionLiteral(r)) return r;
    if (Node.isIdentifier(r)) {
      const sym = r.getSymbol();
      const decl = sym ? this.declarationOf(sym) : undefined;
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

  private regexPattern(lit: import('ts-morph').RegularExpressionLiteral): string {
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

  // ------------------------------------------------------------- operators

  private binary(n: BinaryExpression, scope: Scope, mode: Mode): Expr {
    const sp = this.span(n);
    const op = n.getOperatorToken().getKind();
    const left = n.getLeft();
    const right = n.getRight();
    this.noAny(left);
    this.noAny(right);
    switch (op) {
      case SyntaxKind.EqualsEqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsEqualsToken: {
        // `x === null` is a null complaint, not a type complaint about x.
        for (const side of [left, right])
          if (skipParens(side).getKind() === SyntaxKind.NullKeyword)
            throw new LowerError(
              'FE_NULL_LITERAL',
              side,
              '`null` does not exist in kpc rules: a null field is absent',
              `write \`${n.getOperatorToken().getText()} undefined\` (a null field is absent, so this covers it)`,
            );
        // `obj === undefined` on an object or list: presence, which `truthy` decides exactly
        // (any map or list is truthy in JavaScript, even an empty one).
        const presence = this.presenceTest(left, right) ?? this.presenceTest(right, left);
        if (presence !== undefined) {
          const present = ir.truthy(presence.as, this.lower(presence.operand, scope), sp);
          return op === SyntaxKind.EqualsEqualsEqualsToken ? ir.not(present, sp) : present;
        }
        this.requireScalar(left);
        this.requireScalar(right);
        return ir.compare(
          op === SyntaxKind.EqualsEqualsEqualsToken ? 'eq' : 'ne',
          this.lower(left, scope),
          this.lower(right, scope),
          sp,
        );
      }
      case SyntaxKind.EqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsToken:
        throw new LowerError(
          'FE_LOOSE_EQUALITY',
          n.getOperatorToken(),
          `loose equality \`${n.getOperatorToken().getText()}\` is not allowed`,
          `use \`${op === SyntaxKind.EqualsEqualsToken ? '===' : '!=='}\` (null and undefined are both "absent" and compare equal with === undefined)`,
        );
      case SyntaxKind.LessThanToken:
      case SyntaxKind.LessThanEqualsToken:
      case SyntaxKind.GreaterThanToken:
      case SyntaxKind.GreaterThanEqualsToken: {
        const lk = kindsOf(left.getType());
        const rk = kindsOf(right.getType());
        const numbers = onlyKinds(lk, 'number') && onlyKinds(rk, 'number');
        const strings = onlyKinds(lk, 'string') && onlyKinds(rk, 'string');
        if (lk.size === 0 || rk.size === 0 || (!numbers && !strings))
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            n,
            `ordering needs two numbers or two strings, not ${describeKinds(lk)} and ${describeKinds(rk)}`,
            'supply defaults for absent values, e.g. `(x ?? 0) > 0`',
          );
        const ops: Record<number, CompareOp> = {
          [SyntaxKind.LessThanToken]: 'lt',
          [SyntaxKind.LessThanEqualsToken]: 'le',
          [SyntaxKind.GreaterThanToken]: 'gt',
          [SyntaxKind.GreaterThanEqualsToken]: 'ge',
        };
        return ir.compare(ops[op]!, this.lower(left, scope), this.lower(right, scope), sp);
      }
      case SyntaxKind.AmpersandAmpersandToken:
      case SyntaxKind.BarBarToken: {
        if (mode === 'value' && !(this.isStrictBoolean(left) && this.isStrictBoolean(right)))
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            n,
            `the value of \`${n.getOperatorToken().getText()}\` is one of its operands; here it is used as a value and the operands are not both booleans`,
            'use it only as a condition, or write a conditional `a ? b : c` / `??` for values',
          );
        const operands: Expr[] = [];
        this.flattenLogical(n, op, scope, operands);
        return op === SyntaxKind.AmpersandAmpersandToken
          ? ir.and(operands, sp)
          : ir.or(operands, sp);
      }
      case SyntaxKind.QuestionQuestionToken:
        return ir.coalesce(this.lower(left, scope), this.lower(right, scope), sp);
      case SyntaxKind.PlusToken:
        return this.plus(n, scope);
      case SyntaxKind.CommaToken:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          'the comma operator is not allowed',
          'write one expression',
        );
      case SyntaxKind.InKeyword:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          '`in` is not supported',
          'compare the field with `!== undefined`',
        );
      case SyntaxKind.InstanceOfKeyword:
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n,
          '`instanceof` is not supported',
          'rely on the declared types',
        );
      default:
        if (isAssignmentOperator(op))
          throw new LowerError(
            'FE_MUTATION',
            n,
            'assignments are not allowed in rule functions',
            'use `const` bindings and expressions',
          );
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          n.getOperatorToken(),
          `the operator \`${n.getOperatorToken().getText()}\` is not part of the rule language`,
          'see docs/rule-language.md for the supported operators',
        );
    }
  }

  private flattenLogical(n: Expression, op: SyntaxKind, scope: Scope, out: Expr[]): void {
    const e = skipParens(n);
    if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === op) {
      this.flattenLogical(e.getLeft(), op, scope, out);
      this.flattenLogical(e.getRight(), op, scope, out);
      return;
    }
    out.push(
      this.recover(
        () => this.lowerBool(e, scope),
        () => ir.literal(false, this.span(e)),
      ),
    );
  }

  private isStrictBoolean(n: Node): boolean {
    const k = kindsOf(n.getType());
    return k.size === 1 && k.has('boolean');
  }

  /** `operand === undefined` where operand is an optional object or list. */
  private presenceTest(
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
  private noAny(n: Node): void {
    if (kindsOf(n.getType()).has('any'))
      throw new LowerError(
        'FE_ANY_TYPE',
        n,
        `\`${abbreviate(n.getText())}\` has type any`,
        'give it a precise type (kpc decides truthiness, equality and + by type)',
      );
  }

  private requireScalar(n: Expression): void {
    this.noAny(n);
    const k = kindsOf(n.getType());
    if (k.size === 0 || !onlyKinds(k, 'boolean', 'string', 'number', 'undefined', 'null'))
      throw new LowerError(
        'FE_UNSUPPORTED_TYPE',
        n,
        `=== and !== compare strings, numbers, booleans and undefined only; this is ${describeKinds(k)}`,
        'compare a field of the object, or test presence with `!== undefined` on a scalar field',
      );
  }

  private plus(n: BinaryExpression, scope: Scope): Expr {
    const k = kindsOf(n.getType());
    if (!(k.size === 1 && k.has('string')))
      throw new LowerError(
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
    return ir.concat(this.concatParts(parts, scope), this.span(n));
  }

  private template(n: import('ts-morph').TemplateExpression, scope: Scope): Expr {
    const out: Expr[] = [];
    const head = n.getHead().getLiteralText();
    if (head !== '') out.push(ir.literal(head, this.span(n.getHead())));
    for (const s of n.getTemplateSpans()) {
      out.push(...this.concatParts([s.getExpression()], scope));
      const text = s.getLiteral().getLiteralText();
      if (text !== '') out.push(ir.literal(text, this.span(s.getLiteral())));
    }
    return ir.concat(out, this.span(n));
  }

  private concatParts(parts: Expression[], scope: Scope): Expr[] {
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
      const e = this.lower(p, scope);
      if (e.kind === 'concat') out.push(...e.parts);
      else out.push(e);
    }
    return out;
  }

  private prefixUnary(n: import('ts-morph').PrefixUnaryExpression, scope: Scope): Expr {
    const op = n.getOperatorToken();
    const operand = n.getOperand();
    if (op === SyntaxKind.ExclamationToken)
      return ir.not(this.lowerBool(operand, scope), this.span(n));
    if (op === SyntaxKind.MinusToken) {
      const o = skipParens(operand);
      if (Node.isNumericLiteral(o)) return this.number(n, -o.getLiteralValue());
    }
    if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken)
      throw new LowerError(
        'FE_MUTATION',
        n,
        '`++` and `--` mutate a variable',
        'compute a new value instead',
      );
    throw new LowerError(
      'FE_UNSUPPORTED_SYNTAX',
      n,
      'arithmetic is not part of the rule language',
      'compare values directly',
    );
  }

  private arrayLiteral(n: import('ts-morph').ArrayLiteralExpression, scope: Scope): Expr {
    const sp = this.span(n);
    const segments: Expr[] = [];
    let items: Expr[] = [];
    let spreads = 0;
    for (const el of n.getElements()) {
      if (Node.isOmittedExpression(el))
        throw new LowerError(
          'FE_UNSUPPORTED_SYNTAX',
          el,
          'holes in array literals are not supported',
          'remove the extra comma',
        );
      if (Node.isSpreadElement(el)) {
        spreads++;
        if (items.length > 0) segments.push(ir.list(items, this.span(el)));
        items = [];
        const inner = el.getExpression();
        if (!onlyKinds(presentKinds(kindsOf(inner.getType())), 'list'))
          throw new LowerError(
            'FE_UNSUPPORTED_TYPE',
            inner,
            'only lists can be spread',
            'spread arrays: [...a, ...(b ?? [])]',
          );
        segments.push(this.lower(inner, scope));
      } else items.push(this.lower(el as Expression, scope));
    }
    if (spreads === 0) return ir.list(items, sp);
    if (items.length > 0) segments.push(ir.list(items, sp));
    return ir.listConcat(segments, sp);
  }
}

// ------------------------------------------------------------- utilities

function skipParens(n: Expression): Expression;
function skipParens(n: Node): Node;
function skipParens(n: Node): Node {
  let e = n;
  while (Node.isParenthesizedExpression(e)) e = e.getExpression();
  return e;
}

export { skipParens };

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

function isBooleanExpr(e: Expr): boolean {
  if (BOOLEAN_NODES.has(e.kind)) return true;
  if (e.kind === 'literal') return typeof e.value === 'boolean';
  if (e.kind === 'comprehension') return e.op === 'every' || e.op === 'some';
  if (e.kind === 'cond') return isBooleanExpr(e.then) && isBooleanExpr(e.otherwise);
  if (e.kind === 'let') return isBooleanExpr(e.body);
  return false;
}

function isAssignmentOperator(op: SyntaxKind): boolean {
  return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
}

/** `new RegExp(…)` (not any `new`: `new Date()` is another mistake with its own message). */
function isNewRegExp(e: Node): boolean {
  return Node.isNewExpression(e) && e.getExpression().getText() === 'RegExp';
}

function isMutation(e: Node): boolean {
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

function isGlobalUndefined(sym: TsSymbol): boolean {
  return sym.getDeclarations().length === 0 || sym.getName() === 'undefined';
}

/** A bound ref takes the span of its use site; other substituted expressions keep theirs. */
function withSpanIfRef(e: Expr, span: Span): Expr {
  return e.kind === 'ref' ? ir.ref(e.name, span) : e;
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\\/g, '/') === b.replace(/\\/g, '/');
}

function abbreviate(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
