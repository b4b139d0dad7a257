import type { Expr } from '@kpc/ir';
import type { CallExpression, Expression, KindToNodeMappings, SyntaxKind } from 'ts-morph';
import type { LowerError } from '../lower-error.ts';
import type { ExprLowerer } from '../lower-expr.ts';
import type { Scope } from '../scope.ts';

/** How the value of an expression is used: as itself, or only for its truthiness. */
export type Mode = 'value' | 'bool';

/** A name that stands for the rule context or its params, not for a value. */
export type Pseudo =
  | { readonly kind: 'ctx' }
  | { readonly kind: 'params' }
  | { readonly kind: 'lookups'; readonly op: 'list' | 'get' };

/** The errors a handler found at its own node (never empty). */
export type Rejected = readonly [LowerError, ...LowerError[]];

/** What a handler gives back: the node's IR expression, or why it cannot be lowered. */
export type Lowered = Expr | Rejected;

/**
 * Lowers one node of the syntax kind it is registered under. It returns the errors it finds
 * at its own node; an error inside an operand arrives as a thrown LowerError from `cx.lower`,
 * which stops this handler too and is recorded at the nearest recovery boundary (a statement,
 * a `&&`/`||` operand: ExprLowerer.collectErrors).
 */
export type ExprHandler<N> = (cx: ExprLowerer, n: N, scope: Scope, mode: Mode) => Lowered;

/** Handlers by syntax kind, each typed with its kind's node class. */
export type HandlerTable = { readonly [K in SyntaxKind]?: ExprHandler<KindToNodeMappings[K]> };

export function isRejected(l: Lowered): l is Rejected {
  return Array.isArray(l);
}

/** A method call `recv.method(...args)`, as the call handlers pass it on. */
export interface MethodCall {
  readonly n: CallExpression;
  readonly method: string;
  readonly recv: Expression;
  readonly args: Expression[];
}
