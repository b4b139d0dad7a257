/**
 * The rule authoring API. A rule is plain data plus three small functions (`each`,
 * `check`, `message`) written in the documented TypeScript subset (docs/rule-language.md),
 * so that the frontend can lower them to the Rule IR and the native engine can run them as
 * they are.
 */

import {
  type ControlMapping,
  fitsParamType,
  PARAM_NAME,
  type ParamSpec,
  type ParamSpecs,
  type RuleExample,
  type RuleMetadata,
  type RuleSeverity,
} from '@kpc/ir';
import type { ObjectLookups } from '../engine/lookups.ts';
import type { KindTypes, ObjectMeta, PodSpec, Workload } from '../k8s/types.ts';

export type { ControlMapping, ParamSpec, ParamSpecs, RuleExample, RuleMetadata, RuleSeverity };

/** The TypeScript value type of each declared parameter. */
export type ParamValues<P extends ParamSpecs> = {
  readonly [K in keyof P]: P[K]['type'] extends 'string'
    ? string
    : P[K]['type'] extends 'string[]'
      ? readonly string[]
      : P[K]['type'] extends 'integer'
        ? number
        : boolean;
};

/** A kind name of `KindTypes` (built-in or added by module augmentation). */
export type KindName = keyof KindTypes;

/** Several kinds that one rule checks alike, e.g. `['Role', 'ClusterRole']` (at least one). */
export type KindList = readonly [KindName, ...KindName[]];

/** What a rule targets: `'PodSpec'`, one kind name, or a non-empty list of kind names. */
export type TargetName = 'PodSpec' | KindName | KindList;

/** The object type of a kind target: the kind's type, or the union of the listed kinds' types. */
export type TargetObject<T extends TargetName> = T extends KindName
  ? KindTypes[T]
  : T extends KindList
    ? KindTypes[T[number]]
    : never;

/**
 * What the rule's functions receive besides the element: the roots, the parameters, and
 * `list`/`get` over the other objects of the object set (a rule that calls them is
 * referential: docs/rule-language.md, "Other objects").
 */
export type RuleContext<T extends TargetName, P extends ParamSpecs> = ObjectLookups &
  (T extends 'PodSpec'
    ? {
        /** The whole workload object. */
        readonly object: Workload;
        /** The pods' metadata: the Pod's own, or the controller's pod template's. */
        readonly metadata: ObjectMeta;
        /** The pod spec. */
        readonly spec: PodSpec;
        readonly params: ParamValues<P>;
      }
    : T extends KindName | KindList
      ? {
          /** The object; for a list target, the union of the listed kinds' types. */
          readonly object: TargetObject<T>;
          readonly metadata: ObjectMeta;
          readonly params: ParamValues<P>;
        }
      : never);

/** The element a rule checks when it has no `each`: the pod spec, or the object. */
export type DefaultElement<T extends TargetName> = T extends 'PodSpec'
  ? PodSpec
  : T extends KindName | KindList
    ? TargetObject<T>
    : never;

/**
 * What `defineRule` takes. Metadata only the catalog needs — `controls` (mappings to PSS,
 * CIS, NSA-CISA, BSI) and `category` — may be left out of a user's rule: they default to no
 * controls and the category `Custom`.
 */
export interface RuleInput<T extends TargetName, E, P extends ParamSpecs>
  extends Omit<RuleDefinition<T, E, P>, 'controls' | 'category'> {
  readonly category?: string;
  readonly controls?: readonly ControlMapping[];
}

/** A rule: its metadata (shown by reporters, docs and backends), target, parameters and functions. */
export interface RuleDefinition<T extends TargetName, E, P extends ParamSpecs>
  extends RuleMetadata {
  /**
   * `'PodSpec'` (every workload kind), one kind name, or a list of kind names that the rule
   * checks alike (the object is then the union of their types; narrow on `object.kind`).
   */
  readonly target: T;
  /**
   * The kinds `list`/`get` read besides the subject, e.g. `['NetworkPolicy']` (each once).
   * Required for a rule that calls them: a read of another kind fails the rule at run time
   * (RULE_UNDECLARED_READ) and at compile time (FE_UNDECLARED_READ). Leave it out for a rule
   * that reads only its subject: `kpc lint` then lints it on worker threads and in one pass.
   */
  readonly reads?: readonly KindName[];
  readonly params?: P;
  /** The elements to check, e.g. every container; without it the element is the target itself. */
  readonly each?: (ctx: RuleContext<T, P>) => readonly E[];
  /** True when the element passes. */
  readonly check: (element: E, ctx: RuleContext<T, P>) => boolean;
  /** Names the offending element and says what to do. */
  readonly message: (element: E, ctx: RuleContext<T, P>) => string;
  readonly examples: {
    readonly pass: readonly RuleExample[];
    readonly fail: readonly RuleExample[];
  };
  /** Notes on edge cases (absent vs false, pod vs container precedence, …), for the docs. */
  readonly notes?: readonly string[];
}

/** A defined rule: the definition, frozen, with `kind` for recognition. */
export type Rule<
  T extends TargetName = TargetName,
  E = unknown,
  P extends ParamSpecs = ParamSpecs,
> = RuleDefinition<T, E, P> & { readonly kind: 'kpc-rule' };

/**
 * Any rule, for engines and registries that do not care about its types. The functions
 * use method syntax so that every typed `Rule` is assignable to it.
 */
export interface AnyRule
  extends Omit<RuleDefinition<TargetName, unknown, ParamSpecs>, 'each' | 'check' | 'message'> {
  readonly kind: 'kpc-rule';
  each?(ctx: never): readonly unknown[];
  check(element: never, ctx: never): boolean;
  message(element: never, ctx: never): string;
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The category of a rule that names none (user rules). */
export const DEFAULT_CATEGORY = 'Custom';

/**
 * Defines a rule. Fills the catalog-only metadata a user rule may leave out (`controls`:
 * none, `category`: `Custom`), checks the shape (id format, required text, parameter
 * defaults) and throws a `RuleDefinitionError` for a malformed definition; never evaluates anything.
 */
export function defineRule<
  const T extends TargetName,
  P extends ParamSpecs = Record<never, never>,
  E = DefaultElement<T>,
>(input: RuleInput<T, E, P>): Rule<T, E, P> {
  const definition: RuleDefinition<T, E, P> = {
    ...input,
    category: input.category ?? DEFAULT_CATEGORY,
    controls: input.controls ?? [],
  };
  const problems: string[] = [];
  if (!ID.test(definition.id)) problems.push(`id "${definition.id}" must be kebab-case`);
  problems.push(...targetProblems(definition.target));
  problems.push(...readsProblems(definition.reads));
  for (const key of ['title', 'description', 'rationale', 'remediation', 'category'] as const) {
    if (typeof definition[key] !== 'string' || definition[key].trim() === '')
      problems.push(`${key} is required`);
  }
  if (!Array.isArray(definition.controls)) problems.push('controls must be a list when given');
  for (const [name, spec] of Object.entries(definition.params ?? {})) {
    if (!PARAM_NAME.test(name)) problems.push(`parameter name "${name}" must be camelCase`);
    if (fitsParamType(spec.type, spec.default) !== true)
      problems.push(`parameter "${name}" default does not match type ${spec.type}`);
  }
  if (problems.length > 0) throw new RuleDefinitionError(definition.id, problems);
  const target = (
    typeof definition.target === 'string'
      ? definition.target
      : Object.freeze([...(definition.target as readonly string[])])
  ) as T;
  const reads =
    definition.reads === undefined
      ? {}
      : { reads: Object.freeze([...definition.reads]) as readonly KindName[] };
  return Object.freeze({ ...definition, target, ...reads, kind: 'kpc-rule' as const });
}

/** What is wrong with `reads` (not a list, an entry that is not a kind name, a duplicate). */
function readsProblems(reads: unknown): string[] {
  if (reads === undefined) return [];
  if (!Array.isArray(reads)) return ["reads must be a list of kind names, e.g. ['NetworkPolicy']"];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const k of reads as readonly unknown[]) {
    if (typeof k !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(k))
      problems.push(`reads entry ${JSON.stringify(k)} must be a kind name`);
    else if (seen.has(k)) problems.push(`reads names ${k} twice`);
    else seen.add(k);
  }
  return problems;
}

/** What is wrong with a target list (empty, duplicates, 'PodSpec' inside); a name is fine. */
function targetProblems(target: TargetName): string[] {
  if (typeof target === 'string') return [];
  if (!Array.isArray(target) || target.length === 0)
    return ['target must be a kind name, or a non-empty list of kind names'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const k of target as readonly unknown[]) {
    if (typeof k !== 'string' || k === 'PodSpec')
      problems.push(`target list entry ${JSON.stringify(k)} must be a kind name`);
    else if (seen.has(k)) problems.push(`target list names ${k} twice`);
    else seen.add(k);
  }
  return problems;
}

export class RuleDefinitionError extends Error {
  constructor(
    readonly ruleId: string,
    readonly problems: readonly string[],
  ) {
    super(`rule ${ruleId}: ${problems.join('; ')}`);
    this.name = 'RuleDefinitionError';
  }
}

/** True for values produced by `defineRule`. */
export function isRule(value: unknown): value is AnyRule {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'kpc-rule'
  );
}

/** The kind names of a kind target, in order (`[]` for `'PodSpec'`). */
export function targetKinds(target: TargetName): readonly string[] {
  if (target === 'PodSpec') return [];
  return typeof target === 'string' ? [target] : target;
}

/** A target for people: `PodSpec`, `Role`, or `Role, ClusterRole`. */
export function formatTarget(target: TargetName): string {
  return typeof target === 'string' ? target : target.join(', ');
}
