/**
 * What a referential rule reads besides its subject: the kinds its `lookup` nodes list. Backends
 * use it for what to sync (Gatekeeper) or authorise (Kyverno), the engine to know that a rule
 * needs the whole object set, the VAP backend to refuse the rule.
 */
import type { Expr } from './nodes/expr.ts';
import type { LookupNode } from './nodes/lookup.ts';
import { forEachChild } from './nodes/schema.ts';
import type { RuleIR } from './rule-ir.ts';

/** One kind a rule reads: apiVersion as written in manifests, and kind. */
export interface ReferencedKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Every `lookup` node of the rule (each, check, message), in pre-order. */
export function lookupsOf(rule: Pick<RuleIR, 'each' | 'check' | 'message'>): LookupNode[] {
  const out: LookupNode[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'lookup') out.push(e);
    forEachChild(e, walk);
  };
  if (rule.each !== null) walk(rule.each);
  walk(rule.check);
  walk(rule.message);
  return out;
}

/**
 * The kinds `rule` looks up, unique, sorted by apiVersion then kind (UTF-16 code-unit order).
 * Empty: the rule reads only its subject.
 */
export function referencedKinds(
  rule: Pick<RuleIR, 'each' | 'check' | 'message'>,
): readonly ReferencedKind[] {
  const seen = new Map<string, ReferencedKind>();
  for (const l of lookupsOf(rule)) {
    const key = `${l.apiVersion}\u0000${l.resourceKind}`;
    if (!seen.has(key))
      seen.set(key, Object.freeze({ apiVersion: l.apiVersion, kind: l.resourceKind }));
  }
  return Object.freeze(
    [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v),
  );
}
