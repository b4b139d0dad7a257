/**
 * The contract between the CLI and every backend. A backend is a pure function from frozen
 * input to files and diagnostics: no I/O, no module-level caches.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RuleIR } from '../ir/rule-ir.ts';
import type { ControlMapping, RuleExample, RuleSeverity } from '../rule/define-rule.ts';

/** What the cluster does with a violation. `off` rules are never passed to a backend. */
export type RuleAction = 'enforce' | 'audit' | 'warn';

/** The descriptive part of a rule that backends put into annotations and docs. */
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

/** One rule to compile, with its configuration applied. */
export interface CompileRuleInput {
  readonly ir: RuleIR;
  readonly meta: RuleMetadata;
  readonly action: RuleAction;
  /** Parameter values: the rule's defaults overridden by config. */
  readonly params: Readonly<Record<string, string | readonly string[] | number | boolean>>;
  /** Namespaces the policy must not apply to. */
  readonly excludedNamespaces: readonly string[];
  /** The rule's examples, for kyverno-test.yaml / gator suite.yaml. */
  readonly examples: {
    readonly pass: readonly RuleExample[];
    readonly fail: readonly RuleExample[];
  };
}

/** A file a backend wants written, relative to the output directory, with `/` separators. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

export interface BackendOutput {
  readonly files: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
}

export type BackendName = 'kyverno' | 'gatekeeper';
