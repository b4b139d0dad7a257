/**
 * The contract between the compile pipeline and every backend. A backend is a pure function
 * from frozen input to files and diagnostics: no I/O, no module-level caches.
 */
import type { Diagnostic, RuleAction, RuleExample, RuleIR, RuleMetadata } from '@kpc/ir';

export type { RuleAction, RuleMetadata };

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
  /**
   * `test` for test material (kyverno-test.yaml, resources, gator suites, samples, suite
   * constraints), written under `tests/<backend>/`; absent or `deploy` for the objects to
   * apply, written under `<backend>/` and listed in its kustomization.yaml (layout.ts).
   */
  readonly tree?: 'deploy' | 'test';
}

export interface BackendOutput {
  readonly files: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A policy backend: `@kpc/compile-kyverno`'s `kyvernoBackend()`, `@kpc/compile-gatekeeper`'s
 * `gatekeeperBackend()`, or your own. Its options are fixed when it is created, so that
 * `compile` calls it with the rules only.
 */
export interface Backend {
  /**
   * The `--target` name and the output subdirectory, e.g. `kyverno` (test files go to
   * `tests/<name>/`). Kebab-case; `tests` is reserved.
   */
  readonly name: string;
  /**
   * Files relative to the backend's own directory (in the tree each file names), and
   * diagnostics. Must not throw for any
   * valid IR: a construct it cannot translate exactly is an error diagnostic (fail closed).
   */
  compile(inputs: readonly CompileRuleInput[]): BackendOutput;
}
