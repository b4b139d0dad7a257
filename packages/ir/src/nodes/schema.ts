/**
 * The one schema of the IR's node kinds: each kind's fields (besides `kind` and `span`) and
 * what they hold, operator enums included. The validator checks documents against it, and the
 * generic walks below find a node's sub-expressions from it, so that a walk that only needs
 * to reach every node (a capability check, a search) never lists the kinds itself. Adding a
 * node kind is a type error here (the record is keyed by every `ExprKind`) and in every
 * exhaustive visitor (`ExprVisitor`: the interpreter, the printers, the backends' lowerings),
 * and nowhere else.
 */
import { HELPER_NAMES } from './call.ts';
import type { Expr, ExprKind } from './expr.ts';

/** Fields each node kind carries besides `kind` and `span`, with their checker. */
export type FieldKind =
  | 'expr'
  /** An optional sub-expression: absent from the node, or an IR node. */
  | 'expr?'
  | 'exprs'
  | 'string'
  | 'name'
  | 'scalar'
  /** A Kubernetes apiVersion as written in manifests: `v1`, `networking.k8s.io/v1`. */
  | 'apiVersion'
  /** A Kubernetes kind name: `NetworkPolicy`. */
  | 'resourceKind'
  | { readonly oneOf: readonly string[] };

export const NODE_SCHEMA: Readonly<Record<ExprKind, Readonly<Record<string, FieldKind>>>> = {
  literal: { value: 'scalar' },
  absent: {},
  list: { items: 'exprs' },
  ref: { name: 'name' },
  param: { name: 'name' },
  get: { object: 'expr', key: 'string' },
  index: { object: 'expr', key: 'expr' },
  coalesce: { left: 'expr', right: 'expr' },
  compare: { op: { oneOf: ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] }, left: 'expr', right: 'expr' },
  logical: { op: { oneOf: ['and', 'or'] }, operands: 'exprs' },
  not: { operand: 'expr' },
  truthy: { as: { oneOf: ['boolean', 'string', 'number', 'object', 'list'] }, operand: 'expr' },
  // biome-ignore lint/suspicious/noThenProperty: the field name of the cond node
  cond: { test: 'expr', then: 'expr', otherwise: 'expr' },
  concat: { parts: 'exprs' },
  listConcat: { lists: 'exprs' },
  comprehension: {
    op: { oneOf: ['every', 'some', 'filter', 'map', 'flatMap'] },
    list: 'expr',
    variable: 'name',
    body: 'expr',
  },
  listIncludes: { list: 'expr', value: 'expr' },
  length: { operand: 'expr' },
  stringTest: {
    op: { oneOf: ['startsWith', 'endsWith', 'includes'] },
    subject: 'expr',
    argument: 'expr',
  },
  regexTest: { pattern: 'string', subject: 'expr' },
  objectView: { op: { oneOf: ['keys', 'values', 'entries'] }, object: 'expr' },
  call: { helper: { oneOf: HELPER_NAMES }, args: 'exprs' },
  let: { name: 'name', value: 'expr', body: 'expr' },
  lookup: {
    apiVersion: 'apiVersion',
    resourceKind: 'resourceKind',
    namespace: 'expr?',
    name: 'expr?',
  },
};

/** Parameter names: camelCase identifiers (Rego, CEL and TypeScript all accept them). */
export const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

/** Which field of a binding node names a variable, and in which field it is bound. */
const BINDERS: Partial<Record<ExprKind, { readonly name: string; readonly in: string }>> = {
  comprehension: { name: 'variable', in: 'body' },
  let: { name: 'name', in: 'body' },
};

/** Calls `f` on each direct sub-expression of `e`, in schema order, with the field holding it. */
export function forEachChild(e: Expr, f: (child: Expr, field: string) => void): void {
  const node = e as unknown as Readonly<Record<string, unknown>>;
  for (const [key, field] of Object.entries(NODE_SCHEMA[e.kind])) {
    if (field === 'expr') f(node[key] as Expr, key);
    else if (field === 'expr?') {
      if (node[key] !== undefined) f(node[key] as Expr, key);
    } else if (field === 'exprs') for (const c of node[key] as readonly Expr[]) f(c, key);
  }
}

/** The direct sub-expressions of `e`, in schema order. */
export function children(e: Expr): Expr[] {
  const out: Expr[] = [];
  forEachChild(e, (c) => {
    out.push(c);
  });
  return out;
}

/**
 * Calls `f` on `e` and every node below it (pre-order), with the names bound there by
 * enclosing comprehensions and `let`s (`scope` at `e`).
 */
export function forEachExpr(
  e: Expr,
  f: (node: Expr, scope: ReadonlySet<string>) => void,
  scope: ReadonlySet<string> = new Set(),
): void {
  f(e, scope);
  const binder = BINDERS[e.kind];
  const bound =
    binder === undefined
      ? undefined
      : new Set([...scope, (e as unknown as Readonly<Record<string, string>>)[binder.name]!]);
  forEachChild(e, (c, field) => {
    forEachExpr(c, f, bound !== undefined && binder?.in === field ? bound : scope);
  });
}
