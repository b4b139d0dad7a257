/**
 * The contract between the compile pipeline and every backend. A backend is a pure function
 * from frozen input to files and diagnostics: no I/O, no module-level caches.
 */
import type {
  Diagnostic,
  PodSpecLocation,
  RuleAction,
  RuleExample,
  RuleMetadata,
  SchemaTypeData,
  SourceLocation,
  ValidatedRuleIR,
} from '@kpc/ir';

export type { RuleAction, RuleMetadata };

/** One rule to compile, with its configuration applied. */
export interface CompileRuleInput {
  /** The rule, validated (`validateRuleIR`): backends lower only validated IR. */
  readonly ir: ValidatedRuleIR;
  readonly meta: RuleMetadata;
  /**
   * Where the rule is defined, for the header of its policies: `@kpc/rules` for a catalog
   * rule, else its file relative to the project (the config's directory), `/`-separated.
   * Absent: the header names the rule id only.
   */
  readonly source?: string;
  readonly action: RuleAction;
  /** Parameter values: the rule's defaults overridden by config. */
  readonly params: Readonly<Record<string, string | readonly string[] | number | boolean>>;
  /** Namespaces the policy must not apply to. */
  readonly excludedNamespaces: readonly string[];
  /**
   * The active exceptions that exempt objects from this rule (expired ones are dropped
   * before compiling), in source order. Absent means none.
   */
  readonly exceptions?: readonly CompileException[];
  /**
   * Where pod specs live, for PodSpec rules: the built-in kinds and the project's custom
   * kinds (config `podTemplates`, `podSpecLocationsOf`). Absent: the built-in kinds only.
   */
  readonly podSpecLocations?: readonly PodSpecLocation[];
  /**
   * The Kubernetes structure map (`@kpc/core`'s `k8sStructure()`) for static types from the
   * schema (`ruleRootSchemaTypes` and `childSchemaType` in `@kpc/ir`; docs/ir.md, "Static
   * types from the schema"): backends omit guards the schema makes impossible. Absent: no
   * type is known and every guard stays.
   */
  readonly schemaTypes?: SchemaTypeData;
  /** The rule's examples, for kyverno-test.yaml / gator suite.yaml. */
  readonly examples: {
    readonly pass: readonly RuleExample[];
    readonly fail: readonly RuleExample[];
  };
}

/**
 * An exception as the backends see it: plain data with the meaning of docs/exceptions.md
 * (`@kpc/core`'s ResolvedException fits). Selectors combine with and; `resources` entries
 * and `namespaces` globs with or; globs: `*` any run of characters, `?` one character.
 */
export interface CompileException {
  readonly id: string;
  readonly resources?: readonly {
    readonly kind?: string;
    readonly namespace?: string;
    readonly name?: string;
  }[];
  readonly namespaces?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly images?: readonly string[];
  readonly reason: string;
  readonly owner: string;
  /** `YYYY-MM-DD` (stops applying at 00:00 UTC that day) or `never`. */
  readonly expires: string;
  /** Where it is written, for diagnostics. */
  readonly location?: SourceLocation;
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
   * Subdirectories of the deployable tree that must be applied one after the other, in
   * order (Gatekeeper: `templates` before `constraints`, whose kinds the templates create).
   * Each gets its own kustomization.yaml listing its files, and the tree's kustomization.yaml
   * lists the stages, so that a GitOps tool can sync each stage on its own (layout.ts).
   * Absent: one kustomization.yaml lists every deployable file.
   */
  readonly stages?: readonly string[];
  /**
   * Files relative to the backend's own directory (in the tree each file names), and
   * diagnostics. Must not throw for any
   * valid IR: a construct it cannot translate exactly is an error diagnostic (fail closed).
   */
  compile(inputs: readonly CompileRuleInput[]): BackendOutput;
}
