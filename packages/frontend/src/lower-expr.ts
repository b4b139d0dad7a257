/**
 * Lowers TypeScript expressions (in the documented subset, see docs/rule-language.md) into
 * Rule IR. ExprLowerer holds what one source file's lowering shares — the file name, the
 * `@kpc/core` declarations it recognises, the error recovery — and dispatches each
 * expression by its syntax kind to the handler of that construct (lower/*.ts: literals,
 * bindings, access, calls, operators, assertions; statements and hints). Every decision that
 * depends on types (truthiness, equality, `+`, `.length`, `includes`) asks the type checker.
 * Anything outside the subset is a LowerError; nothing is ever approximated.
 */

import type { Expr, Span, TruthyNode } from '@kpc/ir';
import { ir } from '@kpc/ir';
import { type Expression, Node } from 'ts-morph';
import { ACCESS_HANDLERS } from './lower/access.ts';
import { ASSERTION_HANDLERS } from './lower/assertions.ts';
import { BINDING_HANDLERS, pseudoOf } from './lower/bindings.ts';
import { CALL_HANDLERS } from './lower/calls.ts';
import {
  type ExprHandler,
  type HandlerTable,
  isRejected,
  type Lowered,
  type Mode,
} from './lower/handler.ts';
import { EXPRESSION_REJECTIONS, rejectionAt, syntaxName } from './lower/hints.ts';
import { LITERAL_HANDLERS } from './lower/literals.ts';
import { OPERATOR_HANDLERS } from './lower/operators.ts';
import { abbreviate, skipParens } from './lower/syntax.ts';
import { LowerError, LowerErrors, spanOf } from './lower-error.ts';
import { Scope } from './scope.ts';
import { describeKinds, kindsOf, presentKinds, type ValueKind } from './type-kinds.ts';

export { skipParens };

/** Where the `@kpc/core` declarations that the frontend recognises live. */
export interface CoreDeclarations {
  /** Real path of rule/helpers.ts. */
  readonly helpersFile: string;
}

/**
 * The expression handlers of every construct, by syntax kind. A kind is handled in one
 * module only; the kinds in EXPRESSION_REJECTIONS have no handler.
 */
const HANDLERS: HandlerTable = mergeHandlers(
  LITERAL_HANDLERS,
  BINDING_HANDLERS,
  ACCESS_HANDLERS,
  CALL_HANDLERS,
  OPERATOR_HANDLERS,
  ASSERTION_HANDLERS,
);

function mergeHandlers(...tables: HandlerTable[]): HandlerTable {
  const out: Record<number, unknown> = {};
  for (const table of tables)
    for (const [kind, handler] of Object.entries(table)) {
      const k = Number(kind);
      if (k in out || k in EXPRESSION_REJECTIONS)
        throw new Error(`frontend: syntax kind ${kind} has two handlers`);
      out[k] = handler;
    }
  return out as HandlerTable;
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

/** Lowers expressions of one source file; `file` is the name used in spans. */
export class ExprLowerer {
  /** While collectErrors runs: the errors recovered from so far. */
  private collected: LowerError[] | undefined;

  /**
   * @param inProgress the module-level constants being inlined (shared with the lowerers
   *   of nested constants, to refuse cycles)
   */
  constructor(
    readonly file: string,
    readonly core: CoreDeclarations,
    private readonly inProgress = new Set<Node>(),
  ) {}

  span(node: Node): Span {
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
      collected.push(...lowerErrorsOf(e));
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

  /**
   * `fn()`, or — while collecting errors — `placeholder` after recording its errors: a
   * recovery boundary (a statement, a `&&`/`||` operand).
   */
  recover(fn: () => Expr, placeholder: () => Expr): Expr {
    if (this.collected === undefined) return fn();
    try {
      return fn();
    } catch (e) {
      this.collected.push(...lowerErrorsOf(e));
      return placeholder();
    }
  }

  /** Throws `error`, or — while collecting errors — records it and returns. */
  fail(error: LowerError): void {
    if (this.collected === undefined) throw error;
    this.collected.push(error);
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
    const pseudo = pseudoOf(n, scope);
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

  /**
   * Lowers a module-level constant's initializer (`id` names it) where it is used: with no
   * bindings and no recovery, refusing a constant that refers to itself.
   */
  lowerConstant(id: Node, decl: Node, init: Expression): Expr {
    if (this.inProgress.has(decl))
      throw new LowerError(
        'FE_UNSUPPORTED_SYNTAX',
        id,
        `\`${id.getText()}\` refers to itself`,
        'remove the cycle',
      );
    this.inProgress.add(decl);
    try {
      return new ExprLowerer(this.file, this.core, this.inProgress).lower(init, Scope.root());
    } finally {
      this.inProgress.delete(decl);
    }
  }

  /** The construct's handler for `n`'s syntax kind, or its fixed rejection. */
  private lowerNode(n: Expression, scope: Scope, mode: Mode): Expr {
    const kind = n.getKind();
    const handler = HANDLERS[kind] as ExprHandler<Expression> | undefined;
    const fixed = EXPRESSION_REJECTIONS[kind];
    const out: Lowered =
      handler !== undefined
        ? handler(this, n, scope, mode)
        : [
            fixed !== undefined
              ? rejectionAt(n, fixed)
              : new LowerError(
                  'FE_UNSUPPORTED_SYNTAX',
                  n,
                  `${syntaxName(n)} is not part of the rule language`,
                  'see docs/rule-language.md for the supported subset',
                ),
          ];
    if (!isRejected(out)) return out;
    throw out.length === 1 ? out[0] : new LowerErrors(out);
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
}

/** The lowering errors `e` carries; anything else is a bug and is thrown on. */
function lowerErrorsOf(e: unknown): readonly LowerError[] {
  if (e instanceof LowerError) return [e];
  if (e instanceof LowerErrors) return e.errors;
  throw e;
}

function isBooleanExpr(e: Expr): boolean {
  if (BOOLEAN_NODES.has(e.kind)) return true;
  if (e.kind === 'literal') return typeof e.value === 'boolean';
  if (e.kind === 'comprehension') return e.op === 'every' || e.op === 'some';
  if (e.kind === 'cond') return isBooleanExpr(e.then) && isBooleanExpr(e.otherwise);
  if (e.kind === 'let') return isBooleanExpr(e.body);
  return false;
}
