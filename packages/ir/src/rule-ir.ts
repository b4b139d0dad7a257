import type { Expr } from './nodes/expr.ts';
import type { ParamSpec } from './rule-meta.ts';

/** The version of the IR document format. Bump on any change of node shape or meaning. */
export const IR_VERSION = 1 as const;

/** A Kubernetes group/version/kind. `group` is `''` for the core group. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * What a rule applies to: `podSpec` means every place a pod spec lives (see
 * `POD_SPEC_LOCATIONS` in targets.ts); `resources` means objects of the listed kinds.
 */
export type RuleTarget =
  | { readonly kind: 'podSpec' }
  | { readonly kind: 'resources'; readonly resources: readonly GroupVersionKind[] };

/** The type of a rule parameter. */
export type ParamType = ParamSpec['type'];

/**
 * One rule, lowered. `each` yields the elements (null: the target itself is the only
 * element: the pod spec for podSpec targets, else the object); `check` is true when an
 * element passes; `message` names an offending element.
 * Scopes: `each` sees `object`, `metadata`, `spec` and params; `check` and `message`
 * also see `element`.
 */
export interface RuleIR {
  readonly irVersion: typeof IR_VERSION;
  readonly id: string;
  readonly target: RuleTarget;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly each: Expr | null;
  readonly check: Expr;
  readonly message: Expr;
}
