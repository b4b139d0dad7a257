/**
 * Rule metadata and parameter types: one definition shared by the authoring API (`@kpc/core`),
 * the reporters, the docs generator and every backend.
 */

export type RuleSeverity = 'low' | 'medium' | 'high' | 'critical';

/** Where a control mapping comes from; one entry per standard. */
export type ControlMapping =
  | {
      readonly standard: 'pss';
      readonly level: 'baseline' | 'restricted';
      readonly control: string;
    }
  | {
      readonly standard: 'cis';
      readonly id: string;
      readonly title?: string;
      /** The benchmark the id comes from, e.g. `CIS Kubernetes Benchmark v1.9.0`. */
      readonly benchmark?: string;
    }
  | { readonly standard: 'nsa-cisa'; readonly section: string; readonly title?: string }
  | { readonly standard: 'bsi'; readonly id: string; readonly title?: string };

/**
 * One control mapping as a short reference, e.g. `pss:restricted/runAsNonRoot`, `cis:5.2.2`: the
 * form of the `kpc.dev/controls` annotation on every generated policy.
 */
export function controlRef(c: ControlMapping): string {
  switch (c.standard) {
    case 'pss':
      return `pss:${c.level}/${c.control}`;
    case 'cis':
      return `cis:${c.id}`;
    case 'nsa-cisa':
      return `nsa-cisa:${c.section}`;
    case 'bsi':
      return `bsi:${c.id}`;
  }
}

/** A rule parameter: its type, a default, and what it means. */
export type ParamSpec =
  | { readonly type: 'string'; readonly default: string; readonly description: string }
  | {
      readonly type: 'string[]';
      readonly default: readonly string[];
      readonly description: string;
      /**
       * What each element must be, checked when the configuration is loaded:
       * `image-pattern`, an `allowed-images` glob (@kpc/ir imagePatternProblem).
       */
      readonly format?: 'image-pattern';
    }
  | { readonly type: 'integer'; readonly default: number; readonly description: string }
  | { readonly type: 'boolean'; readonly default: boolean; readonly description: string };

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The parameter types, in the order docs and hints list them. */
export const PARAM_TYPES = ['string', 'string[]', 'integer', 'boolean'] as const;

/**
 * Whether `value` is a value of parameter type `type`; undefined when `type` is not a parameter
 * type. One check for the frontend (a rule's defaults), the IR validator and config values.
 */
export function fitsParamType(type: unknown, value: unknown): boolean | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((s) => typeof s === 'string');
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return undefined;
  }
}

/** A frozen `ParamSpec`, or undefined when `dflt` is not a value of `type`. */
export function paramSpec(
  type: unknown,
  dflt: unknown,
  description: string,
): ParamSpec | undefined {
  if (fitsParamType(type, dflt) !== true) return undefined;
  const value = Array.isArray(dflt) ? Object.freeze([...dflt]) : dflt;
  return Object.freeze({ type, description, default: value } as ParamSpec);
}

/**
 * A manifest example, as YAML text. `expect` on a failing example lists the JSON Pointers
 * of the offending elements, in order, when the rule reports per element.
 */
export interface RuleExample {
  readonly name: string;
  readonly yaml: string;
  readonly offending?: readonly string[];
  /** Parameter values for this example (overriding the rule's defaults). */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * The other objects of the cluster, for a rule that reads them (`list`/`get`): YAML, one or
   * more documents. The example's object set is these objects and the example itself.
   */
  readonly cluster?: string;
}

/** What the cluster does with a violation. `off` rules are never passed to a backend. */
export type RuleAction = 'enforce' | 'audit' | 'warn';

/** The descriptive part of a rule that reporters and backends show (annotations, docs). */
export interface RuleMetadata {
  /** Stable, kebab-case id; the file name of a catalog rule. */
  readonly id: string;
  readonly title: string;
  /** What the rule checks, in one or two sentences. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix an offending manifest. */
  readonly remediation: string;
  readonly severity: RuleSeverity;
  /** Free-form group for docs and policy annotations, e.g. "Pod Security Standards (Baseline)". */
  readonly category: string;
  readonly controls: readonly ControlMapping[];
  /**
   * The kinds the rule's `list`/`get` read besides its subject (kind names, any apiVersion),
   * each once. Absent or empty: the rule reads only its subject. A rule with reads is
   * *referential* (docs/rule-language.md, "Other objects"): lint judges it against the whole
   * object set, and a read of an undeclared kind is an error at run time
   * (RULE_UNDECLARED_READ) and at compile time (FE_UNDECLARED_READ).
   */
  readonly reads?: readonly string[];
}

/** The kinds a rule declares it reads (`reads`; empty when it declares none). */
export function declaredReads(rule: Pick<RuleMetadata, 'reads'>): readonly string[] {
  return rule.reads ?? [];
}

/** The `reads` declaration of `kinds`, as a rule writes it: `reads: ['NetworkPolicy']` (hints). */
export function readsDeclaration(kinds: readonly string[]): string {
  return `reads: [${kinds.map((k) => `'${k}'`).join(', ')}]`;
}

/** True when the rule declares that it reads other objects (non-empty `reads`). */
export function isReferential(rule: Pick<RuleMetadata, 'reads'>): boolean {
  return declaredReads(rule).length > 0;
}
