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
  | { readonly standard: 'cis'; readonly id: string; readonly title?: string }
  | { readonly standard: 'nsa-cisa'; readonly section: string; readonly title?: string }
  | { readonly standard: 'bsi'; readonly id: string; readonly title?: string };

/** A rule parameter: its type, a default, and what it means. */
export type ParamSpec =
  | { readonly type: 'string'; readonly default: string; readonly description: string }
  | { readonly type: 'string[]'; readonly default: readonly string[]; readonly description: string }
  | { readonly type: 'integer'; readonly default: number; readonly description: string }
  | { readonly type: 'boolean'; readonly default: boolean; readonly description: string };

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

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
}

/** What the cluster does with a violation. `off` rules are never passed to a backend. */
export type RuleAction = 'enforce' | 'audit' | 'warn';

/** The descriptive part of a rule that reporters and backends show (annotations, docs). */
export interface RuleMetadata {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly rationale: string;
  readonly remediation: string;
  readonly severity: RuleSeverity;
  readonly category: string;
  readonly controls: readonly ControlMapping[];
}
