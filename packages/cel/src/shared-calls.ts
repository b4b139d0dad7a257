/**
 * One evaluation of a helper call written more than once in a condition
 * (`imageDigest(i) !== undefined || (imageTag(i) !== undefined && imageTag(i) !== 'latest')`):
 * the call is bound once with a `let` around the condition, and each occurrence reads the
 * name. Helpers are total and pure (docs/ir.md, "Helpers"), so evaluating one eagerly, once,
 * gives the same value as evaluating it where it was written: the meaning is unchanged, the
 * CEL is shorter and the runtime cost lower.
 */
import { type Expr, forEachExpr, ir, NODE_SCHEMA } from '@kpc/ir';

/**
 * The name the shared value is bound to: not a valid IR name (so it hides no name of the
 * rule), nor a safe CEL variable name (the lowering gives it a fresh `kpc<n>` name), and
 * one per call (a share nested in another must not hide it).
 */
const sharedName = (key: string): string => `#shared ${key}`;

/**
 * `e` with the first helper call that occurs at least twice in it bound once by a `let`,
 * or undefined when there is none. A call is shared only when none of the names it reads is
 * bound inside `e` between `e` and an occurrence (it would then not be the same value).
 */
export function shareRepeatedCall(e: Expr): Expr | undefined {
  const counts = new Map<string, { node: Expr; count: number; movable: boolean }>();
  forEachExpr(e, (node, scope) => {
    if ((node.kind !== 'call' && node.kind !== 'coalesce') || node === e) return;
    const key = keyOf(node);
    const seen = counts.get(key) ?? { node, count: 0, movable: true };
    seen.count++;
    if (freeNames(node).some((name) => scope.has(name))) seen.movable = false;
    counts.set(key, seen);
  });
  for (const [key, { node, count, movable }] of counts) {
    if (count < 2 || !movable) continue;
    return ir.let_(sharedName(key), node, replaceAll(e, key, ir.ref(sharedName(key))));
  }
  return undefined;
}

/** Structural identity of a node, spans ignored (the same source text may sit elsewhere). */
function keyOf(e: Expr): string {
  return JSON.stringify(e, (k, v) => (k === 'span' ? undefined : v));
}

/** Names a node reads that it does not bind itself. */
function freeNames(e: Expr): string[] {
  const out: string[] = [];
  forEachExpr(e, (node, scope) => {
    if (node.kind === 'ref' && !scope.has(node.name)) out.push(node.name);
  });
  return out;
}

/** `e` with every subtree whose key is `key` replaced by `by`. */
function replaceAll(e: Expr, key: string, by: Expr): Expr {
  if (keyOf(e) === key) return by;
  const node = e as unknown as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = { ...node };
  for (const [field, kind] of Object.entries(NODE_SCHEMA[e.kind])) {
    const v = node[field];
    if (kind === 'expr' || (kind === 'expr?' && v !== undefined))
      out[field] = replaceAll(v as Expr, key, by);
    else if (kind === 'exprs')
      out[field] = (v as readonly Expr[]).map((c) => replaceAll(c, key, by));
  }
  return out as unknown as Expr;
}
