import type { AbsentNode } from './absent.ts';
import type { CallNode } from './call.ts';
import type { CoalesceNode } from './coalesce.ts';
import type { CompareNode } from './compare.ts';
import type { ComprehensionNode } from './comprehension.ts';
import type { ConcatNode } from './concat.ts';
import type { CondNode } from './cond.ts';
import type { GetNode } from './get.ts';
import type { IndexNode } from './index-node.ts';
import type { LengthNode } from './length.ts';
import type { LetNode } from './let.ts';
import type { ListNode } from './list.ts';
import type { ListConcatNode } from './list-concat.ts';
import type { ListIncludesNode } from './list-includes.ts';
import type { LiteralNode } from './literal.ts';
import type { LogicalNode } from './logical.ts';
import type { LookupNode } from './lookup.ts';
import type { NotNode } from './not.ts';
import type { ObjectViewNode } from './object-view.ts';
import type { ParamNode } from './param.ts';
import type { RefNode } from './ref.ts';
import type { RegexTestNode } from './regex-test.ts';
import type { StringTestNode } from './string-test.ts';
import type { TruthyNode } from './truthy.ts';

/**
 * Every IR expression. A new node kind is added here, and then nothing compiles until
 * every visitor (`ExprVisitor`) handles it.
 */
export type Expr =
  | LiteralNode
  | AbsentNode
  | ListNode
  | RefNode
  | ParamNode
  | GetNode
  | IndexNode
  | CoalesceNode
  | CompareNode
  | LogicalNode
  | NotNode
  | TruthyNode
  | CondNode
  | ConcatNode
  | ListConcatNode
  | ComprehensionNode
  | ListIncludesNode
  | LengthNode
  | StringTestNode
  | RegexTestNode
  | ObjectViewNode
  | CallNode
  | LetNode
  | LookupNode;

export type ExprKind = Expr['kind'];

/**
 * For the `default` of a `switch` over every node kind: a type error as soon as a kind is
 * not handled above it (the node is then not `never`); at run time (a malformed document)
 * the node itself, to be reported.
 */
export function unhandled(node: never): { readonly kind: unknown } {
  return node;
}

/** A visitor with one method per node kind: exhaustive by construction. */
export type ExprVisitor<R> = {
  readonly [K in ExprKind]: (node: Extract<Expr, { kind: K }>) => R;
};

/** Dispatches `node` to the visitor method for its kind. */
export function visit<R>(node: Expr, visitor: ExprVisitor<R>): R {
  const fn = visitor[node.kind] as (n: Expr) => R;
  return fn(node);
}
